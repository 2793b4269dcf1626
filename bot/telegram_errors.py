"""Telegram's error descriptions, read the same way for both chat frameworks."""

from __future__ import annotations

from typing import Literal

from bot.sending import gone_reason
from surveys.ports import MessageRejected, Outgoing, RecipientGone

BadRequestKind = Literal["not_modified", "gone", "other"]

_GONE = ("chat not found", "user not found", "user is deactivated", "bot was blocked")


def classify_bad_request(description: str) -> BadRequestKind:
    """Whether a 400 means "nothing to change", "recipient unreachable", or a real error."""
    text = description.lower()
    if "message is not modified" in text:
        return "not_modified"
    if any(marker in text for marker in _GONE):
        return "gone"
    return "other"


def settle_bad_request(error: Exception, description: str, message: Outgoing) -> int:
    """What a 400 means for one send: an edit that changed nothing is done (its message id is
    returned), an unreachable recipient is gone, anything else is a rejected message."""
    outcome = classify_bad_request(description)
    if outcome == "not_modified" and message.edit_message_id is not None:
        return message.edit_message_id
    if outcome == "gone":
        raise RecipientGone(gone_reason(description)) from error
    raise MessageRejected(description) from error
