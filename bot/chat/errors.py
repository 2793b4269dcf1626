"""Telegram's error descriptions, read the same way for both chat frameworks."""

from __future__ import annotations

from typing import Literal

from bot.chat.sending import gone_reason
from surveys.ports import (
    MessageRejected,
    Outgoing,
    RecipientGone,
    SendError,
    SendFailed,
    SendUncertain,
)

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


class ServerAnswered(Exception):
    """Telegram (or a proxy in front of it) answered with a status that says what happened
    before the library could read the body: a 5xx, or a body that is not Telegram's JSON
    (an HTML 404 from a wrong base URL, a 502 page from a proxy)."""

    def __init__(self, status: int, *, telegram: bool = False) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.telegram = telegram
        """The body was Telegram's own JSON error (a 404 then means a malformed token)."""


def settle_status(status: int) -> SendError:
    """What an HTTP status means for a send: 502 and 504 may come after the call was carried
    out (uncertain); 401, 404, 409 and other 5xx mean it certainly was not (Telegram down
    or the bot not allowed)."""
    if status in (502, 504):
        return SendUncertain(f"HTTP {status}")
    if status == 401:
        return SendFailed("unauthorized", f"HTTP {status}")
    if status == 404:
        return SendFailed("not_found", f"HTTP {status}")
    if status == 409:
        return SendFailed("conflict", f"HTTP {status}")
    if status >= 500:
        return SendFailed("server_error", f"HTTP {status}")
    return SendUncertain(f"HTTP {status}: an answer that could not be read")
