"""aiogram's send and edit methods, reading back only what the outbox keeps, and taking
their keyboard already encoded.

aiogram parses every answer into the full object it describes: a sent message becomes a
``Message`` with its chat, its sender and every button of its keyboard, each a pydantic
model with a bot bound to it. The outbox keeps one number, the message id, and that parse
was a third of what a send cost us in CPU. On the way out, a keyboard given as models
is validated, dumped back to dicts and encoded to JSON at every call (a survey question's
eleven buttons were a quarter of a send's CPU); it goes as the JSON string the Bot API
takes (:func:`bot.aiogram.markup.to_bot_api_json`). These are aiogram's own methods (same
request, same session, same errors) otherwise.
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

    reply_markup: str | None = None  # type: ignore[assignment]
    """The keyboard as the Bot API's JSON."""


class EditMessageTextForId(EditMessageText):
    __returning__ = SentMessage | bool

    reply_markup: str | None = None  # type: ignore[assignment]
    """The inline keyboard as the Bot API's JSON."""


# aiogram builds ``Response[...]`` for each answer; pydantic keeps such a class only while
# something refers to it, so these are held (see ``bot.aiogram.messenger``).
RESPONSE_TYPES: tuple[Any, ...] = (Response[SentMessage], Response[SentMessage | bool])
