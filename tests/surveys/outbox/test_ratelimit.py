"""The sender's rate limits (DESIGN.md, invariant 6), checked on a virtual clock.

The clock moves only when every task is asleep, straight to the next wake-up, so a
schedule of minutes runs in milliseconds and every instant is exact.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.ports import Priority

REPLY = Priority.REPLY
NOTICE = Priority.NOTICE
EPS = 1e-9


class VirtualTime:
    """A monotonic clock for the limiter; :meth:`run` moves it from one wake-up to the next."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(delay, 0.0), next(self._order), future))
        await future

    async def sleep_until(self, instant: float) -> None:
        if instant > self.now:
            await self.sleep(instant - self.now)

    def asleep(self) -> int:
        """Sleepers still waiting to be woken."""
        return sum(not future.done() for _, _, future in self._sleepers)

    async def settle(self) -> None:
        """Let every task run until it waits for something."""
        for _ in range(30):
            await asyncio.sleep(0)

    async def run(self, *tasks: asyncio.Future[Any], until: float | None = None) -> None:
        """Wake sleepers in time order until the tasks are done, or until ``until``."""
        while True:
            await self.settle()
            if tasks and all(task.done() for task in tasks):
                return
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)
            if not self._sleepers or (until is not None and self._sleepers[0][0] > until):
                if until is None:
                    raise AssertionError("tasks are waiting for something that never comes")
                self.now = max(self.now, until)
                await self.settle()
                return
            at, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, at)
            future.set_result(None)


@pytest.fixture
def clock() -> VirtualTime:
    return VirtualTime()


def limiter_on(
    clock: VirtualTime, per_second: float | None = 30.0, chat_interval: float = 1.0
) -> RateLimiter:
    return RateLimiter(
        per_second, chat_interval=chat_interval, now=clock.monotonic, sleep=clock.sleep
    )


@dataclass(frozen=True)
class Ask:
    """One message that asks for a slot at ``at``."""

    label: str
    chat: int
    priority: Priority = NOTICE
    at: float = 0.0


@dataclass(frozen=True)
class Pause:
    """Telegram says 429 at ``at``, with ``retry_after`` = ``seconds``."""

    at: float
    seconds: float


async def play(
    limiter: RateLimiter, clock: VirtualTime, asks: Iterable[Ask], pauses: Iterable[Pause] = ()
) -> dict[str, float]:
    """Ask for every slot (pauses first at equal instants); return when each was given."""
    granted: dict[str, float] = {}

    async def ask(one: Ask) -> None:
        await clock.sleep_until(one.at)
        await limiter.acquire(one.chat, one.priority)
        granted[one.label] = clock.now

    async def pause(one: Pause) -> None:
        await clock.sleep_until(one.at)
        limiter.pause(one.seconds)

    tasks = [asyncio.ensure_future(pause(p)) for p in pauses]
    tasks += [asyncio.ensure_future(ask(a)) for a in asks]
    await clock.run(*tasks)
    for task in tasks:
        task.result()
    return granted


def _gaps(instants: Sequence[float]) -> list[float]:
    ordered = sorted(instants)
    return [b - a for a, b in itertools.pairwise(ordered)]


# Overall pace.


@pytest.mark.parametrize("priority", [NOTICE, REPLY])
@pytest.mark.parametrize(("per_second", "count"), [(1.0, 5), (7.5, 31), (30.0, 301), (250.0, 501)])
async def test_overall_pace_is_even(
    clock: VirtualTime, per_second: float, count: int, priority: Priority
) -> None:
    limiter = limiter_on(clock, per_second)
    asks = [Ask(f"m{i}", chat=i, priority=priority) for i in range(count)]

    granted = await play(limiter, clock, asks)

    assert [granted[f"m{i}"] for i in range(count)] == pytest.approx(
        [i / per_second for i in range(count)], abs=1e-6
    )
    assert min(_gaps(list(granted.values()))) >= 1 / per_second - EPS
    span = max(granted.values())
    assert span == pytest.approx((count - 1) / per_second)
    assert abs((count - 1) / span - per_second) <= 0.01 * per_second
    stats = limiter.stats()
    assert stats.let_through == count
    assert stats.waited_seconds == pytest.approx(count * (count - 1) / 2 / per_second)


@pytest.mark.parametrize("per_second", [None, 0])
async def test_no_overall_rate_lets_everything_through_at_once(
    clock: VirtualTime, per_second: float | None
) -> None:
    limiter = limiter_on(clock, per_second)
    asks = [Ask(f"m{i}", chat=i, priority=[REPLY, NOTICE][i % 2]) for i in range(1000)]

    granted = await play(limiter, clock, asks)

    assert set(granted.values()) == {0.0}
    assert limiter.per_second is None


async def test_an_idle_limiter_sends_at_once(clock: VirtualTime) -> None:
    limiter = limiter_on(clock, 1.0)
    asks = [Ask("first", 1), Ask("after idle", 2, at=5.0), Ask("in step", 3, at=5.5)]

    assert await play(limiter, clock, asks) == {"first": 0.0, "after idle": 5.0, "in step": 6.0}


# The rules together: a table of schedules.

T = 1 / 30  # the gap between two sends at the default rate

SCHEDULES: list[tuple[str, dict[str, float], list[Ask], list[Pause], dict[str, float]]] = [
    (
        "notices to one chat go 1/s while other chats proceed",
        {},
        [Ask("a1", 1), Ask("a2", 1), Ask("a3", 1), Ask("b", 2), Ask("c", 3), Ask("d", 4)],
        [],
        {"a1": 0, "b": T, "c": 2 * T, "d": 3 * T, "a2": 1, "a3": 2},
    ),
    (
        "the per-chat interval is configurable",
        {"chat_interval": 3.0},
        [Ask("a1", 1), Ask("a2", 1), Ask("b", 2, at=0.5)],
        [],
        {"a1": 0, "b": 0.5, "a2": 3},
    ),
    (
        "a per-chat interval of 0 turns the rule off",
        {"chat_interval": 0.0},
        [Ask("a1", 1), Ask("a2", 1), Ask("a3", 1)],
        [],
        {"a1": 0, "a2": T, "a3": 2 * T},
    ),
    (
        "replies are not held by the per-chat rule",
        {},
        [Ask("r1", 1, REPLY), Ask("r2", 1, REPLY), Ask("r3", 1, REPLY, at=0.2)],
        [],
        {"r1": 0, "r2": T, "r3": 0.2},
    ),
    (
        "a reply counts as the chat's last send for notices",
        {},
        [Ask("r", 1, REPLY), Ask("n same chat", 1, at=0.5), Ask("n other chat", 2, at=0.5)],
        [],
        {"r": 0, "n same chat": 1.0, "n other chat": 0.5},
    ),
    (
        "a reply to a chat with a queued notice moves that notice later",
        {},
        [Ask("n1", 1), Ask("n2", 1), Ask("r", 1, REPLY, at=0.5)],
        [],
        {"n1": 0, "r": 0.5, "n2": 1.5},
    ),
    (
        "a notice held back by a reply to its chat does not hold back other chats",
        {},
        [Ask("a1", 1), Ask("a2", 1), Ask("r", 1, REPLY, at=0.5), Ask("b", 2, at=1.2)],
        [],
        {"a1": 0, "r": 0.5, "b": 1.2, "a2": 1.5},
    ),
    (
        "replies go before notices that were queued earlier",
        {"per_second": 1.0},
        [
            *(Ask(f"n{i}", i) for i in range(1, 5)),
            Ask("r1", 9, REPLY, at=0.5),
            Ask("r2", 10, REPLY, at=0.5),
        ],
        [],
        {"n1": 0, "r1": 1, "r2": 2, "n2": 3, "n3": 4, "n4": 5},
    ),
    (
        "a notice to a chat that is ready still waits behind a reply",
        {"per_second": 2.0},
        [Ask("n1", 1), Ask("r", 2, REPLY, at=0.1), Ask("n2", 3, at=0.1)],
        [],
        {"n1": 0, "r": 0.5, "n2": 1.0},
    ),
    (
        "replies keep their order",
        {"per_second": 10.0},
        [Ask(f"r{i}", i % 2, REPLY) for i in range(5)],
        [],
        {f"r{i}": i / 10 for i in range(5)},
    ),
    (
        "a pause holds replies and notices alike",
        {},
        [Ask("r", 1, REPLY), Ask("n", 2, at=1.0), Ask("r late", 3, REPLY, at=1.0)],
        [Pause(0, 5)],
        {"r": 5, "r late": 5 + T, "n": 5 + 2 * T},
    ),
    (
        "a longer pause extends the one in force",
        {},
        [Ask("r", 1, REPLY, at=0.5)],
        [Pause(0, 2), Pause(1, 5)],
        {"r": 6},
    ),
    (
        "a shorter pause does not shorten the one in force",
        {},
        [Ask("r", 1, REPLY, at=0.5)],
        [Pause(0, 5), Pause(1, 1)],
        {"r": 5},
    ),
    (
        "a notice waits out both the pause and its chat's interval",
        {},
        [Ask("n1", 1), Ask("n2", 1, at=0.2), Ask("r", 2, REPLY, at=0.2)],
        [Pause(0.1, 0.5)],
        {"n1": 0, "r": 0.6, "n2": 1.0},
    ),
    (
        "a pause that ends before the next slot changes nothing",
        {"per_second": 1.0},
        [Ask("n1", 1), Ask("n2", 2)],
        [Pause(0.2, 0.3)],
        {"n1": 0, "n2": 1},
    ),
]


@pytest.mark.parametrize(
    ("settings_", "asks", "pauses", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in SCHEDULES],
)
async def test_schedule(
    clock: VirtualTime,
    settings_: dict[str, float],
    asks: list[Ask],
    pauses: list[Pause],
    expected: dict[str, float],
) -> None:
    limiter = limiter_on(clock, **settings_)

    granted = await play(limiter, clock, asks, pauses)

    assert granted == pytest.approx(expected, abs=1e-6)
    assert limiter.stats().waiting == 0
    assert clock.asleep() == 0


async def test_pause_counters(clock: VirtualTime) -> None:
    limiter = limiter_on(clock)
    await play(limiter, clock, [], [Pause(0, 5), Pause(1, 1), Pause(2, 10), Pause(20, 1)])

    stats = limiter.stats()
    assert stats.pauses == 4
    assert stats.paused_seconds == pytest.approx(13.0)
    assert limiter.pause_left() == pytest.approx(1.0)
    clock.now = 21.0
    assert limiter.pause_left() == 0.0


@pytest.mark.parametrize(
    ("pauses", "resumed_at"),
    [([], 0.0), ([Pause(0, 3)], 3.0), ([Pause(0, 3), Pause(1, 4)], 5.0)],
)
async def test_wait_resumed_waits_out_the_pause_only(
    clock: VirtualTime, pauses: list[Pause], resumed_at: float
) -> None:
    limiter = limiter_on(clock, 1.0)
    await limiter.acquire(1, NOTICE)  # the next slot is a second away; a pause is not a slot
    for one in pauses:
        if one.at == 0:
            limiter.pause(one.seconds)

    async def later_pauses() -> None:
        for one in pauses:
            if one.at > 0:
                await clock.sleep_until(one.at)
                limiter.pause(one.seconds)

    pausing = asyncio.ensure_future(later_pauses())
    waiting = asyncio.ensure_future(limiter.wait_resumed())
    await clock.run(pausing, waiting)
    assert clock.now == resumed_at


# Cancellation leaves nothing behind.


async def test_cancelled_waiters_leave_no_state(clock: VirtualTime) -> None:
    limiter = limiter_on(clock, 1.0)
    await limiter.acquire(1, NOTICE)
    reply = asyncio.ensure_future(limiter.acquire(2, REPLY))
    notice = asyncio.ensure_future(limiter.acquire(3, NOTICE))
    same_chat = asyncio.ensure_future(limiter.acquire(1, NOTICE))
    await clock.run(until=0.5)
    assert limiter.stats().waiting == 3

    for task in (reply, notice, same_chat):
        task.cancel()
    await clock.run(until=0.5)

    assert all(task.cancelled() for task in (reply, notice, same_chat))
    assert limiter.stats().waiting == 0
    assert clock.asleep() == 0  # no timer left running for nobody
    assert await play(limiter, clock, [Ask("next", 4, at=0.5)]) == {"next": 1.0}


async def test_a_cancelled_reply_no_longer_holds_notices_back(clock: VirtualTime) -> None:
    limiter = limiter_on(clock, 1.0)
    await limiter.acquire(1, NOTICE)
    reply = asyncio.ensure_future(limiter.acquire(2, REPLY))
    notice = asyncio.ensure_future(limiter.acquire(3, NOTICE))
    await clock.run(until=0.5)

    reply.cancel()
    await clock.run(notice)

    assert clock.now == 1.0
    assert limiter.stats().let_through == 2


async def test_cancelling_one_of_a_chats_notices_keeps_the_others(clock: VirtualTime) -> None:
    limiter = limiter_on(clock)
    await limiter.acquire(1, NOTICE)
    second = asyncio.ensure_future(limiter.acquire(1, NOTICE))
    third = asyncio.ensure_future(limiter.acquire(1, NOTICE))
    await clock.run(until=0.5)

    second.cancel()
    await clock.run(third)

    assert second.cancelled()
    assert clock.now == 1.0


@pytest.mark.parametrize("priority", [REPLY, NOTICE])
async def test_a_waiter_cancelled_just_before_its_turn_is_skipped(
    clock: VirtualTime, priority: Priority
) -> None:
    limiter = limiter_on(clock, 1.0)
    await limiter.acquire(1, NOTICE)
    waiter = asyncio.ensure_future(limiter.acquire(2, priority))
    await clock.run(until=0.5)
    clock.now = 1.0  # its slot has come, and the timer has not fired yet

    waiter.cancel()
    limiter.pause(0.0)  # the queues are looked at before the waiter has withdrawn
    await clock.settle()

    assert waiter.cancelled()
    assert (limiter.stats().let_through, limiter.stats().waiting) == (1, 0)
    await limiter.acquire(3, NOTICE)
    assert clock.now == 1.0


async def test_a_waiter_cancelled_right_after_its_grant_gives_the_slot_back(
    clock: VirtualTime,
) -> None:
    limiter = limiter_on(clock, 1.0)
    limiter.pause(2.0)
    waiter = asyncio.ensure_future(limiter.acquire(1, NOTICE))
    await clock.run(until=1.0)
    clock.now = 2.5  # the pause is over, and the timer has not fired yet

    limiter.pause(0.0)  # anything that looks at the queues hands the slot out now...
    waiter.cancel()  # ...but the waiter is cancelled before it could send
    await clock.settle()

    assert waiter.cancelled()
    stats = limiter.stats()
    assert (stats.let_through, stats.notices, stats.waited_seconds) == (0, 0, 0.0)
    assert (stats.waiting, stats.tracked_chats) == (0, 0)
    await limiter.acquire(1, NOTICE)  # neither the overall slot nor the chat was used up
    assert clock.now == 2.5


async def test_a_failing_sleep_fails_the_waiters_instead_of_hanging_them() -> None:
    async def broken_sleep(delay: float) -> None:
        raise RuntimeError("no timer")

    limiter = RateLimiter(1.0, now=lambda: 0.0, sleep=broken_sleep)
    await limiter.acquire(1, NOTICE)
    with pytest.raises(RuntimeError, match="no timer"):
        await limiter.acquire(2, NOTICE)
    assert limiter.stats().waiting == 0


# The per-chat memory stays small.


async def test_per_chat_memory_is_bounded_over_many_chats(clock: VirtualTime) -> None:
    limiter = limiter_on(clock, None, chat_interval=1.0)
    largest = 0
    for chat in range(100_000):
        clock.now = chat / 1000  # 1,000 chats a second
        await limiter.acquire(chat, NOTICE)
        if chat % 100 == 0:
            largest = max(largest, limiter.stats().tracked_chats)

    assert largest <= 1001
    clock.now += 1.0
    assert limiter.stats().tracked_chats == 0


async def test_per_chat_memory_at_the_overall_rate(clock: VirtualTime) -> None:
    limiter = limiter_on(clock, 30.0)
    largest = 0

    async def sender() -> None:
        nonlocal largest
        for chat in range(300):
            await limiter.acquire(chat, NOTICE)
            largest = max(largest, limiter.stats().tracked_chats)

    await clock.run(asyncio.ensure_future(sender()))
    assert largest <= 31


@pytest.mark.parametrize(
    "settings_",
    [
        {"per_second": -1.0},
        {"per_second": math.inf},
        {"per_second": math.nan},
        {"chat_interval": -0.5},
        {"chat_interval": math.nan},
    ],
)
def test_nonsense_settings_are_refused(settings_: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        RateLimiter(**settings_)  # type: ignore[arg-type]


# Every rule, on random traffic.

_asks = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 4), st.sampled_from([REPLY, NOTICE])),
    min_size=1,
    max_size=40,
)
_pauses = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 20)), max_size=3)


@settings(max_examples=150, deadline=None)
@given(
    asks=_asks,
    pauses=_pauses,
    per_second=st.sampled_from([5.0, 30.0]),
    chat_interval=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_every_rule_holds_on_random_traffic(
    asks: list[tuple[int, int, Priority]],
    pauses: list[tuple[int, int]],
    per_second: float,
    chat_interval: float,
) -> None:
    wanted = [
        Ask(str(i), chat, priority, at=k * 0.05) for i, (k, chat, priority) in enumerate(asks)
    ]
    # Pauses fall between the arrivals' grid points.
    windows = [Pause(k * 0.05 + 0.0123, s * 0.1) for k, s in pauses]

    async def scenario() -> tuple[dict[str, float], RateLimiter]:
        clock = VirtualTime()
        limiter = limiter_on(clock, per_second, chat_interval)
        return await play(limiter, clock, wanted, windows), limiter

    granted, limiter = asyncio.run(scenario())

    assert set(granted) == {a.label for a in wanted}
    sends = sorted((granted[a.label], a) for a in wanted)
    spacing = 1 / per_second
    for (before, _), (after, _) in itertools.pairwise(sends):
        assert after - before >= spacing - EPS, "the overall pace was broken"
    for at, ask in sends:
        assert at >= ask.at - EPS
        assert not any(p.at + EPS < at < p.at + p.seconds - EPS for p in windows), "sent in a pause"
        earlier = [t for t, other in sends if other.chat == ask.chat and t < at - EPS]
        if ask.priority == NOTICE and earlier:
            assert at - max(earlier) >= chat_interval - EPS, "two notices in a chat too soon"
        if ask.priority == NOTICE:
            assert not any(
                o.priority == REPLY and o.at < at - EPS and t > at + EPS for t, o in sends
            ), "a notice went while a reply was waiting"
        if ask.priority == REPLY:
            # Replies go at the first instant the pace and the pauses allow.
            previous = max((t for t, _ in sends if t < at - EPS), default=-math.inf)
            assert at <= _unpaused(max(ask.at, previous + spacing), windows) + EPS
    for kind in (REPLY, NOTICE):
        for chat in range(5):
            mine = [
                (a.at, granted[a.label]) for a in wanted if a.priority == kind and a.chat == chat
            ]
            assert [t for _, t in sorted(mine)] == sorted(t for _, t in mine), "order broken"
    stats = limiter.stats()
    assert stats.let_through == len(wanted)
    assert stats.waiting == 0
    assert stats.waited_seconds == pytest.approx(sum(granted[a.label] - a.at for a in wanted))


def _unpaused(instant: float, pauses: Sequence[Pause]) -> float:
    """The first instant from ``instant`` on that no pause covers (closed windows)."""
    moved = True
    while moved:
        moved = False
        for p in pauses:
            if p.at - EPS <= instant < p.at + p.seconds:
                instant, moved = p.at + p.seconds, True
    return instant
