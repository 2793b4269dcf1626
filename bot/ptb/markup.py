"""Framework-neutral markup to python-telegram-bot keyboard objects."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.chat.callbacks import encode
from surveys.ports import ContactRequest, InlineKeyboard, Markup, RemoveReplyKeyboard

PtbMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def to_ptb(markup: Markup | None) -> PtbMarkup | None:
    if markup is None:
        return None
    if isinstance(markup, InlineKeyboard):
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(b.label, callback_data=encode(b.action)) for b in row]
                for row in markup.rows
            ]
        )
    if isinstance(markup, ContactRequest):
        return ReplyKeyboardMarkup(
            [[KeyboardButton(markup.label, request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    assert isinstance(markup, RemoveReplyKeyboard)
    return ReplyKeyboardRemove()
