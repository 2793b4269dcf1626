"""Framework-neutral markup to aiogram keyboard objects."""

from __future__ import annotations

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
