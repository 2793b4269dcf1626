"""aiogram 3 talks to the sandbox over HTTP as it would to Telegram: polling, replies,
buttons, files, commands, and every refusal mapped to aiogram's own exceptions."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)

from bot.sandbox import RateLimits, Sandbox
from tests.sandbox.sandbox_support import PNG_3X2, TOKEN

Polling = Callable[[Dispatcher], Any]


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(sandbox.base_url))
    async with Bot(TOKEN, session=session) as running:
        yield running


@pytest.fixture
def polling(sandbox: Sandbox, bot: Bot) -> Callable[[Dispatcher], Any]:
    """Run a dispatcher's long polling against the sandbox for the body of a with-block."""

    @asynccontextmanager
    async def run(dispatcher: Dispatcher) -> AsyncIterator[None]:
        task = asyncio.create_task(
            dispatcher.start_polling(
                bot, handle_signals=False, close_bot_session=False, polling_timeout=5
            )
        )
        try:
            await sandbox.wait_for_request("getUpdates")
            yield
        finally:
            await dispatcher.stop_polling()
            await task

    return run


def keyboard(*data: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=d, callback_data=d) for d in data]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


async def test_get_me_reports_the_configured_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456789, True, "surveybot_test_bot")
    assert me.can_join_groups is True


async def test_echo_bot_replies_in_the_users_chat(sandbox: Sandbox, polling: Polling) -> None:
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"echo: {message.text}")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    async with polling(dispatcher):
        sandbox.send_text(1001, "hello")
        sandbox.send_text(1002, "你好")
        [ann] = await sandbox.wait_for_message(1001)
        [bo] = await sandbox.wait_for_message(1002)
    assert (ann.text, bo.text) == ("echo: hello", "echo: 你好")
    assert sandbox.requests("getUpdates")[0].params["allowed_updates"] == '["message"]'
    assert sandbox.violations() == []


async def test_deep_link_payload_reaches_command_start(sandbox: Sandbox, polling: Polling) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message(CommandStart(deep_link=True))
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(f"linked {command.args}")

    async with polling(dispatcher):
        update = sandbox.press_start(1001, "rcpt-7f3a")
        [reply] = await sandbox.wait_for_message(1001)
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert reply.text == "linked rcpt-7f3a"
    assert sandbox.violations() == []


async def test_tap_is_answered_and_the_message_edited(
    sandbox: Sandbox, bot: Bot, polling: Polling
) -> None:
    dispatcher = Dispatcher()

    @dispatcher.callback_query(F.data.startswith("csat:"))
    async def rated(callback: CallbackQuery) -> None:
        assert isinstance(callback.message, Message)
        await callback.answer("Thanks!")
        await callback.message.edit_text(f"You rated {callback.data}")

    sent = await bot.send_message(
        1001, "How was your visit?", reply_markup=keyboard("csat:5", "csat:1")
    )
    async with polling(dispatcher):
        query_id = sandbox.tap(1001, sent.message_id, "csat:5")
        answer = await sandbox.wait_for_answer(query_id)
        [message] = await sandbox.wait_for_message(1001)
        await sandbox.wait_for(lambda: message.edits)
    assert (answer.text, answer.show_alert) == ("Thanks!", False)
    assert message.text == "You rated csat:5"
    assert message.reply_markup is None
    assert [e.text for e in message.edits] == ["You rated csat:5"]
    assert sandbox.violations() == []


async def test_document_upload_is_downloaded_by_the_bot(
    sandbox: Sandbox, bot: Bot, polling: Polling
) -> None:
    dispatcher = Dispatcher()
    received: list[bytes] = []

    @dispatcher.message(F.document)
    async def on_document(message: Message) -> None:
        assert message.document is not None
        file = await bot.get_file(message.document.file_id)
        assert file.file_path is not None
        data = await bot.download_file(file.file_path)
        assert isinstance(data, io.BytesIO)
        received.append(data.getvalue())
        await message.answer(f"got {message.document.file_name} ({message.document.mime_type})")

    csv = b"name,phone\nAnn,+15550001\n"
    async with polling(dispatcher):
        sandbox.send_document(1001, "customers.csv", csv, "text/csv", caption="import")
        [reply] = await sandbox.wait_for_message(1001)
    assert received == [csv]
    assert reply.text == "got customers.csv (text/csv)"
    assert sandbox.violations() == []


async def test_photos_and_documents_upload_and_resend_by_file_id(
    sandbox: Sandbox, bot: Bot
) -> None:
    photo = await bot.send_photo(1001, BufferedInputFile(PNG_3X2, "chart.png"), caption="CSAT")
    assert photo.photo is not None
    assert (photo.photo[-1].width, photo.photo[-1].height) == (3, 2)
    doc = await bot.send_document(1001, BufferedInputFile(b"a;b\n", "report.csv"))
    assert doc.document is not None
    assert (doc.document.file_name, doc.document.mime_type) == ("report.csv", "text/csv")
    again = await bot.send_document(1002, doc.document.file_id, caption="same file")
    assert again.document is not None
    assert again.document.file_id == doc.document.file_id
    file = await bot.get_file(doc.document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert isinstance(downloaded, io.BytesIO)
    assert downloaded.getvalue() == b"a;b\n"
    assert [m.caption for m in sandbox.messages(1001)] == ["CSAT", None]
    assert sandbox.violations() == []


async def test_reply_keyboard_asking_for_the_phone_number(
    sandbox: Sandbox, bot: Bot, polling: Polling
) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message(F.contact)
    async def on_contact(message: Message) -> None:
        assert message.contact is not None
        assert message.from_user is not None
        own = message.contact.user_id == message.from_user.id
        await message.answer(f"{message.contact.phone_number} own={own}")

    share = KeyboardButton(text="Share my phone number", request_contact=True)
    markup = ReplyKeyboardMarkup(keyboard=[[share]], resize_keyboard=True, one_time_keyboard=True)
    await bot.send_message(1001, "Please share your number", reply_markup=markup)
    async with polling(dispatcher):
        sandbox.share_contact(1001, "15550001")
        sandbox.share_contact(1001, "+15550002", first_name="Bo", contact_user_id=1002)
        replies = await sandbox.wait_for_message(1001, 3)
    assert replies[0].reply_markup == markup.model_dump(exclude_none=True)
    assert [r.text for r in replies[1:]] == ["15550001 own=True", "+15550002 own=False"]
    assert sandbox.violations() == []


async def test_commands_are_set_per_scope(sandbox: Sandbox, bot: Bot) -> None:
    commands = [
        BotCommand(command="start", description="Start"),
        BotCommand(command="stop", description="Opt out"),
    ]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands(commands[:1], scope=BotCommandScopeChat(chat_id=1001))
    pairs = [(c.command, c.description) for c in await bot.get_my_commands()]
    assert pairs == [("start", "Start"), ("stop", "Opt out")]
    scoped = await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=1001))
    assert [c.command for c in scoped] == ["start"]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    assert sandbox.violations() == []


async def _sent(bot: Bot) -> Message:
    return await bot.send_message(1001, "Rate us", reply_markup=keyboard("csat:5"))


Refusal = Callable[[Bot, Sandbox], Awaitable[object]]


async def _long_text(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(1001, "x" * 4097)


async def _unknown_chat(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(999, "hi")


async def _long_callback_data(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(1001, "hi", reply_markup=keyboard("满意" * 11))


async def _not_modified(bot: Bot, sandbox: Sandbox) -> object:
    sent = await _sent(bot)
    return await bot.edit_message_text(
        "Rate us", chat_id=1001, message_id=sent.message_id, reply_markup=keyboard("csat:5")
    )


async def _edit_missing(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.edit_message_text("x", chat_id=1001, message_id=77)


async def _answered_twice(bot: Bot, sandbox: Sandbox) -> object:
    sent = await _sent(bot)
    query_id = sandbox.tap(1001, sent.message_id, "csat:5")
    await bot.answer_callback_query(query_id)
    return await bot.answer_callback_query(query_id)


async def _long_alert(bot: Bot, sandbox: Sandbox) -> object:
    sent = await _sent(bot)
    query_id = sandbox.tap(1001, sent.message_id, "csat:5")
    return await bot.answer_callback_query(query_id, text="x" * 201, show_alert=True)


async def _wide_keyboard(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(1001, "hi", reply_markup=keyboard(*map(str, range(9))))


async def _bad_command(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.set_my_commands([BotCommand(command="Start-Now", description="x")])


@pytest.mark.parametrize(
    ("action", "description"),
    [
        (_long_text, "Bad Request: message is too long"),
        (_unknown_chat, "Bad Request: chat not found"),
        (_long_callback_data, "Bad Request: BUTTON_DATA_INVALID"),
        (_not_modified, "Bad Request: message is not modified: specified new message content"),
        (_edit_missing, "Bad Request: message to edit not found"),
        (_answered_twice, "Bad Request: query is too old and response timeout expired"),
        (_long_alert, "Bad Request: MESSAGE_TOO_LONG"),
        (_wide_keyboard, "Bad Request: BUTTONS_TOO_MUCH"),
        (_bad_command, "Bad Request: BOT_COMMAND_INVALID"),
    ],
)
async def test_refusals_raise_telegram_bad_request(
    sandbox: Sandbox, bot: Bot, action: Refusal, description: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await action(bot, sandbox)
    assert raised.value.message.startswith(description)


@pytest.mark.parametrize(
    ("kind", "description"),
    [
        ("blocked", "Forbidden: bot was blocked by the user"),
        ("deactivated", "Forbidden: user is deactivated"),
    ],
)
async def test_unreachable_users_raise_forbidden(
    sandbox: Sandbox, bot: Bot, kind: str, description: str
) -> None:
    sandbox.inject(1001, kind)
    with pytest.raises(TelegramForbiddenError, match=description):
        await bot.send_message(1001, "Your survey")
    await bot.send_message(1002, "others still get messages")
    sandbox.clear_failures(1001)
    await bot.send_message(1001, "unblocked")
    assert [m.text for m in sandbox.messages(1001)] == ["unblocked"]


async def test_user_who_never_started_the_bot_cannot_be_messaged(
    sandbox: Sandbox, bot: Bot
) -> None:
    sandbox.add_user(1003, "Cy", started=False)
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation"):
        await bot.send_message(1003, "hi")
    sandbox.press_start(1003)
    await bot.send_message(1003, "welcome")


async def test_flood_storm_raises_retry_after(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(1001, "flood", count=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(TelegramRetryAfter) as raised:
            await bot.send_message(1001, "hi")
        assert raised.value.retry_after == 7
    await bot.send_message(1001, "third time lucky")
    assert [h.retry_after for h in sandbox.rate_limit_hits()] == [7, 7]


async def test_rate_limit_per_chat_gives_429(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.set_rate_limits(RateLimits(enabled=True, per_chat_per_second=1.0, chat_burst=2))
    await bot.send_message(1001, "one")
    await bot.send_message(1001, "two")
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(1001, "three")
    assert raised.value.retry_after >= 1
    await bot.send_message(1002, "another chat is not limited")
    [hit] = sandbox.rate_limit_hits()
    assert (hit.chat_id, hit.reason) == (1001, "chat")


async def test_server_error_raises_server_error(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(1001, "server_error", status=502)
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.send_message(1001, "hi")


async def test_late_answer_times_out_but_the_message_was_delivered(
    sandbox: Sandbox, bot: Bot
) -> None:
    sandbox.inject(1001, "timeout", delay=5.0)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(1001, "Your survey", request_timeout=1)
    assert [m.text for m in sandbox.messages(1001)] == ["Your survey"]


async def test_dropped_connection_after_delivery(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(1001, "drop")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(1001, "Your survey")
    assert [m.text for m in sandbox.messages(1001)] == ["Your survey"]
    await bot.send_message(1001, "next one is fine")


async def test_a_survey_bots_usual_calls_break_no_rule(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.send_text(1001, "hello")
    await bot.send_chat_action(1001, "typing")
    sent = await bot.send_message(
        1001,
        "<b>How was your visit?</b> <a href='https://example.com'>details</a>",
        parse_mode="HTML",
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        disable_notification=True,
        protect_content=True,
        reply_parameters=ReplyParameters(message_id=1),
        reply_markup=keyboard("csat:5", "csat:1"),
    )
    await bot.send_message(1001, "Thanks", reply_markup=ReplyKeyboardRemove())
    await bot.send_message(
        1001, "Tell us more", reply_markup=ForceReply(input_field_placeholder="…")
    )
    await bot.edit_message_reply_markup(chat_id=1001, message_id=sent.message_id)
    query_id = sandbox.tap(1001, sent.message_id, "csat:5", forge=True)
    await bot.answer_callback_query(query_id, cache_time=5)
    await bot.delete_message(1001, sent.message_id)
    await bot.set_my_commands(
        [BotCommand(command="status", description="状态")], language_code="zh"
    )
    await bot.get_my_commands(language_code="zh")
    await bot.set_webhook(
        "https://bot.example.com/hook", secret_token="s3cret", drop_pending_updates=True
    )
    await bot.get_webhook_info()
    await bot.delete_webhook(drop_pending_updates=True)
    await bot.get_updates(
        offset=-1, limit=1, timeout=0, allowed_updates=["message", "callback_query"]
    )
    assert sandbox.violations() == []
