"""What the aiogram adapter puts on the wire is what aiogram itself would have sent."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import EditMessageText, SendDocument, SendMessage, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiohttp import FormData
from aiohttp.payload import BytesPayload

from bot.aiogram.markup import to_aiogram, to_bot_api_json
from bot.aiogram.session import StatusSession
from bot.aiogram.slim import EditMessageTextForId, SendMessageForId
from surveys.ports import (
    AnswerAction,
    Button,
    ContactRequest,
    InlineKeyboard,
    Markup,
    RemoveReplyKeyboard,
)

TOKEN = "42:TEST-token"


def _keyboard() -> InlineKeyboard:
    row = [Button(f"{n} 分", AnswerAction(7, 0, n)) for n in range(11)]
    return InlineKeyboard((tuple(row[:6]), tuple(row[6:])))


def _aiogram_body(bot: Bot, method: Any) -> bytes:
    form = AiohttpSession().build_form_data(bot, method)
    payload = form()
    assert isinstance(payload, BytesPayload)
    return bytes(payload._value)


async def test_a_text_with_a_keyboard_is_encoded_as_aiogram_encodes_it() -> None:
    """Our methods with the keyboard already in JSON, against aiogram's own methods with
    aiogram's keyboard objects and aiogram's own form."""
    session = StatusSession()
    bot = Bot(TOKEN, session=session)
    text = "您对这次保养满意吗？ & = + % café"
    markups: list[Markup | None] = [
        _keyboard(),
        ContactRequest("分享手机号 📞"),
        RemoveReplyKeyboard(),
        None,
    ]
    pairs: list[tuple[TelegramMethod[Any], TelegramMethod[Any]]] = []
    for markup in markups:
        encoded = to_bot_api_json(markup, session.json_dumps)
        objects = to_aiogram(markup)
        common: dict[str, Any] = {"chat_id": 1001, "text": text, "disable_notification": True}
        pairs.append(
            (
                SendMessageForId(**common, reply_markup=encoded),
                SendMessage(**common, reply_markup=objects),
            )
        )
    inline = _keyboard()
    inline_objects = to_aiogram(inline)
    assert isinstance(inline_objects, InlineKeyboardMarkup)
    pairs.append(
        (
            EditMessageTextForId(
                chat_id=-100123,
                message_id=77,
                text="谢谢！ 10 ✓",
                reply_markup=to_bot_api_json(inline, session.json_dumps),
            ),
            EditMessageText(
                chat_id=-100123, message_id=77, text="谢谢！ 10 ✓", reply_markup=inline_objects
            ),
        )
    )
    try:
        for ours, theirs in pairs:
            body = session.build_form_data(bot, ours)
            assert isinstance(body, BytesPayload)
            assert body.content_type == "application/x-www-form-urlencoded"
            assert bytes(body._value) == _aiogram_body(bot, theirs)
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
