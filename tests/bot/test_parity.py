"""aiogram and python-telegram-bot, one script: the same messages and the same rows.

The same scripted session (linking by deep link and by shared contact, surveys answered
by taps and typed text in both languages, a double tap, a complaint claimed and resolved
by its manager and confirmed by the customer, an admin's /waves and /stats) is played
through each framework against its own sandbox and database. Both must send the same
messages (text, caption, buttons, keyboards, edits) in the same order in every chat,
answer the same taps with the same toasts, make the same kinds of Bot API calls, and
leave the same rows behind.
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, get_args

import pytest
from sqlalchemy import select

from bot.chat.callbacks import encode
from bot.chat.routing import parse_command
from bot.runtimes import FRAMEWORKS
from bot.sandbox import ChatMessage, Sandbox, make_token
from bot.settings import Settings, SettingsError, load_settings
from surveys.ports import (
    Button,
    InlineKeyboard,
    Messenger,
    Outgoing,
    RateLimited,
    RecipientGone,
    ResumeAction,
    SendError,
)
from surveys.staff.roles import Role, add_staff
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Base
from tests.support.harness import BotHarness, question_buttons, running_bot

ALEX = 1001  # English, linked by deep link
LI = 1002  # Chinese, linked by sharing his phone number
MANAGER = 5001
ADMIN = 9001
CHATS = (ALEX, LI, MANAGER, ADMIN)
# Polling and start-up calls differ in number (long polls end on a timer); all else must not.
_BOOKKEEPING = {"getUpdates", "getMe", "deleteWebhook", "close", "logOut"}
# Columns that legitimately differ between two runs: random claim tokens. Times come from
# the same manual clock and ids from the same order of events, so they are compared.
_RANDOM_COLUMNS = {"claim_token"}


def _buttons(markup: dict[str, Any] | None) -> Any:
    if not markup:
        return None
    if "inline_keyboard" in markup:
        return [
            [(b["text"], b.get("callback_data")) for b in row] for row in markup["inline_keyboard"]
        ]
    return markup  # a reply keyboard or its removal, as sent


def _seen(message: ChatMessage) -> dict[str, Any]:
    """A message as the chat shows it, and each of its edits (dates are wall-clock: left out)."""
    return {
        "from_bot": message.from_bot,
        "text": message.text,
        "caption": message.caption,
        "markup": _buttons(message.reply_markup),
        "photo": bool(message.photo),
        "document": (message.document or {}).get("file_name"),
        "contact": (message.contact or {}).get("phone_number"),
        "edits": [(e.method, e.text, e.caption, _buttons(e.reply_markup)) for e in message.edits],
        "deleted": message.deleted,
    }


async def _wait_for_new(bot: BotHarness, chat: int, count: int) -> ChatMessage:
    return await bot.next_message(chat, count, timeout=10)


async def _answer_survey(
    bot: BotHarness, user: int, taps: dict[int, str], texts: dict[int, str]
) -> list[str]:
    """Answer question after question from the chat's last message; returns the toasts."""
    toasts: list[str] = []
    message = bot.sandbox.messages(user)[-1]
    for step in range(20):
        buttons = question_buttons(message)
        if not buttons:
            return toasts
        count = len(bot.sandbox.messages(user))
        if step in texts:
            bot.sandbox.send_text(user, texts[step])
        else:
            label = taps.get(step, next(iter(buttons)))
            toasts.append(await bot.tap_and_wait(user, message, buttons[label]))
        message = await _wait_for_new(bot, user, count)
    raise AssertionError("the survey did not end")


async def _script(bot: BotHarness) -> list[Any]:
    """The session; returns the toasts, in order."""
    toasts: list[Any] = []
    sandbox = bot.sandbox
    async with UnitOfWork(bot.services.db) as uow:
        now = bot.clock.now()
        await add_staff(
            uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now, name="Li"
        )
    sandbox.add_user(MANAGER, "Li", language_code="en")
    sandbox.add_user(ADMIN, "Boss", language_code="en")

    # Linking: by deep link, and by "share my phone number" (after a plain /start).
    await bot.customer("C-1", ALEX, name="Alex Chen", language="en")
    await bot.customer("C-2", LI, name="李强", language="zh", phone="13800138002", link=False)
    sandbox.press_start(LI)
    await _wait_for_new(bot, LI, 0)
    sandbox.share_contact(LI, "8613800138002")
    await _wait_for_new(bot, LI, 1)
    for chat, text in ((ALEX, "/status"), (ALEX, "/nonsense"), (LI, "你好")):
        count = len(sandbox.messages(chat))
        sandbox.send_text(chat, text)
        await _wait_for_new(bot, chat, count)

    # Both are surveyed; Alex taps the first answer twice in a hurry.
    await bot.wave_now()
    await _wait_for_new(bot, ALEX, 3)
    await _wait_for_new(bot, LI, 3)
    first = sandbox.messages(ALEX)[-1]
    five = question_buttons(first)["5"]
    taps = [sandbox.tap(ALEX, first.message_id, five) for _ in range(2)]
    answers = [await sandbox.wait_for_answer(query) for query in taps]
    toasts.append(sorted(a.text or "" for a in answers))
    await _wait_for_new(bot, ALEX, 4)
    await bot.settle()
    toasts += await _answer_survey(
        bot,
        ALEX,
        taps={0: "10", 1: "5", 2: "4", 3: "5", 4: "5", 5: "5"},
        texts={6: "Fast and friendly, thank you!"},
    )
    toasts += await _answer_survey(
        bot, LI, taps={0: "1", 1: "2", 7: "等待太久"}, texts={2: "给2分", 8: "等了三个小时，太慢了"}
    )

    # The branch manager claims, calls, resolves; the customer confirms.
    await bot.tick()
    card = next(m for m in sandbox.messages(MANAGER) if "Complaint #" in (m.text or ""))
    for label in ("✋ Claim", "📞 Contacted"):
        card = await bot.tap_and_see_edit(MANAGER, card, question_buttons(card)[label])
    count = len(sandbox.messages(MANAGER))
    toasts.append(await bot.tap_and_wait(MANAGER, card, question_buttons(card)["✅ Resolve"]))
    await _wait_for_new(bot, MANAGER, count)
    sandbox.send_text(MANAGER, "Called him, apologised, next service is on us.")
    causes = await _wait_for_new(bot, MANAGER, count + 1)
    toasts.append(await bot.tap_and_wait(MANAGER, causes, question_buttons(causes)["Waiting time"]))
    await bot.tick()
    asked = (await sandbox.wait_for_message(LI, 1, contains="请问您的问题解决了吗"))[-1]
    count = len(sandbox.messages(LI))
    toasts.append(await bot.tap_and_wait(LI, asked, question_buttons(asked)["已解决"]))
    await _wait_for_new(bot, LI, count)
    await bot.tick()

    # The admin looks at the waves and at the numbers.
    sandbox.send_text(ADMIN, "/waves")
    listing = await _wait_for_new(bot, ADMIN, 0)
    await bot.tap_and_see_edit(ADMIN, listing, question_buttons(listing)["#1"])
    sandbox.send_text(ADMIN, "/stats")
    await bot.next_message(ADMIN, 1, timeout=30)
    await bot.tick()
    await bot.settle()
    return toasts


def _calls(sandbox: Sandbox) -> Counter[tuple[str, Any]]:
    """Bot API calls by method and chat, start-up and polling aside."""
    return Counter(
        (r.method, r.params.get("chat_id"))
        for r in sandbox.requests()
        if r.method not in _BOOKKEEPING
    )


async def _rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, every row (random columns left out), in primary-key order."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    async with UnitOfWork(db, readonly=True) as uow:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in _RANDOM_COLUMNS]
            query = select(*columns).order_by(*table.primary_key.columns)
            dump[table.name] = [tuple(row) for row in (await uow.session.execute(query)).all()]
    return dump


async def _play(framework: str, tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / framework / "imports"
    folder.mkdir(parents=True)
    url = f"sqlite+aiosqlite:///{tmp_path / framework / 'parity.db'}"
    async with running_bot(
        url, folder, framework=framework, admins=str(ADMIN), language="en"
    ) as bot:
        toasts = await _script(bot)
        return {
            "chats": {chat: [_seen(m) for m in bot.sandbox.history(chat)] for chat in CHATS},
            "toasts": toasts,
            "calls": _calls(bot.sandbox),
            "rows": await _rows(bot.services.db),
        }


async def test_both_frameworks_say_and_store_the_same(tmp_path: Path) -> None:
    aiogram, ptb = [await _play(framework, tmp_path) for framework in FRAMEWORKS]
    # The script did what it says (parity of two empty sessions would prove nothing).
    texts = {chat: " ".join(str(m) for m in aiogram["chats"][chat]) for chat in CHATS}
    assert "Thank you, Alex Chen!" in texts[ALEX]
    assert "request_contact" in texts[LI]
    assert "哪里做得不好" in texts[LI]
    assert "You already answered this question. Thank you!" in aiogram["toasts"][0]
    assert "Called him" in texts[MANAGER]
    assert "post_service" in texts[ADMIN]
    assert any(m["photo"] for m in aiogram["chats"][ADMIN])
    assert len(aiogram["rows"]["answers"]) >= 16
    assert [c["status"] for c in _complaints(aiogram)] == ["closed"]

    for chat in CHATS:
        for n, (theirs, ours) in enumerate(
            zip(aiogram["chats"][chat], ptb["chats"][chat], strict=False)
        ):
            assert ours == theirs, (chat, n)
        assert len(ptb["chats"][chat]) == len(aiogram["chats"][chat]), chat
    assert ptb["toasts"] == aiogram["toasts"]
    assert ptb["calls"] == aiogram["calls"]
    for table, rows in aiogram["rows"].items():
        assert ptb["rows"][table] == rows, table


def _complaints(session: dict[str, Any]) -> list[dict[str, Any]]:
    from surveys.storage.tables import Complaint

    names = [c.name for c in Complaint.__table__.columns if c.name not in _RANDOM_COLUMNS]
    return [dict(zip(names, row, strict=True)) for row in session["rows"]["complaints"]]


def test_every_framework_the_settings_accept_has_a_runtime() -> None:
    accepted = get_args(Settings.model_fields["framework"].annotation)
    assert set(accepted) == set(FRAMEWORKS)
    assert load_settings({}).framework == "aiogram"
    assert load_settings({"SURVEYBOT_FRAMEWORK": "ptb"}).framework == "ptb"
    with pytest.raises(SettingsError, match=r"^SURVEYBOT_FRAMEWORK: "):
        load_settings({"SURVEYBOT_FRAMEWORK": "telethon"})


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_the_menu_is_set_and_only_messages_and_taps_are_polled(
    framework: str, tmp_path: Path
) -> None:
    folder = tmp_path / "imports"
    folder.mkdir()
    url = f"sqlite+aiosqlite:///{tmp_path / 'menu.db'}"
    async with running_bot(url, folder, framework=framework) as bot:
        menus = {
            r.params.get("language_code"): r.params for r in bot.sandbox.requests("setMyCommands")
        }
        assert set(menus) == {None, "zh"}
        polls = await bot.sandbox.wait_for_request("getUpdates")
        assert all(
            set(_json(p.params["allowed_updates"])) == {"message", "callback_query"} for p in polls
        )


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value


# --- both messengers read Telegram's failures alike ----------------------------------

CHAT = 1001


@asynccontextmanager
async def _messenger(framework: str, base_url: str, token: str) -> AsyncIterator[Messenger]:
    """The framework's messenger on its own Bot, with a short timeout (1 s)."""
    if framework == "aiogram":
        from aiogram import Bot as AiogramBot
        from aiogram.client.session.aiohttp import AiohttpSession
        from aiogram.client.telegram import TelegramAPIServer

        from bot.aiogram.messenger import AiogramMessenger

        session = AiohttpSession(api=TelegramAPIServer.from_base(base_url), timeout=1)
        try:
            yield AiogramMessenger(AiogramBot(token, session=session))
        finally:
            await session.close()
        return
    from telegram import Bot as PtbBot
    from telegram.request import HTTPXRequest

    from bot.ptb.messenger import PtbMessenger

    request = HTTPXRequest(read_timeout=1.0)
    bot = PtbBot(
        token, base_url=f"{base_url}/bot", base_file_url=f"{base_url}/file/bot", request=request
    )
    async with request:
        yield PtbMessenger(bot)


async def _outcome(sending: Awaitable[int]) -> tuple[str, object]:
    try:
        return ("sent", await sending)
    except RecipientGone as error:
        return ("gone", error.reason)
    except RateLimited as error:
        return ("429", error.retry_after)
    except SendError as error:
        return (type(error).__name__, None)


FAILURES = [
    pytest.param("blocked", {}, ("gone", "blocked"), id="blocked"),
    pytest.param("deactivated", {}, ("gone", "deactivated"), id="deactivated"),
    pytest.param("chat_not_found", {}, ("gone", "chat_not_found"), id="chat_not_found"),
    pytest.param("flood", {"retry_after": 3}, ("429", 3.0), id="flood"),
    pytest.param("server_error", {}, ("SendFailed", None), id="500"),
    pytest.param("server_error", {"status": 502}, ("SendFailed", None), id="502"),
    pytest.param("drop", {}, ("SendUncertain", None), id="drop"),
    pytest.param("timeout", {"delay": 1.5}, ("SendUncertain", None), id="read_timeout"),
]


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("kind", "options", "expected"), FAILURES)
async def test_both_messengers_read_failures_alike(
    framework: str, kind: str, options: dict[str, Any], expected: tuple[str, object]
) -> None:
    async with Sandbox(bot_username="parity_bot") as sandbox:
        sandbox.add_user(CHAT, "Ann", language_code="en")
        sandbox.inject(CHAT, kind, **options)
        async with _messenger(framework, sandbox.base_url, sandbox.token) as messenger:
            assert await _outcome(messenger.send(Outgoing(CHAT, "Your survey"))) == expected


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_both_messengers_edit_reject_and_answer_alike(framework: str) -> None:
    keyboard = InlineKeyboard(((Button("Yes", ResumeAction()),),))
    async with Sandbox(bot_username="parity_bot") as sandbox:
        sandbox.add_user(CHAT, "Ann", language_code="en")
        async with _messenger(framework, sandbox.base_url, sandbox.token) as messenger:
            sent = await messenger.send(Outgoing(CHAT, "Question", keyboard))
            same = Outgoing(CHAT, "Question", keyboard, edit_message_id=sent)
            assert await _outcome(messenger.send(same)) == ("sent", sent)  # not modified
            gone = Outgoing(CHAT, "Question", edit_message_id=sent + 99)
            assert await _outcome(messenger.send(gone)) == ("MessageRejected", None)
            assert await _outcome(messenger.send(Outgoing(CHAT, ""))) == ("MessageRejected", None)
            query = sandbox.tap(CHAT, sent, encode(ResumeAction()))
            await messenger.answer_callback(query, "Thanks", False)
            await messenger.answer_callback(query, "Again", False)  # too late: harmless
    assert [a.text for a in sandbox.callback_answers()] == ["Thanks"]
    assert [(v.method, v.param) for v in sandbox.violations()] == [("sendMessage", "text")]


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_refused_connection_is_safe_to_retry(framework: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with _messenger(framework, f"http://127.0.0.1:{port}", make_token()) as messenger:
        assert await _outcome(messenger.send(Outgoing(CHAT, "hi"))) == ("SendFailed", None)


# --- commands are read the same way: aiogram's rules, framework-neutral ----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", ("start", None)),
        ("/start tok-123", ("start", "tok-123")),
        ("/complaint   7 ", ("complaint", "7 ")),
        ("/stats@SurveyBot_Test_Bot 30", ("stats", "30")),
        ("/stats@another_bot", None),
        ("/STOP", ("STOP", None)),  # names are case-sensitive: not a known command
        ("  /help", ("help", None)),
        ("stop", None),
        ("", None),
        (None, None),
    ],
)
def test_commands_are_parsed_as_aiogram_parses_them(
    text: str | None, expected: tuple[str, str | None] | None
) -> None:
    call = parse_command(text, "surveybot_test_bot")
    assert (None if call is None else (call.name, call.args)) == expected
