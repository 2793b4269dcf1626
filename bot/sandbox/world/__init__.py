"""The sandbox's world in memory: bots, users, chats, messages, files and update queues.

Owns the plain dataclasses that every other part reads and changes (``state``), each bot's
getUpdates queue (``updates``), the stored files (``files``) and the signal that wakes
whoever waits for a change (``waiting``). Knows nothing of HTTP. May import
``bot.sandbox.spec`` (refusals) and ``bot.sandbox.conformance`` (a violation's record).
"""

from __future__ import annotations

from .files import StoredFile, document, guess_mime, photo_sizes
from .state import (
    BotIdentity,
    BotState,
    CallbackAnswer,
    CallbackQuery,
    Chat,
    ChatMessage,
    Edit,
    LoggedRequest,
    RateLimitHit,
    SimUser,
    Webhook,
    World,
)
from .waiting import wait_until

__all__ = [
    "BotIdentity",
    "BotState",
    "CallbackAnswer",
    "CallbackQuery",
    "Chat",
    "ChatMessage",
    "Edit",
    "LoggedRequest",
    "RateLimitHit",
    "SimUser",
    "StoredFile",
    "Webhook",
    "World",
    "document",
    "guess_mime",
    "photo_sizes",
    "wait_until",
]
