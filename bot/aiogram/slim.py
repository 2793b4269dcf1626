"""aiogram's send and edit methods, reading back only what the outbox keeps.

aiogram parses every answer into the full object it describes: a sent message becomes a
``Message`` with its chat, its sender and every button of its keyboard, each a pydantic
model with a bot bound to it. The outbox keeps one number, the message id, and that parse
was a third of what a send cost us in CPU. These are aiogram's own methods (same request,
same session, same errors), told to read the result as just that id.
"""

from __future__ import annotations

from typing import Any

from aiogram.methods import EditMessageText, SendMessage
from aiogram.methods.base import Response
from pydantic import BaseModel, ConfigDict


class SentMessage(BaseModel):
    """A sent or edited message, as much of it as we read."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    message_id: int


class SendMessageForId(SendMessage):
    __returning__ = SentMessage  # type: ignore[assignment]


class EditMessageTextForId(EditMessageText):
    __returning__ = SentMessage | bool


# aiogram builds ``Response[...]`` for each answer; pydantic keeps such a class only while
# something refers to it, so these are held (see ``bot.aiogram.messenger``).
RESPONSE_TYPES: tuple[Any, ...] = (Response[SentMessage], Response[SentMessage | bool])
