"""Framework-neutral markup to aiogram keyboard objects, or straight to the JSON the Bot
API takes (what aiogram would encode from those objects, for the calls that send text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.chat.callbacks import encode
from surveys.ports import ContactRequest, InlineKeyboard, Markup, RemoveReplyKeyboard

AiogramMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def to_aiogram(markup: Markup | None) -> AiogramMarkup | None:
    if markup is None:
        return None
    if isinstance(markup, InlineKeyboard):
        return InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=b.label, callback_data=encode(b.action)) for b in row]
                for row in markup.rows
            ]
        )
    if isinstance(markup, ContactRequest):
        return ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=markup.label, request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    assert isinstance(markup, RemoveReplyKeyboard)
    return ReplyKeyboardRemove()


def to_bot_api_json(markup: Markup | None, dumps: Callable[[Any], str]) -> str | None:
    """``markup`` encoded with ``dumps`` (the session's ``json_dumps``) as aiogram encodes
    the objects :func:`to_aiogram` makes: their fields in order, empty ones left out."""
    if markup is None:
        return None
    if isinstance(markup, InlineKeyboard):
        rows = [
            [{"text": b.label, "callback_data": encode(b.action)} for b in row]
            for row in markup.rows
        ]
        return dumps({"inline_keyboard": rows})
    if isinstance(markup, ContactRequest):
        button = {"text": markup.label, "request_contact": True}
        return dumps({"keyboard": [[button]], "resize_keyboard": True, "one_time_keyboard": True})
    assert isinstance(markup, RemoveReplyKeyboard)
    return dumps({"remove_keyboard": True})
