"""The outbox's sending mechanism on its own: outcomes, breaker, micro-batches, courier.

The messenger here is a fake with a round trip of its own (the edge we do not own);
everything else is the real code.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import pytest

from surveys.outbox.pacing.breaker import Breaker, BreakerConfig, Outage
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.sending.batching import Batcher
from surveys.outbox.sending.courier import Courier, Job, RoundTrip
from surveys.outbox.sending.outcomes import Outcome, SendOutcome, outcome_of
from surveys.ports import (
    MessageRejected,
    Outgoing,
    RateLimited,
    RecipientGone,
    SendFailed,
    SendUncertain,
)


@pytest.mark.parametrize(
    ("result", "outcome", "reason"),
    [
        (42, Outcome.SENT, ""),
        (RecipientGone("blocked"), Outcome.GONE, "blocked"),
        (MessageRejected("can't parse entities"), Outcome.REJECTED, "rejected"),
        (RateLimited(3), Outcome.RATE_LIMITED, "429"),
        (SendFailed("connection"), Outcome.DOWN, "connection"),
        (SendFailed("unauthorized"), Outcome.DOWN, "unauthorized"),
        (SendFailed("server_error", "HTTP 500"), Outcome.DOWN, "server_error"),
        (SendUncertain("HTTP 502"), Outcome.UNCERTAIN, "timeout"),
        (ValueError("markup"), Outcome.BUG, "ValueError"),
    ],
)
def test_every_result_has_one_meaning(
    result: int | BaseException, outcome: Outcome, reason: str
) -> None:
    read = outcome_of(result)
    assert read.outcome is outcome
    assert read.reason == reason
    assert read.sent == (outcome is Outcome.SENT)


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_the_breaker_opens_once_probes_with_backoff_and_closes_on_an_answer() -> None:
    clock = FakeTime()
    closed: list[Outage] = []

    async def on_close(outage: Outage) -> None:
        closed.append(outage)

    breaker = Breaker(BreakerConfig(first_backoff=1, max_backoff=4), now=clock, on_close=on_close)
    answers = ["connection", "connection", "connection", None]
    probes: list[float] = []

    async def probe() -> str | None:
        probes.append(clock.now)
        return answers.pop(0)

    assert await breaker.ready(probe)
    breaker.trip("connection")
    breaker.trip("unauthorized")  # already open: the first reason stays, no second line
    assert breaker.opened == 1
    assert not await breaker.ready(probe)  # the first probe is not due yet
    for step in (1, 2, 4):  # the wait doubles up to its cap
        clock.now += step
        assert not await breaker.ready(probe)
    clock.now += 4
    assert await breaker.ready(probe)
    assert probes == [101, 103, 107, 111]
    assert breaker.closed
    assert closed == [Outage("connection", 11)]


async def test_a_batcher_gives_each_caller_its_own_result_from_few_flushes() -> None:
    flushed: list[list[int]] = []

    async def flush(items: Sequence[int]) -> list[int]:
        flushed.append(list(items))
        await asyncio.sleep(0.001)
        return [item * 10 for item in items]

    batcher: Batcher[int, int] = Batcher(flush, window=0.01, size=4)
    results = await asyncio.gather(*(batcher.submit(n) for n in range(10)))
    await batcher.drain()
    assert results == [n * 10 for n in range(10)]
    assert sorted(n for batch in flushed for n in batch) == list(range(10))
    assert len(flushed) == 3  # 4 + 4 by size, 2 by the window


async def test_a_failed_flush_fails_every_caller_of_that_batch() -> None:
    async def flush(items: Sequence[int]) -> list[int]:
        raise RuntimeError("database is locked")

    batcher: Batcher[int, int] = Batcher(flush, window=0.001, size=10)
    outcomes = await asyncio.gather(batcher.submit(1), batcher.submit(2), return_exceptions=True)
    assert all(isinstance(o, RuntimeError) for o in outcomes)


class FarTelegram:
    """A Bot API that answers after ``round_trip`` seconds, and can go down."""

    def __init__(self, round_trip: float) -> None:
        self.round_trip = round_trip
        self.in_flight = 0
        self.most_in_flight = 0
        self.sent: list[int] = []
        self.down_after: int | None = None

    async def send(self, message: Outgoing) -> int:
        if self.down_after is not None and len(self.sent) >= self.down_after:
            raise SendFailed("connection")
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.round_trip)
        finally:
            self.in_flight -= 1
        self.sent.append(message.chat_id)
        return len(self.sent)

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        return None

    async def probe(self) -> None:
        if self.down_after is not None:
            raise SendFailed("connection")


def _jobs(count: int) -> list[Job[int]]:
    return [Job(n, Outgoing(chat_id=1000 + n, text="hello")) for n in range(count)]


async def _all_ours(group: Sequence[Job[int]]) -> list[bool]:
    return [True] * len(group)


async def test_the_courier_keeps_the_rate_whatever_the_round_trip() -> None:
    """Little's law: at 40 messages/s over 200 ms, about eight calls must be under way."""
    telegram = FarTelegram(round_trip=0.2)
    courier = Courier(telegram, Breaker(), round_trip=RoundTrip(initial=0.2))
    settled: list[tuple[int, Outcome]] = []

    async def settle(done: Sequence[tuple[Job[int], SendOutcome]]) -> list[None]:
        settled.extend((job.key, outcome.outcome) for job, outcome in done)
        return [None] * len(done)

    limiter = RateLimiter(40)
    started = time.monotonic()
    delivered = await courier.deliver(_jobs(40), mark=_all_ours, settle=settle, limiter=limiter)
    elapsed = time.monotonic() - started
    assert delivered.count(Outcome.SENT) == 40
    assert sorted(key for key, _ in settled) == list(range(40))
    # One call at a time would take 40 x 0.2 = 8 s; paced at 40/s it takes about 1 s.
    assert elapsed < 2.5
    assert telegram.most_in_flight >= 6
    assert abs(courier.round_trip.seconds - 0.2) < 0.1


async def test_the_courier_stops_when_telegram_goes_down_and_hands_back_the_rest() -> None:
    telegram = FarTelegram(round_trip=0.01)
    telegram.down_after = 5
    breaker = Breaker(BreakerConfig(first_backoff=60))
    courier = Courier(telegram, breaker)
    outcomes: dict[int, Outcome] = {}

    async def settle(done: Sequence[tuple[Job[int], SendOutcome]]) -> list[None]:
        outcomes.update((job.key, outcome.outcome) for job, outcome in done)
        return [None] * len(done)

    delivered = await courier.deliver(
        _jobs(30), mark=_all_ours, settle=settle, limiter=RateLimiter(200)
    )
    assert not breaker.closed
    assert delivered.count(Outcome.SENT) == len(telegram.sent) >= 5  # those under way finish
    down = [key for key, outcome in outcomes.items() if outcome is Outcome.DOWN]
    assert down  # the calls that found it down were settled as such...
    handed_back = {job.key for job in delivered.not_started}
    assert handed_back  # ...and the rest was never started
    assert set(outcomes) | handed_back == set(range(30))
    assert set(outcomes).isdisjoint(handed_back)
    assert not await courier.ready()  # the probe is not due for a minute


async def test_a_job_whose_claim_was_lost_is_not_sent() -> None:
    telegram = FarTelegram(round_trip=0.0)
    courier = Courier(telegram, Breaker())

    async def only_even(group: Sequence[Job[int]]) -> list[bool]:
        return [job.key % 2 == 0 for job in group]

    async def settle(done: Sequence[tuple[Job[int], SendOutcome]]) -> list[None]:
        return [None] * len(done)

    delivered = await courier.deliver(_jobs(10), mark=only_even, settle=settle, limiter=None)
    assert delivered.count(Outcome.SENT) == 5
    assert sorted(telegram.sent) == [1000, 1002, 1004, 1006, 1008]
