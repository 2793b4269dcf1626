"""What both messengers need to know about sending, framework-neutral: captions and the
reasons a recipient is gone, read from Telegram's error descriptions."""

from __future__ import annotations

CAPTION_LIMIT = 1024


def caption_of(text: str) -> str | None:
    """A message's text as a photo's or document's caption (Telegram allows 1,024 characters)."""
    return text[:CAPTION_LIMIT] or None


def gone_reason(description: str) -> str:
    """Why a chat cannot be reached, as stored on the customer and the delivery."""
    text = description.lower()
    if "blocked" in text:
        return "blocked"
    if "deactivated" in text:
        return "deactivated"
    if "chat not found" in text or "user not found" in text:
        return "chat_not_found"
    if "kicked" in text:
        return "kicked"
    if "can't initiate" in text or "can not initiate" in text:
        return "not_started"  # the person never pressed /start
    return "forbidden"
