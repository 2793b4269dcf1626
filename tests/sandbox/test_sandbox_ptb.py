"""python-telegram-bot talks to the sandbox over HTTP as it would to Telegram: polling,
replies, buttons, files, commands, and every refusal mapped to PTB's own exceptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardRemove,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import RateLimits, Sandbox
from tests.sandbox.sandbox_support import PNG_3X2, TOKEN

App = Application[Any, Any, Any, Any, Any, Any]
Polling = Callable[[], Any]


@pytest.fixture
async def app(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[App]:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{sandbox.base_url}/bot")
        .base_file_url(f"{sandbox.base_url}/file/bot")
        .build()
    )
    async with application:
        yield application


@pytest.fixture
def polling(app: App, sandbox: Sandbox) -> Polling:
    """Run the application's long polling against the sandbox for a with-block."""

    @asynccontextmanager
    async def run() -> AsyncIterator[None]:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        try:
            await sandbox.wait_for_request("getUpdates")
            yield
        finally:
            await app.updater.stop()
            await app.stop()

    return run


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def test_get_me_reports_the_configured_bot(app: App) -> None:
    me = await app.bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456789, True, "surveybot_test_bot")
    assert me.can_join_groups is True


async def test_echo_bot_replies_in_the_users_chat(
    sandbox: Sandbox, app: App, polling: Polling
) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            f"echo: {update.effective_message.text}", do_quote=True
        )

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with polling():
        sandbox.send_text(1001, "hello")
        sandbox.send_text(1002, "你好")
        [ann] = await sandbox.wait_for_message(1001)
        [bo] = await sandbox.wait_for_message(1002)
    assert (ann.text, bo.text) == ("echo: hello", "echo: 你好")
    assert ann.reply_to_message_id == 1
    assert sandbox.violations() == []


async def test_deep_link_payload_reaches_the_start_command(
    sandbox: Sandbox, app: App, polling: Polling
) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"linked {' '.join(context.args or [])}")

    app.add_handler(CommandHandler("start", start))
    async with polling():
        sandbox.press_start(1001, "rcpt-7f3a")
        [reply] = await sandbox.wait_for_message(1001)
    assert reply.text == "linked rcpt-7f3a"
    assert sandbox.violations() == []


async def test_tap_is_answered_and_the_message_edited(
    sandbox: Sandbox, app: App, polling: Polling
) -> None:
    async def rated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Thanks!", show_alert=True)
        await query.edit_message_text(f"You rated {query.data}")

    app.add_handler(CallbackQueryHandler(rated, pattern=r"^csat:"))
    sent = await app.bot.send_message(1001, "How was your visit?", reply_markup=keyboard("csat:5"))
    async with polling():
        query_id = sandbox.tap(1001, sent.message_id, "csat:5")
        answer = await sandbox.wait_for_answer(query_id)
        [message] = await sandbox.wait_for_message(1001)
        await sandbox.wait_for(lambda: message.edits)
    assert (answer.text, answer.show_alert) == ("Thanks!", True)
    assert message.text == "You rated csat:5"
    assert message.reply_markup is None
    assert sandbox.violations() == []


async def test_document_upload_is_downloaded_by_the_bot(
    sandbox: Sandbox, app: App, polling: Polling
) -> None:
    received: list[bytes] = []

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        assert message.document is not None
        file = await message.document.get_file()
        received.append(bytes(await file.download_as_bytearray()))
        await message.reply_text(f"got {message.document.file_name}")

    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    csv = b"name,phone\nAnn,+15550001\n"
    async with polling():
        sandbox.send_document(1001, "customers.csv", csv, "text/csv")
        [reply] = await sandbox.wait_for_message(1001)
    assert received == [csv]
    assert reply.text == "got customers.csv"
    assert sandbox.violations() == []


async def test_photos_and_documents_upload_and_resend_by_file_id(
    sandbox: Sandbox, app: App
) -> None:
    photo = await app.bot.send_photo(1001, PNG_3X2, caption="CSAT", filename="chart.png")
    assert (photo.photo[-1].width, photo.photo[-1].height) == (3, 2)
    doc = await app.bot.send_document(1001, b"a;b\n", filename="report.csv")
    assert doc.document is not None
    assert (doc.document.file_name, doc.document.mime_type) == ("report.csv", "text/csv")
    again = await app.bot.send_document(1002, doc.document.file_id)
    assert again.document is not None
    assert again.document.file_id == doc.document.file_id
    file = await app.bot.get_file(doc.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"a;b\n"
    assert sandbox.violations() == []


async def test_contact_shared_by_the_user(sandbox: Sandbox, app: App, polling: Polling) -> None:
    async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        assert message.contact is not None
        assert message.from_user is not None
        own = message.contact.user_id == message.from_user.id
        await message.reply_text(f"{message.contact.phone_number} own={own}")

    app.add_handler(MessageHandler(filters.CONTACT, on_contact))
    async with polling():
        sandbox.share_contact(1001, "+15550001")
        sandbox.share_contact(1001, "15550002", contact_user_id=None)
        replies = await sandbox.wait_for_message(1001, 2)
    assert [r.text for r in replies] == ["+15550001 own=True", "15550002 own=False"]
    assert sandbox.violations() == []


async def test_commands_are_set_per_scope(sandbox: Sandbox, app: App) -> None:
    commands = [BotCommand("start", "Start"), BotCommand("stop", "Opt out")]
    assert await app.bot.set_my_commands(commands)
    assert await app.bot.set_my_commands(commands[:1], scope=BotCommandScopeChat(1001))
    assert tuple(await app.bot.get_my_commands()) == tuple(commands)
    assert tuple(await app.bot.get_my_commands(scope=BotCommandScopeChat(1001))) == (commands[0],)
    assert await app.bot.delete_my_commands()
    assert await app.bot.get_my_commands() == ()
    assert sandbox.violations() == []


async def _sent(bot: Bot) -> Message:
    return await bot.send_message(1001, "Rate us", reply_markup=keyboard("csat:5"))


Refusal = Callable[[Bot, Sandbox], Awaitable[object]]


async def _empty_text(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(1001, "<b> </b>", parse_mode="HTML")


async def _long_caption(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_photo(1001, PNG_3X2, caption="字" * 1025)


async def _bad_markup(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(1001, "Total: 5.0", parse_mode="MarkdownV2")


async def _unknown_chat(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(999, "hi")


async def _empty_callback_data(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.send_message(1001, "hi", reply_markup=keyboard(""))


async def _not_modified(bot: Bot, sandbox: Sandbox) -> object:
    sent = await _sent(bot)
    return await sent.edit_reply_markup(keyboard("csat:5"))


async def _answered_twice(bot: Bot, sandbox: Sandbox) -> object:
    sent = await _sent(bot)
    query_id = sandbox.tap(1001, sent.message_id, "csat:5")
    await bot.answer_callback_query(query_id, "ok")
    return await bot.answer_callback_query(query_id, "again")


async def _big_keyboard(bot: Bot, sandbox: Sandbox) -> object:
    rows = [
        [InlineKeyboardButton(str(i * 5 + j), callback_data=f"{i}:{j}") for j in range(5)]
        for i in range(21)
    ]
    return await bot.send_message(1001, "hi", reply_markup=InlineKeyboardMarkup(rows))


async def _too_many_commands(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.set_my_commands([BotCommand(f"c{i}", "d") for i in range(101)])


async def _long_command_description(bot: Bot, sandbox: Sandbox) -> object:
    return await bot.set_my_commands([BotCommand("start", "x" * 257)])


async def _deleted_twice(bot: Bot, sandbox: Sandbox) -> object:
    sent = await _sent(bot)
    await sent.delete()
    return await sent.delete()


@pytest.mark.parametrize(
    ("action", "description"),
    [
        (_empty_text, "Message text is empty"),
        (_long_caption, "Message caption is too long"),
        (_bad_markup, "Can't parse entities: character '.' is reserved"),
        (_unknown_chat, "Chat not found"),
        (_empty_callback_data, "Button_data_invalid"),
        (_not_modified, "Message is not modified"),
        (_answered_twice, "Query is too old and response timeout expired"),
        (_big_keyboard, "Buttons_too_much"),
        (_too_many_commands, "Bot_commands_too_much"),
        (_long_command_description, "Bot_command_description_invalid"),
        (_deleted_twice, "Message to delete not found"),
    ],
)
async def test_refusals_raise_bad_request(
    sandbox: Sandbox, app: App, action: Refusal, description: str
) -> None:
    # PTB strips "Bad Request: " and capitalises the rest of Telegram's description.
    with pytest.raises(BadRequest) as raised:
        await action(app.bot, sandbox)
    assert raised.value.message.startswith(description)


async def test_blocked_user_raises_forbidden(sandbox: Sandbox, app: App) -> None:
    sandbox.inject(1001, "blocked")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(1001, "Your survey")
    sandbox.inject(1002, "deactivated")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await app.bot.send_chat_action(1002, "typing")


async def test_flood_storm_raises_retry_after(sandbox: Sandbox, app: App) -> None:
    sandbox.inject(1001, "flood", count=1, retry_after=9)
    with pytest.raises(RetryAfter) as raised:
        await app.bot.send_message(1001, "hi")
    assert raised.value.retry_after == dt.timedelta(seconds=9)
    await app.bot.send_message(1001, "after the storm")


async def test_overall_rate_limit_gives_429_across_chats(sandbox: Sandbox, app: App) -> None:
    sandbox.set_rate_limits(RateLimits(enabled=True, per_second=2.0, burst=2, chat_burst=5))
    await app.bot.send_message(1001, "one")
    await app.bot.send_message(1002, "two")
    with pytest.raises(RetryAfter):
        await app.bot.send_message(1001, "three")
    [hit] = sandbox.rate_limit_hits()
    assert hit.reason == "overall"


async def test_server_error_raises_network_error(sandbox: Sandbox, app: App) -> None:
    sandbox.inject(None, "server_error", status=500, methods=frozenset({"sendMessage"}))
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await app.bot.send_message(1001, "hi")


async def test_late_answer_times_out_but_the_message_was_delivered(
    sandbox: Sandbox, app: App
) -> None:
    sandbox.inject(1001, "timeout", delay=5.0)
    with pytest.raises(TimedOut):
        await app.bot.send_message(1001, "Your survey", read_timeout=0.5)
    assert [m.text for m in sandbox.messages(1001)] == ["Your survey"]


async def test_dropped_connection_after_delivery(sandbox: Sandbox, app: App) -> None:
    sandbox.inject(1001, "drop")
    with pytest.raises(NetworkError):
        await app.bot.send_message(1001, "Your survey")
    assert [m.text for m in sandbox.messages(1001)] == ["Your survey"]


async def test_a_survey_bots_usual_calls_break_no_rule(sandbox: Sandbox, app: App) -> None:
    bot = app.bot
    sandbox.send_text(1001, "hello")
    await bot.send_chat_action(1001, "typing")
    sent = await bot.send_message(
        1001,
        "*How was your visit?* [details](https://example.com)\\.",
        parse_mode="MarkdownV2",
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
    await bot.set_my_commands([BotCommand("status", "状态")], language_code="zh")
    await bot.get_my_commands(language_code="zh")
    await bot.set_webhook("https://bot.example.com/hook", secret_token="s3cret")
    await bot.get_webhook_info()
    await bot.delete_webhook(drop_pending_updates=True)
    await bot.get_updates(offset=-1, limit=1, timeout=0, allowed_updates=["message"])
    assert sandbox.violations() == []
