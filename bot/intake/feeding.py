"""What the intake hands an update to, and what it reads of an update itself."""

from __future__ import annotations

from typing import Any, Protocol

Raw = dict[str, Any]
"""An update as Telegram sends it, decoded from JSON and read by nobody yet."""


class Malformed(Exception):
    """The framework cannot read this update: it is skipped, never retried."""


class Feeder(Protocol):
    """A framework's dispatcher (aiogram) or application (python-telegram-bot)."""

    async def feed(self, update: Raw) -> None:
        """Handle one update to the end (its effect committed, its reply sent); raise
        :class:`Malformed` when it cannot be read, anything else when handling failed."""
        ...


def chat_of(update: Raw) -> int | None:
    """The chat an update belongs to, for keeping one chat in order; None when unknown."""
    for kind, body in update.items():
        if kind == "update_id" or not isinstance(body, dict):
            continue
        chat = body.get("chat")
        if chat is None and isinstance(body.get("message"), dict):
            chat = body["message"].get("chat")  # a callback query's message
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
        sender = body.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


def kind_of(update: Raw) -> str:
    """``message``, ``callback_query``, ...: the first field besides the id."""
    return next((key for key in update if key != "update_id"), "unknown")


def update_id_of(update: Raw) -> int | None:
    value = update.get("update_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None
