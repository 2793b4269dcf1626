"""python-telegram-bot against the real network's conditions: latency, outages, 5xx bursts
(JSON and nginx HTML, before and after the call was carried out), a revoked token, 429
storms and a wrong base URL; each test pins down exactly what PTB raises, which is what
the table in ``bot/sandbox/__init__.py`` says."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from http import HTTPStatus
from typing import Any

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import (
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.sandbox import Sandbox
from tests.sandbox.sandbox_support import TOKEN

App = Application[Any, Any, Any, Any, Any, Any]


def _application(base_url: str) -> App:
    return (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{base_url}/bot")
        .base_file_url(f"{base_url}/file/bot")
        .build()
    )


@pytest.fixture
async def app(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[App]:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    async with _application(sandbox.base_url) as application:
        yield application


@pytest.fixture
def bot(app: App) -> Bot:
    running: Bot = app.bot
    return running


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def _start_polling(app: App, sandbox: Sandbox) -> None:
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await sandbox.wait_for_request("getUpdates")


def _texts(sandbox: Sandbox, chat_id: int = 1001) -> list[str | None]:
    return [m.text for m in sandbox.messages(chat_id)]


# --- latency ----------------------------------------------------------------------------


async def test_latency_delays_the_call_which_is_carried_out_when_answered(
    sandbox: Sandbox, bot: Bot
) -> None:
    sandbox.set_latency(0.3)
    started = time.monotonic()
    sending = asyncio.create_task(bot.send_message(1001, "from far away"))
    await asyncio.sleep(0.15)
    assert _texts(sandbox) == []
    await sending
    assert time.monotonic() - started >= 0.3
    assert _texts(sandbox) == ["from far away"]


async def test_calls_under_latency_overlap(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.set_latency(0.3)
    started = time.monotonic()
    await asyncio.gather(*(bot.send_message(1001, f"survey {i}") for i in range(30)))
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.5  # about one round trip, not 30 of them (9 s)
    assert len(sandbox.messages(1001)) == 30


# --- outages ----------------------------------------------------------------------------


async def test_outage_refuses_connections_and_keeps_every_bit_of_state(
    sandbox: Sandbox, bot: Bot
) -> None:
    await bot.send_message(1001, "before")
    sandbox.inject(1002, "blocked")
    sandbox.go_down()
    await asyncio.sleep(0.05)  # let the client notice its pooled connection was cut
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(1001, "during")
    assert type(raised.value) is NetworkError
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert raised.value.message == "httpx.ConnectError: All connection attempts failed"
    await sandbox.come_back()
    after = await bot.send_message(1001, "after")
    assert after.message_id == 2
    assert _texts(sandbox) == ["before", "after"]
    with pytest.raises(Forbidden):
        await bot.send_message(1002, "still blocked")


async def test_a_call_on_its_way_when_the_port_closes_is_cut_and_not_carried_out(
    sandbox: Sandbox, bot: Bot
) -> None:
    sandbox.set_latency(0.5)
    sending = asyncio.create_task(bot.send_message(1001, "on its way"))
    await asyncio.sleep(0.1)
    sandbox.go_down()
    with pytest.raises(NetworkError) as raised:
        await sending
    assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError)
    assert raised.value.message == (
        "httpx.RemoteProtocolError: Server disconnected without sending a response."
    )
    await sandbox.come_back()
    assert sandbox.messages(1001) == []


async def test_long_polling_reconnects_after_an_outage(sandbox: Sandbox, app: App) -> None:
    await _start_polling(app, sandbox)
    assert app.updater is not None
    try:
        sandbox.send_text(1001, "one")
        await sandbox.wait_for_message(1001)
        outage = asyncio.create_task(sandbox.outage(0.5))
        await asyncio.sleep(0.1)
        sandbox.send_text(1001, "two")  # queued while the bot cannot reach the sandbox
        await outage
        await sandbox.wait_for_message(1001, 2, timeout=8)
    finally:
        await app.updater.stop()
        await app.stop()
    assert _texts(sandbox) == ["echo: one", "echo: two"]


# --- server errors ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_json_server_errors_raise_network_error(
    sandbox: Sandbox, bot: Bot, status: int
) -> None:
    sandbox.inject(None, "server_error", status=status, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(1001, "lost")
        assert type(raised.value) is NetworkError
        assert raised.value.message == HTTPStatus(status).phrase
        assert raised.value.__cause__ is None
    await bot.send_message(1001, "third time")
    assert _texts(sandbox) == ["third time"]


@pytest.mark.parametrize("status", [502, 504])
async def test_nginx_html_pages_raise_network_error_naming_the_status(
    sandbox: Sandbox, bot: Bot, status: int
) -> None:
    sandbox.inject(None, "server_error", status=status, html=True)
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(1001, "lost")
    assert type(raised.value) is NetworkError
    phrase = HTTPStatus(status).phrase
    assert raised.value.message.startswith(f"{phrase} ({status}). Parsing the server response")
    cause = raised.value.__cause__
    assert isinstance(cause, TelegramError)
    assert cause.message == "Invalid server response"
    assert _texts(sandbox) == []


async def test_gateway_error_after_the_call_was_carried_out(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "server_error", status=504, html=True, carried_out=True)
    with pytest.raises(NetworkError, match=r"^Gateway Timeout \(504\)"):
        await bot.send_message(1001, "Your survey")
    assert _texts(sandbox) == ["Your survey"]


async def test_server_errors_for_a_while(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "server_error", status=503, seconds=0.3)
    for _ in range(3):
        with pytest.raises(NetworkError, match="Service Unavailable"):
            await bot.get_me()
    await asyncio.sleep(0.35)
    await bot.send_message(1001, "recovered")


async def test_read_timeout_and_dropped_connection_after_delivery(
    sandbox: Sandbox, bot: Bot
) -> None:
    sandbox.inject(1001, "timeout", delay=2.0)
    with pytest.raises(TimedOut) as timed_out:
        await bot.send_message(1001, "late", read_timeout=0.3)
    assert timed_out.value.message == "Timed out"
    assert isinstance(timed_out.value.__cause__, httpx.ReadTimeout)
    sandbox.inject(1001, "drop")
    with pytest.raises(NetworkError) as dropped:
        await bot.send_message(1001, "dropped")
    assert isinstance(dropped.value.__cause__, httpx.RemoteProtocolError)
    assert _texts(sandbox) == ["late", "dropped"]


# --- a revoked token --------------------------------------------------------------------


async def test_revoked_token_raises_invalid_token_until_cleared(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "unauthorized", seconds=0.4)
    for _ in range(2):
        with pytest.raises(InvalidToken) as raised:
            await bot.send_message(1001, "refused")
        assert raised.value.message == "Unauthorized"
        assert raised.value.__cause__ is None
    await asyncio.sleep(0.45)
    await bot.send_message(1001, "works again")
    assert _texts(sandbox) == ["works again"]


async def test_polling_gives_up_for_good_on_a_revoked_token(sandbox: Sandbox, app: App) -> None:
    await _start_polling(app, sandbox)
    assert app.updater is not None
    sandbox.inject(None, "unauthorized", seconds=0.3)
    sandbox.send_text(1001, "during")  # fetched by the poll in flight; the reply is refused
    await sandbox.wait_for(
        lambda: any(r.status == 401 for r in sandbox.requests("getUpdates")), timeout=3
    )
    await asyncio.sleep(1.0)  # the token works again by now
    assert app.updater.running  # ... yet nothing polls
    assert [r.status for r in sandbox.requests("getUpdates")][-1] == 401
    with pytest.raises(InvalidToken):
        await app.updater.stop()  # the polling task's error comes out here
    await app.stop()


async def test_starting_with_a_revoked_token(sandbox: Sandbox) -> None:
    sandbox.inject(None, "unauthorized")
    revoked = _application(sandbox.base_url)
    with pytest.raises(InvalidToken) as raised:
        await revoked.initialize()
    assert raised.value.message == f"The token `{TOKEN}` was rejected by the server."
    assert isinstance(raised.value.__cause__, InvalidToken)
    assert raised.value.__cause__.message == "Unauthorized"
    await revoked.bot.request.shutdown()  # a failed initialize leaves the pool open


# --- 429 storms -------------------------------------------------------------------------


async def test_429_storm_on_every_call_for_a_while(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "flood", retry_after=3, seconds=0.3)
    with pytest.raises(RetryAfter) as raised:
        await bot.get_me()
    assert raised.value.retry_after == dt.timedelta(seconds=3)
    assert raised.value.message == "Flood control exceeded. Retry in 0:00:03"
    with pytest.raises(RetryAfter):
        await bot.send_message(1001, "refused")
    await asyncio.sleep(0.35)
    await bot.send_message(1001, "after the storm")


async def test_429_storm_on_send_message_only(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "flood", retry_after=2, count=3, methods=frozenset({"sendMessage"}))
    await bot.get_me()
    for chat_id in (1001, 1002, 1001):
        with pytest.raises(RetryAfter):
            await bot.send_message(chat_id, "refused")
    await bot.send_message(1002, "fourth passes")
    assert len(sandbox.rate_limit_hits()) == 3


# --- a wrong base URL -------------------------------------------------------------------


async def test_wrong_base_url_gets_nginx_404_page(sandbox: Sandbox) -> None:
    lost = _application(f"{sandbox.base_url}/telegram")
    with pytest.raises(InvalidToken) as raised:
        await lost.initialize()  # getMe; PTB words any 401/404 at start as a rejected token
    assert raised.value.message == f"The token `{TOKEN}` was rejected by the server."
    answer = raised.value.__cause__
    assert isinstance(answer, InvalidToken)
    assert answer.message.startswith("Not Found (404). Parsing the server response")
    assert "<title>404 Not Found</title>" in answer.message
    assert isinstance(answer.__cause__, TelegramError)
    assert answer.__cause__.message == "Invalid server response"
    assert sandbox.requests() == []
    await lost.bot.request.shutdown()  # a failed initialize leaves the pool open
