"""What a send's result means, decided in one place for every sender.

A messenger returns a message id or raises one of the :class:`~surveys.ports.SendError`
kinds; :func:`outcome_of` turns either into a :class:`SendOutcome`. Each sender then
decides what the outcome means for its own rows (a survey sent once at most, a manager
card at least once), but none reads an exception type itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.ports import (
    MessageRejected,
    Messenger,
    Outgoing,
    RateLimited,
    RecipientGone,
    SendError,
    SendFailed,
    SendUncertain,
)

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    GONE = "gone"
    """The recipient blocked the bot, left, or never existed: this chat can never be reached."""
    REJECTED = "rejected"
    """Telegram refused this message as malformed: sending it again would not help."""
    RATE_LIMITED = "rate_limited"
    """429: nothing was sent; every sender waits ``retry_after`` seconds."""
    DOWN = "down"
    """Telegram or the link is down, or the bot is not allowed (connection refused, DNS,
    401, 404, 409, most 5xx): certainly not carried out; the message waits, no attempt spent."""
    UNCERTAIN = "uncertain"
    """The request may have reached Telegram (read timeout, dropped connection)."""
    BUG = "bug"
    """An error that is not a send error at all (raised before any network I/O, such as
    building the markup): a bug of ours, logged loudly where it happened."""


@dataclass(frozen=True, slots=True)
class SendOutcome:
    outcome: Outcome
    message_id: int | None = None
    reason: str = ""
    retry_after: float = 0.0
    error: BaseException | None = None

    @property
    def sent(self) -> bool:
        return self.outcome is Outcome.SENT


def outcome_of(result: int | BaseException) -> SendOutcome:
    """The meaning of one send's result (a message id, or what the messenger raised)."""
    if isinstance(result, int) and not isinstance(result, bool):
        return SendOutcome(Outcome.SENT, message_id=result)
    assert isinstance(result, BaseException)
    if isinstance(result, RecipientGone):
        return SendOutcome(Outcome.GONE, reason=result.reason, error=result)
    if isinstance(result, RateLimited):
        return SendOutcome(
            Outcome.RATE_LIMITED, reason="429", retry_after=result.retry_after, error=result
        )
    if isinstance(result, SendFailed):
        return SendOutcome(Outcome.DOWN, reason=result.reason, error=result)
    if isinstance(result, MessageRejected):
        return SendOutcome(Outcome.REJECTED, reason="rejected", error=result)
    if isinstance(result, SendUncertain | SendError):
        return SendOutcome(Outcome.UNCERTAIN, reason="timeout", error=result)
    return SendOutcome(Outcome.BUG, reason=type(result).__name__, error=result)


def heed(outcome: SendOutcome, limiter: RateLimiter | None) -> None:
    """What every sender does first: a 429 pauses all sending for the wait asked."""
    if outcome.outcome is Outcome.RATE_LIMITED and limiter is not None:
        limiter.pause(outcome.retry_after)


async def attempt(messenger: Messenger, message: Outgoing) -> SendOutcome:
    """Send one message and read the result; an error that is not a send error is raised."""
    try:
        return outcome_of(await messenger.send(message))
    except Exception as error:
        outcome = outcome_of(error)
        if outcome.outcome is Outcome.BUG:
            raise
        return outcome
