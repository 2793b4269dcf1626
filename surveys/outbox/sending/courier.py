"""The one way the outbox sends: at the limiter's pace, with as many calls in flight as
the round trip needs, marked and settled in batches.

By Little's law the sends in flight must be ``rate x round trip`` for the rate to be
reached: 30 messages/s over 250 ms need about eight calls under way at once, over 500 ms
fifteen. The courier measures the round trip as it goes and keeps that many (with
headroom) in flight, so the limit is reached at 500 ms as at 5 ms. Each send's
"sending" mark and its outcome are written by micro-batches
(:mod:`surveys.outbox.sending.batching`), so the database never adds to a send's wait.

Order for each message: a slot from the limiter, then "sending" committed, then the
call, then its outcome recorded. A slot is taken before the mark, so a crash while
waiting leaves the row claimed (it goes back), never uncertain. When a send finds
Telegram unreachable the breaker opens and no further message is started; what was not
started is handed back to the caller to release.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from surveys.outbox.pacing.breaker import Breaker
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.sending.batching import Batcher
from surveys.outbox.sending.outcomes import Outcome, SendOutcome, outcome_of
from surveys.ports import Messenger, Outgoing, Priority

log = logging.getLogger(__name__)

K = TypeVar("K")

MIN_IN_FLIGHT = 2
HEADROOM = 1.5
"""In flight = rate x round trip x headroom: round trips vary, the limit should not."""


@dataclass(frozen=True, slots=True)
class Job(Generic[K]):
    key: K
    message: Outgoing
    limiter: RateLimiter | None = None
    """The job's own rate (a paid broadcast's), instead of the run's."""


@dataclass
class Delivered(Generic[K]):
    """What one run of the courier did."""

    outcomes: dict[Outcome, int] = field(default_factory=dict)
    not_started: list[Job[K]] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return self.outcomes.get(outcome, 0)


class RoundTrip:
    """How long a Bot API call takes, as a moving average of the calls that got an answer."""

    def __init__(self, initial: float = 0.25, weight: float = 0.2) -> None:
        self.seconds = initial
        self.weight = weight

    def observe(self, seconds: float) -> None:
        self.seconds += self.weight * (seconds - self.seconds)


Marker = Callable[[Sequence[Job[K]]], Awaitable[Sequence[bool]]]
"""Commits "sending" for jobs about to go; True for each job still ours."""
Settler = Callable[[Sequence[tuple[Job[K], SendOutcome]]], Awaitable[Sequence[None]]]
"""Records the outcomes of jobs, all in one transaction."""


class Courier:
    def __init__(
        self,
        messenger: Messenger,
        breaker: Breaker,
        *,
        round_trip: RoundTrip | None = None,
        max_in_flight: int = 512,
        unthrottled_in_flight: int = 64,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.messenger = messenger
        self.breaker = breaker
        self.round_trip = round_trip or RoundTrip()
        self.max_in_flight = max_in_flight
        self.unthrottled_in_flight = unthrottled_in_flight
        self._now = now

    def in_flight_for(self, limiter: RateLimiter | None) -> int:
        """How many sends to keep under way for ``limiter``'s rate (Little's law)."""
        rate = limiter.per_second if limiter is not None else None
        if not rate:
            return self.unthrottled_in_flight
        wanted = math.ceil(rate * self.round_trip.seconds * HEADROOM) + MIN_IN_FLIGHT
        return max(MIN_IN_FLIGHT, min(self.max_in_flight, wanted))

    async def deliver(
        self,
        jobs: Sequence[Job[K]] | AsyncIterator[Job[K]],
        *,
        mark: Marker[K],
        settle: Settler[K],
        limiter: RateLimiter | None,
        priority: Priority = Priority.NOTICE,
        deadline: float | None = None,
    ) -> Delivered[K]:
        """Send ``jobs`` in order until done, the breaker opens or ``deadline`` passes.

        ``jobs`` may be a stream that claims more rows as the courier asks for them, so that
        one batch's last round trips overlap the next batch's first: the pipeline never
        drains between batches. Of a stream, only the job in hand is handed back unstarted;
        the rest stays with the stream."""
        done: Delivered[K] = Delivered()
        in_flight = self.in_flight_for(limiter)
        group = max(1, in_flight // 2)
        marks: Batcher[Job[K], bool] = Batcher(mark, window=0.005, size=group)
        settles: Batcher[tuple[Job[K], SendOutcome], None] = Batcher(
            settle, window=0.02, size=in_flight
        )
        # As many calls under way as the round trip measured so far needs: the target
        # follows the measurement while the batch goes out.
        pace = [limiter]
        slots = _Slots(lambda: self.in_flight_for(pace[0]))
        running: set[asyncio.Task[None]] = set()
        queue = _stream(jobs)
        started = 0
        try:
            async for job in queue:
                pace[0] = job.limiter or limiter
                await slots.acquire()
                stop = not self.breaker.closed or (deadline is not None and self._now() > deadline)
                if not stop and pace[0] is not None:
                    await pace[0].acquire(job.message.chat_id, priority)
                    stop = not self.breaker.closed
                if stop:
                    slots.release()
                    if isinstance(jobs, Sequence):
                        done.not_started.extend(jobs[started:])
                    else:
                        done.not_started.append(job)
                    break
                started += 1
                task = asyncio.create_task(self._one(job, marks, settles, pace[0], done, slots))
                running.add(task)
                task.add_done_callback(running.discard)
            if running:
                await asyncio.gather(*running)
        finally:
            await queue.aclose()
            for task in running:
                task.cancel()
            await marks.drain()
            await settles.drain()
        return done

    async def _one(
        self,
        job: Job[K],
        marks: Batcher[Job[K], bool],
        settles: Batcher[tuple[Job[K], SendOutcome], None],
        limiter: RateLimiter | None,
        done: Delivered[K],
        slots: _Slots,
    ) -> None:
        try:
            if not await marks.submit(job):
                return  # the claim was lost (its lease ran out): someone else has it now
            started = self._now()
            outcome = await self.send(job.message, limiter)
        finally:
            slots.release()  # the call is over: recording its outcome needs no slot
        if outcome.outcome in _ANSWERED:
            self.round_trip.observe(self._now() - started)
        done.outcomes[outcome.outcome] = done.outcomes.get(outcome.outcome, 0) + 1
        await settles.submit((job, outcome))

    async def send(self, message: Outgoing, limiter: RateLimiter | None) -> SendOutcome:
        """One call and what it means; the breaker and the limiter hear of it first."""
        try:
            outcome = outcome_of(await self.messenger.send(message))
        except Exception as error:
            outcome = outcome_of(error)
            if outcome.outcome is Outcome.BUG:
                log.error(
                    "a message to chat %s failed before it left", message.chat_id, exc_info=error
                )
        if outcome.outcome is Outcome.RATE_LIMITED and limiter is not None:
            limiter.pause(outcome.retry_after)
        elif outcome.outcome is Outcome.DOWN:
            self.breaker.trip(outcome.reason)
        return outcome

    async def probe(self) -> str | None:
        """Asks Telegram who the bot is: None when it answered, else why it did not."""
        try:
            await self.messenger.probe()
        except Exception as error:
            outcome = outcome_of(error)
            if outcome.outcome in (Outcome.DOWN, Outcome.UNCERTAIN, Outcome.BUG):
                return outcome.reason
        return None

    async def ready(self) -> bool:
        """Whether sending may go on now (probing Telegram when the breaker is open)."""
        return await self.breaker.ready(self.probe)


async def _stream(
    jobs: Sequence[Job[K]] | AsyncIterator[Job[K]],
) -> AsyncGenerator[Job[K], None]:
    if isinstance(jobs, Sequence):
        for job in jobs:
            yield job
        return
    try:
        async for job in jobs:
            yield job
    finally:
        if isinstance(jobs, AsyncGenerator):
            await jobs.aclose()


class _Slots:
    """A semaphore whose size is asked each time: calls under way follow the round trip."""

    def __init__(self, target: Callable[[], int]) -> None:
        self._target = target
        self._taken = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> None:
        while self._taken >= self._target():
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            await waiter
        self._taken += 1

    def release(self) -> None:
        self._taken -= 1
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break


_ANSWERED = frozenset({Outcome.SENT, Outcome.GONE, Outcome.REJECTED, Outcome.RATE_LIMITED})
