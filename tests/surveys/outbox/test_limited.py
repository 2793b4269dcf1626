"""The rate-limited Messenger: slots before every send, and what a 429 does to replies and notices.

The messenger it wraps is a small fake of the chat framework's edge, which records every
call and answers with the errors a test hands it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable

import pytest

from surveys.outbox.pacing.limited import LimitedMessenger
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.ports import (
    MessageRejected,
    Messenger,
    Outgoing,
    Priority,
    RateLimited,
    RecipientGone,
    SendError,
    SendFailed,
    SendUncertain,
)

REPLY = Priority.REPLY
NOTICE = Priority.NOTICE


class SteppingTime:
    """Fake monotonic time: a sleep moves it on by its delay (one sleeper at a time)."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        await asyncio.sleep(0)
        self.now += max(delay, 0.0)


class FakeEdge:
    """Stands in for the chat framework: records calls, fails with the errors it is given."""

    def __init__(self, now: Callable[[], float], errors: Iterable[SendError] = ()) -> None:
        self.now = now
        self.errors = list(errors)
        self.fail_always: SendError | None = None
        self.attempts: list[tuple[float, int, Priority]] = []
        self.answers: list[tuple[float, str]] = []

    def _fail(self) -> None:
        if self.fail_always is not None:
            raise self.fail_always
        if self.errors:
            raise self.errors.pop(0)

    async def send(self, message: Outgoing) -> int:
        self.attempts.append((self.now(), message.chat_id, message.priority))
        self._fail()
        return len(self.attempts)

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        self.answers.append((self.now(), callback_id))
        self._fail()

    async def probe(self) -> None:
        self._fail()


@pytest.fixture
def clock() -> SteppingTime:
    return SteppingTime()


def wired(
    clock: SteppingTime,
    errors: Iterable[SendError] = (),
    *,
    per_second: float | None = 30.0,
    reply_retries: int = 3,
) -> tuple[LimitedMessenger, FakeEdge, RateLimiter]:
    edge = FakeEdge(clock.monotonic, errors)
    limiter = RateLimiter(per_second, now=clock.monotonic, sleep=clock.sleep)
    return LimitedMessenger(edge, limiter, reply_retries=reply_retries), edge, limiter


def message(chat_id: int, priority: Priority) -> Outgoing:
    return Outgoing(chat_id=chat_id, text="How was your visit?", priority=priority)


def test_it_is_a_messenger(clock: SteppingTime) -> None:
    messenger: Messenger = wired(clock)[0]
    assert isinstance(messenger, LimitedMessenger)


def test_negative_retries_are_refused(clock: SteppingTime) -> None:
    edge = FakeEdge(clock.monotonic)
    with pytest.raises(ValueError, match="reply_retries"):
        LimitedMessenger(edge, RateLimiter(), reply_retries=-1)


@pytest.mark.parametrize(
    ("sends", "expected"),
    [
        pytest.param(
            [(1, NOTICE), (1, NOTICE), (2, NOTICE)],
            [0.0, 1.0, 1.0 + 1 / 30],
            id="notices to one chat 1/s",
        ),
        pytest.param(
            [(1, REPLY), (1, REPLY), (1, NOTICE)],
            [0.0, 1 / 30, 1 / 30 + 1.0],
            id="replies at the overall pace, then a notice a second after the last reply",
        ),
    ],
)
async def test_sends_take_a_slot_for_their_chat_and_priority(
    clock: SteppingTime,
    sends: list[tuple[int, Priority]],
    expected: list[float],
) -> None:
    messenger, edge, limiter = wired(clock)

    ids = [await messenger.send(message(chat, priority)) for chat, priority in sends]

    assert ids == list(range(1, len(sends) + 1))
    assert [(chat, priority) for _, chat, priority in edge.attempts] == sends
    assert [at for at, _, _ in edge.attempts] == pytest.approx(expected)
    assert limiter.stats().let_through == len(sends)


async def test_a_reply_is_sent_again_after_the_pause(clock: SteppingTime) -> None:
    messenger, edge, limiter = wired(clock, [RateLimited(2)])

    assert await messenger.send(message(1, REPLY)) == 2

    assert [at for at, _, _ in edge.attempts] == [0.0, 2.0]
    assert (limiter.stats().pauses, messenger.retried) == (1, 1)


@pytest.mark.parametrize("reply_retries", [0, 1, 3])
async def test_reply_retries_are_bounded(clock: SteppingTime, reply_retries: int) -> None:
    messenger, edge, limiter = wired(clock, reply_retries=reply_retries)
    edge.fail_always = RateLimited(1)

    with pytest.raises(RateLimited):
        await messenger.send(message(1, REPLY))

    assert [at for at, _, _ in edge.attempts] == [float(i) for i in range(reply_retries + 1)]
    assert limiter.stats().pauses == reply_retries + 1
    assert limiter.pause_left() == 1.0  # the last 429 still holds every other send


async def test_a_notice_goes_back_to_its_caller_and_the_pause_holds_everyone(
    clock: SteppingTime,
) -> None:
    messenger, edge, limiter = wired(clock, [RateLimited(5)])

    with pytest.raises(RateLimited) as raised:
        await messenger.send(message(1, NOTICE))
    assert raised.value.retry_after == 5
    assert limiter.pause_left() == 5.0

    await messenger.send(message(2, REPLY))
    assert edge.attempts == [(0.0, 1, NOTICE), (5.0, 2, REPLY)]
    assert messenger.retried == 0


@pytest.mark.parametrize("priority", [REPLY, NOTICE])
@pytest.mark.parametrize(
    "error",
    [
        RecipientGone("bot was blocked"),
        SendFailed("502"),
        SendUncertain("timeout"),
        MessageRejected(),
    ],
    ids=lambda error: type(error).__name__,
)
async def test_other_send_errors_pass_through_untouched(
    clock: SteppingTime, error: SendError, priority: Priority
) -> None:
    messenger, edge, limiter = wired(clock, [error])

    with pytest.raises(type(error)):
        await messenger.send(message(1, priority))

    assert len(edge.attempts) == 1
    assert (limiter.stats().pauses, messenger.retried) == (0, 0)


async def test_answering_callbacks_takes_no_slot(clock: SteppingTime) -> None:
    messenger, edge, limiter = wired(clock, per_second=1.0)
    await messenger.send(message(1, REPLY))  # the next slot is a second away

    for query in ("q1", "q2", "q3"):
        await messenger.answer_callback(query, "Thanks!", False)

    assert edge.answers == [(0.0, "q1"), (0.0, "q2"), (0.0, "q3")]
    assert limiter.stats().let_through == 1


async def test_answering_callbacks_waits_out_a_pause(clock: SteppingTime) -> None:
    messenger, edge, limiter = wired(clock, per_second=1.0)
    limiter.pause(3)

    await messenger.answer_callback("q1", None, False)
    await messenger.send(message(1, REPLY))

    assert edge.answers == [(3.0, "q1")]
    assert edge.attempts == [(3.0, 1, REPLY)]


async def test_a_429_on_a_callback_answer_pauses_everything(clock: SteppingTime) -> None:
    messenger, edge, limiter = wired(clock, [RateLimited(4)])

    with pytest.raises(RateLimited):
        await messenger.answer_callback("q1", None, True)

    assert limiter.pause_left() == 4.0
    await messenger.send(message(1, REPLY))
    assert edge.attempts == [(4.0, 1, REPLY)]


async def test_sixty_notices_to_sixty_chats_take_two_seconds_of_wall_time() -> None:
    edge = FakeEdge(time.monotonic)
    messenger = LimitedMessenger(edge, RateLimiter(30.0))

    started = time.monotonic()
    await asyncio.gather(*(messenger.send(message(chat, NOTICE)) for chat in range(60)))
    elapsed = time.monotonic() - started

    assert len(edge.attempts) == 60
    assert 59 / 30 - 0.01 <= elapsed <= 59 / 30 + 0.5
