"""What the aiogram adapter puts on the wire is what aiogram itself would have sent."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import SendDocument, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import FormData
from aiohttp.payload import BytesPayload

from bot.aiogram.session import StatusSession
from bot.aiogram.slim import EditMessageTextForId, SendMessageForId

TOKEN = "42:TEST-token"


def _keyboard() -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(text=f"{n} 分", callback_data=f"a:7:0:{n}") for n in range(11)]
    return InlineKeyboardMarkup(inline_keyboard=[row[:6], row[6:]])


def _aiogram_body(bot: Bot, method: Any) -> bytes:
    form = AiohttpSession().build_form_data(bot, method)
    payload = form()
    assert isinstance(payload, BytesPayload)
    return bytes(payload._value)


async def test_a_text_with_a_keyboard_is_encoded_as_aiogram_encodes_it() -> None:
    session = StatusSession()
    bot = Bot(TOKEN, session=session)
    methods: list[TelegramMethod[Any]] = [
        SendMessageForId(
            chat_id=1001,
            text="您对这次保养满意吗？ & = + % café",
            reply_markup=_keyboard(),
            disable_notification=True,
        ),
        EditMessageTextForId(chat_id=-100123, message_id=77, text="谢谢！ 10 ✓"),
    ]
    try:
        for method in methods:
            ours = session.build_form_data(bot, method)
            assert isinstance(ours, BytesPayload)
            assert ours.content_type == "application/x-www-form-urlencoded"
            assert bytes(ours._value) == _aiogram_body(bot, method)
    finally:
        await session.close()


async def test_a_call_with_a_file_keeps_aiogram_s_multipart_form() -> None:
    session = StatusSession()
    bot = Bot(TOKEN, session=session)
    upload = BufferedInputFile(b"col1,col2\n1,2\n", "export.csv")
    try:
        form = session.build_form_data(bot, SendDocument(chat_id=1001, document=upload))
        assert isinstance(form, FormData)
        assert form.is_multipart
    finally:
        await session.close()
