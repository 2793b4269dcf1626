"""Telegram's error descriptions, read the same way for both chat frameworks."""

from __future__ import annotations

from typing import Literal

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
