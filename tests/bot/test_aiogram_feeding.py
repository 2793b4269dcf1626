"""What aiogram's handlers get from our intake: a tap without the keyboard it came from,
everything else as sent, and the update off the wire left as it was."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import CallbackQuery, Message

from bot.aiogram.feeding import AiogramFeeder
from bot.intake import Malformed

TOKEN = "42:TEST-token"
KEYBOARD = {
    "inline_keyboard": [[{"text": str(n), "callback_data": f"a:7:0:{n}"} for n in range(11)]]
}


def _tap(message: dict[str, Any]) -> dict[str, Any]:
    sender = {"id": 1001, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    return {
        "update_id": 9,
        "callback_query": {
            "id": "cq-1",
            "from": sender,
            "message": message,
            "chat_instance": "-5",
            "data": "a:7:0:10",
        },
    }


def _message(**extra: Any) -> dict[str, Any]:
    return {
        "message_id": 77,
        "from": {"id": 42, "is_bot": True, "first_name": "Bot"},
        "chat": {"id": 1001, "type": "private", "first_name": "Ann"},
        "date": 1_700_000_000,
        "text": "How likely are you to recommend us?",
        **extra,
    }


async def test_a_tap_reaches_its_handler_without_the_keyboard_it_came_from() -> None:
    seen: list[CallbackQuery] = []
    dispatcher = Dispatcher()

    @dispatcher.callback_query()
    async def tapped(callback: CallbackQuery) -> None:
        seen.append(callback)

    bot = Bot(TOKEN)
    update = _tap(_message(reply_markup=KEYBOARD))
    before = copy.deepcopy(update)
    try:
        await AiogramFeeder(dispatcher, bot).feed(update)
    finally:
        await bot.session.close()
    assert update == before  # the intake's copy is not touched
    [callback] = seen
    assert callback.data == "a:7:0:10"
    assert isinstance(callback.message, Message)
    assert callback.message.message_id == 77
    assert callback.message.chat.id == 1001
    assert callback.message.text == "How likely are you to recommend us?"
    assert callback.message.reply_markup is None


async def test_an_unreadable_tap_is_still_malformed() -> None:
    bot = Bot(TOKEN)
    update = _tap(_message(reply_markup=KEYBOARD, chat="nowhere"))
    try:
        with pytest.raises(Malformed):
            await AiogramFeeder(Dispatcher(), bot).feed(update)
    finally:
        await bot.session.close()
