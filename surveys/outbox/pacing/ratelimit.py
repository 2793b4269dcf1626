"""Our own flood control: how fast the bot may send, so that Telegram never has to say 429.

Telegram allows about 30 messages a second across chats and about one a second in one
chat, and answers 429 with ``retry_after`` to a bot that goes faster. :class:`RateLimiter`
keeps every send inside those limits:

* an overall pace for everything the bot sends (30 messages/s by default; ``None`` or 0
  turns it off), spread evenly rather than in bursts: successive sends are at least
  ``1 / rate`` apart (virtual scheduling: the next send may go at a theoretical time that
  moves on by ``1 / rate`` with every send);
* at most one NOTICE per ``chat_interval`` seconds in one chat. Replies are never held by
  this rule (a customer who answers quickly gets the next question at once), but every
  send to a chat counts as the chat's last send;
* replies first: while any reply waits for a slot, no notice takes one;
* after a 429, :meth:`RateLimiter.pause` stops every send until ``retry_after`` has
  passed; a later, longer pause extends it, a shorter one never shortens it.

Replies wait in one queue, notices in one queue per chat, and the chats with waiting
notices are ordered by when their next notice may go. One timer sleeps until the next
instant a send may go and hands out slots then. Time is passed in (a monotonic ``now`` and
an async ``sleep``), so tests run on a fake clock.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from surveys.ports import Priority

# Instants closer than this are the same instant: sums of 1/rate drift by a few ulps.
_SLACK = 1e-9

# A chat's place among chats with waiting notices: (earliest next notice, arrival order, chat).
_Turn = tuple[float, int, int]


@dataclass(frozen=True, slots=True)
class LimiterStats:
    """Counters for monitoring, cumulative since the limiter was made."""

    let_through: int
    replies: int
    notices: int
    waited_seconds: float
    pauses: int
    paused_seconds: float
    waiting: int
    tracked_chats: int


@dataclass(frozen=True, slots=True)
class _Undo:
    """What one grant changed, so that a waiter cancelled just after it can give it back."""

    depth: int
    next_send: float
    last_send: float | None
    waited: float


class _Waiter:
    __slots__ = ("arrived", "chat_id", "future", "granted", "priority", "undo")

    def __init__(self, chat_id: int, priority: Priority, arrived: float) -> None:
        self.chat_id = chat_id
        self.priority = priority
        self.arrived = arrived
        self.future: asyncio.Future[None] | None = None
        self.granted = False
        self.undo: _Undo | None = None

    def cancelled(self) -> bool:
        return self.future is not None and self.future.cancelled()


class _ChatQueue:
    """The notices waiting for one chat, oldest first, and the chat's turn."""

    __slots__ = ("turn", "waiters")

    def __init__(self, turn: _Turn) -> None:
        self.turn = turn
        self.waiters: dict[_Waiter, None] = {}


class RateLimiter:
    """Decides when each message may go; :meth:`acquire` waits for that moment."""

    def __init__(
        self,
        per_second: float | None = 30.0,
        *,
        chat_interval: float = 1.0,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second is not None and not (math.isfinite(per_second) and per_second >= 0):
            raise ValueError(f"per_second must be None or a number >= 0, not {per_second!r}")
        if not (math.isfinite(chat_interval) and chat_interval >= 0):
            raise ValueError(f"chat_interval must be a number >= 0, not {chat_interval!r}")
        self.per_second = per_second or None
        self.chat_interval = chat_interval
        self._spacing = 1.0 / per_second if per_second else 0.0
        self._now = now
        self._sleep = sleep
        self._next_send = -math.inf  # the earliest instant of the next send, overall
        self._paused_until = -math.inf
        self._last_send: OrderedDict[int, float] = OrderedDict()  # oldest first
        self._replies: dict[_Waiter, None] = {}
        self._chats: dict[int, _ChatQueue] = {}
        self._turns: list[_Turn] = []  # a heap of the turns of self._chats
        self._order = itertools.count()
        self._timer: asyncio.Future[None] | None = None
        self._timer_at = math.inf
        self._depth = 0  # grants so far, less those given back
        self._sent = {Priority.REPLY: 0, Priority.NOTICE: 0}
        self._waited = 0.0
        self._pauses = 0
        self._paused = 0.0

    async def acquire(self, chat_id: int, priority: Priority) -> None:
        """Wait until a message to ``chat_id`` may be sent; it then counts as sent."""
        waiter = _Waiter(chat_id, priority, self._now())
        self._enqueue(waiter)
        self._pump()
        if waiter.granted:
            return
        waiter.future = asyncio.get_running_loop().create_future()
        try:
            await waiter.future
        except asyncio.CancelledError:
            self._withdraw(waiter)
            raise

    def pause(self, seconds: float) -> None:
        """Telegram said 429: send nothing for ``seconds`` (never shortens a pause in force)."""
        now = self._now()
        until = now + max(seconds, 0.0)
        self._pauses += 1
        if until > self._paused_until:
            self._paused += until - max(self._paused_until, now)
            self._paused_until = until
        self._pump()

    def pause_left(self) -> float:
        """Seconds until the pause in force ends; 0 when there is none."""
        return max(self._paused_until - self._now(), 0.0)

    async def wait_resumed(self) -> None:
        """Wait out the pause in force, if any, without taking a slot."""
        while (left := self._paused_until - self._now()) > _SLACK:
            await self._sleep(left)

    def stats(self) -> LimiterStats:
        self._forget(self._now())
        return LimiterStats(
            let_through=self._depth,
            replies=self._sent[Priority.REPLY],
            notices=self._sent[Priority.NOTICE],
            waited_seconds=self._waited,
            pauses=self._pauses,
            paused_seconds=self._paused,
            waiting=len(self._replies) + sum(len(q.waiters) for q in self._chats.values()),
            tracked_chats=len(self._last_send),
        )

    # The queues.

    def _enqueue(self, waiter: _Waiter) -> None:
        if waiter.priority == Priority.REPLY:
            self._replies[waiter] = None
            return
        chat = waiter.chat_id
        queue = self._chats.get(chat)
        if queue is None:
            turn = (max(self._ready_at(chat), waiter.arrived), next(self._order), chat)
            queue = self._chats[chat] = _ChatQueue(turn)
            heapq.heappush(self._turns, turn)
        queue.waiters[waiter] = None

    def _withdraw(self, waiter: _Waiter) -> None:
        """A waiter was cancelled: leave no trace of it."""
        if waiter.granted:
            self._give_back(waiter)
        elif waiter.priority == Priority.REPLY:
            self._replies.pop(waiter, None)
        else:
            self._drop_notice(waiter)
        self._pump()

    def _drop_notice(self, waiter: _Waiter) -> None:
        queue = self._chats.get(waiter.chat_id)
        if queue is None or waiter not in queue.waiters:
            return
        del queue.waiters[waiter]
        if not queue.waiters:
            del self._chats[waiter.chat_id]
            self._turns.remove(queue.turn)
            heapq.heapify(self._turns)

    def _head(self) -> tuple[_Waiter, float] | None:
        """The waiter next in line, and the instant its own rule lets it go."""
        while self._replies:
            waiter = next(iter(self._replies))
            if not waiter.cancelled():
                return waiter, -math.inf
            del self._replies[waiter]
        while self._turns:
            turn_at, _, chat = self._turns[0]
            queue = self._chats[chat]
            waiter = next(iter(queue.waiters))
            if waiter.cancelled():
                self._drop_notice(waiter)
                continue
            ready = self._ready_at(chat)
            if ready > turn_at + _SLACK:
                # A reply to this chat, sent since its turn was set, moved the turn later.
                queue.turn = (ready, next(self._order), chat)
                heapq.heapreplace(self._turns, queue.turn)
                continue
            return waiter, ready
        return None

    # Handing out slots.

    def _pump(self) -> None:
        """Let through everyone whose moment has come, then set the timer for the next one."""
        now = self._now()
        self._forget(now)
        while (head := self._head()) is not None:
            waiter, ready = head
            at = max(ready, self._next_send, self._paused_until)
            if at > now + _SLACK:
                self._arm(at, now)
                return
            self._grant(waiter, now)
        self._arm(None, now)

    def _grant(self, waiter: _Waiter, now: float) -> None:
        chat = waiter.chat_id
        self._depth += 1
        waited = now - waiter.arrived
        waiter.undo = _Undo(self._depth, self._next_send, self._last_send.get(chat), waited)
        waiter.granted = True
        self._next_send = max(self._next_send, now) + self._spacing
        self._last_send[chat] = now
        self._last_send.move_to_end(chat)
        if waiter.priority == Priority.REPLY:
            del self._replies[waiter]
        else:
            queue = self._chats[chat]  # its turn is at the top of the heap: it is the head
            del queue.waiters[waiter]
            if queue.waiters:
                queue.turn = (now + self.chat_interval, next(self._order), chat)
                heapq.heapreplace(self._turns, queue.turn)
            else:
                del self._chats[chat]
                heapq.heappop(self._turns)
        self._sent[waiter.priority] += 1
        self._waited += waited
        if waiter.future is not None:
            waiter.future.set_result(None)

    def _give_back(self, waiter: _Waiter) -> None:
        """Undo the grant of a waiter cancelled before it could send, if nothing came after."""
        undo = waiter.undo
        if undo is None or undo.depth != self._depth:
            return
        chat = waiter.chat_id
        self._depth -= 1
        self._next_send = undo.next_send
        if undo.last_send is None:
            self._last_send.pop(chat, None)
        else:
            self._last_send[chat] = undo.last_send
            self._last_send.move_to_end(chat, last=False)
        self._sent[waiter.priority] -= 1
        self._waited -= undo.waited
        waiter.granted = False

    # The per-chat memory.

    def _ready_at(self, chat: int) -> float:
        last = self._last_send.get(chat)
        return -math.inf if last is None else last + self.chat_interval

    def _forget(self, now: float) -> None:
        """Forget chats whose last send no longer holds anything back."""
        horizon = now + _SLACK - self.chat_interval
        last_send = self._last_send
        while last_send:
            chat = next(iter(last_send))
            if last_send[chat] > horizon:
                break
            del last_send[chat]

    # The timer.

    def _arm(self, at: float | None, now: float) -> None:
        if at is not None and self._timer is not None and at == self._timer_at:
            return
        if self._timer is not None:
            timer, self._timer = self._timer, None
            timer.cancel()
        if at is None:
            return
        self._timer_at = at
        self._timer = timer = asyncio.ensure_future(self._sleep(at - now))
        timer.add_done_callback(self._on_timer)

    def _on_timer(self, timer: asyncio.Future[None]) -> None:
        if timer is not self._timer:
            return  # replaced by a newer timer
        self._timer = None
        if timer.cancelled():
            return  # cancelled from outside: the event loop is shutting down
        error = timer.exception()
        if error is not None:
            self._fail_all(error)
            return
        self._pump()

    def _fail_all(self, error: BaseException) -> None:
        """The injected sleep failed: nobody could ever be woken, so tell every waiter."""
        waiters = [*self._replies, *(w for q in self._chats.values() for w in q.waiters)]
        self._replies.clear()
        self._chats.clear()
        self._turns.clear()
        for waiter in waiters:
            if waiter.future is not None and not waiter.future.done():
                waiter.future.set_exception(error)
