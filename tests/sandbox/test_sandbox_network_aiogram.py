"""aiogram 3 against the real network's conditions: latency, outages, 5xx bursts (JSON and
nginx HTML, before and after the call was carried out), a revoked token, 429 storms and a
wrong base URL; each test pins down exactly what aiogram raises, which is what the table
in ``bot/sandbox/__init__.py`` says."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import Message

from bot.sandbox import Sandbox
from tests.sandbox.sandbox_support import TOKEN

Polling = Callable[[Dispatcher], Any]


def _bot(base_url: str, timeout: float = 60.0) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url), timeout=timeout)
    return Bot(TOKEN, session=session)


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    async with _bot(sandbox.base_url) as running:
        yield running


@pytest.fixture
def polling(sandbox: Sandbox, bot: Bot) -> Polling:
    """Long polling (a 1 s poll) against the sandbox for the body of a with-block."""

    @asynccontextmanager
    async def run(dispatcher: Dispatcher) -> AsyncIterator[None]:
        task = asyncio.create_task(
            dispatcher.start_polling(
                bot, handle_signals=False, close_bot_session=False, polling_timeout=1
            )
        )
        try:
            await sandbox.wait_for_request("getUpdates")
            yield
        finally:
            await dispatcher.stop_polling()
            await task

    return run


def _echo() -> Dispatcher:
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"echo: {message.text}")

    return dispatcher


def _texts(sandbox: Sandbox, chat_id: int = 1001) -> list[str | None]:
    return [m.text for m in sandbox.messages(chat_id)]


# --- latency ----------------------------------------------------------------------------


async def test_latency_delays_the_call_which_is_carried_out_when_answered(
    sandbox: Sandbox, bot: Bot
) -> None:
    await bot.get_me()
    sandbox.set_latency(0.3)
    started = time.monotonic()
    sending = asyncio.create_task(bot.send_message(1001, "from far away"))
    await asyncio.sleep(0.15)
    assert _texts(sandbox) == []
    await sending
    assert time.monotonic() - started >= 0.3
    assert _texts(sandbox) == ["from far away"]


async def test_calls_under_latency_overlap(sandbox: Sandbox, bot: Bot) -> None:
    await bot.get_me()
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
    base_url = sandbox.base_url
    sandbox.go_down()
    await asyncio.sleep(0.05)  # let the client notice its pooled connection was cut
    with pytest.raises(TelegramNetworkError) as raised:
        await bot.send_message(1001, "during")
    cause = raised.value.__cause__
    assert isinstance(cause, aiohttp.ClientConnectorError)
    assert isinstance(cause.os_error, ConnectionRefusedError)
    assert raised.value.message.startswith("ClientConnectorError: Cannot connect to host")
    await sandbox.come_back()
    after = await bot.send_message(1001, "after")
    assert sandbox.base_url == base_url
    assert after.message_id == 2
    assert _texts(sandbox) == ["before", "after"]
    assert [r.params.get("text") for r in sandbox.requests("sendMessage")] == ["before", "after"]
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(1002, "still blocked")


async def test_a_call_on_its_way_when_the_port_closes_is_cut_and_not_carried_out(
    sandbox: Sandbox, bot: Bot
) -> None:
    await bot.get_me()
    sandbox.set_latency(0.5)
    sending = asyncio.create_task(bot.send_message(1001, "on its way"))
    await asyncio.sleep(0.1)
    sandbox.go_down()
    with pytest.raises(TelegramNetworkError) as raised:
        await sending
    assert isinstance(raised.value.__cause__, aiohttp.ServerDisconnectedError)
    assert raised.value.message == "ServerDisconnectedError: Server disconnected"
    await sandbox.come_back()
    assert sandbox.messages(1001) == []


async def test_long_polling_reconnects_after_an_outage(sandbox: Sandbox, polling: Polling) -> None:
    async with polling(_echo()):
        sandbox.send_text(1001, "one")
        await sandbox.wait_for_message(1001)
        outage = asyncio.create_task(sandbox.outage(0.5))
        await asyncio.sleep(0.1)
        sandbox.send_text(1001, "two")  # queued while the bot cannot reach the sandbox
        await outage
        await sandbox.wait_for_message(1001, 2, timeout=8)
    assert _texts(sandbox) == ["echo: one", "echo: two"]


# --- server errors ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_json_server_errors_raise_server_error(
    sandbox: Sandbox, bot: Bot, status: int
) -> None:
    sandbox.inject(None, "server_error", status=status, count=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError) as raised:
            await bot.send_message(1001, "lost")
        assert raised.value.message == HTTPStatus(status).phrase
        assert raised.value.__cause__ is None
    await bot.send_message(1001, "third time")
    assert _texts(sandbox) == ["third time"]


@pytest.mark.parametrize("status", [502, 504])
async def test_nginx_html_pages_fail_to_decode_and_lose_the_status(
    sandbox: Sandbox, bot: Bot, status: int
) -> None:
    sandbox.inject(None, "server_error", status=status, html=True)
    with pytest.raises(ClientDecodeError) as raised:
        await bot.send_message(1001, "lost")
    assert raised.value.message == "Failed to decode object"
    assert isinstance(raised.value.__cause__, json.JSONDecodeError)
    assert raised.value.original is raised.value.__cause__
    assert f"<title>{status} {HTTPStatus(status).phrase}</title>" in raised.value.data
    assert _texts(sandbox) == []


async def test_gateway_error_after_the_call_was_carried_out(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "server_error", status=502, html=True, carried_out=True)
    with pytest.raises(ClientDecodeError):
        await bot.send_message(1001, "Your survey")
    assert _texts(sandbox) == ["Your survey"]
    [logged] = sandbox.requests("sendMessage")
    assert (logged.status, logged.description) == (502, "Bad Gateway")


async def test_server_errors_for_a_while(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "server_error", status=503, seconds=0.3)
    for _ in range(3):
        with pytest.raises(TelegramServerError, match="Service Unavailable"):
            await bot.get_me()
    await asyncio.sleep(0.35)
    await bot.send_message(1001, "recovered")
    assert sandbox.failures() == []


async def test_read_timeout_and_dropped_connection_after_delivery(
    sandbox: Sandbox, bot: Bot
) -> None:
    sandbox.inject(1001, "timeout", delay=2.0)
    async with _bot(sandbox.base_url, timeout=0.3) as impatient:
        with pytest.raises(TelegramNetworkError) as timed_out:
            await impatient.send_message(1001, "late")
    assert timed_out.value.message == "Request timeout error"
    assert isinstance(timed_out.value.__cause__, TimeoutError)
    sandbox.inject(1001, "drop")
    with pytest.raises(TelegramNetworkError) as dropped:
        await bot.send_message(1001, "dropped")
    assert isinstance(dropped.value.__cause__, aiohttp.ServerDisconnectedError)
    assert _texts(sandbox) == ["late", "dropped"]


# --- a revoked token --------------------------------------------------------------------


async def test_revoked_token_is_unauthorized_until_cleared(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "unauthorized")
    with pytest.raises(TelegramUnauthorizedError) as raised:
        await bot.get_me()
    assert raised.value.message == "Unauthorized"
    with pytest.raises(TelegramUnauthorizedError):
        await bot.send_message(1001, "refused")
    sandbox.clear_failures(kind="unauthorized")
    await bot.send_message(1001, "works again")
    assert _texts(sandbox) == ["works again"]
    assert [r.status for r in sandbox.requests()] == [401, 401, 200]


async def test_polling_retries_through_a_revoked_token(sandbox: Sandbox, polling: Polling) -> None:
    async with polling(_echo()):
        sandbox.inject(None, "unauthorized", seconds=0.8)
        sandbox.send_text(1001, "during")  # fetched by the poll in flight; the reply is refused
        await sandbox.wait_for(
            lambda: any(r.status == 401 for r in sandbox.requests("getUpdates")), timeout=3
        )
        sandbox.send_text(1001, "after")
        [reply] = await sandbox.wait_for_message(1001, timeout=8)
    assert reply.text == "echo: after"
    assert [r.status for r in sandbox.requests("sendMessage")] == [401, 200]


# --- 429 storms -------------------------------------------------------------------------


async def test_429_storm_on_every_call_for_a_while(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "flood", retry_after=3, seconds=0.3)
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.get_me()
    assert raised.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in raised.value.message
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(1001, "refused")
    await asyncio.sleep(0.35)
    await bot.send_message(1001, "after the storm")
    assert [h.reason for h in sandbox.rate_limit_hits()] == ["injected", "injected"]


async def test_429_storm_on_send_message_only(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject(None, "flood", retry_after=2, count=3, methods=frozenset({"sendMessage"}))
    await bot.get_me()
    for chat_id in (1001, 1002, 1001):
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(chat_id, "refused")
    await bot.send_message(1002, "fourth passes")
    assert len(sandbox.rate_limit_hits()) == 3


# --- a wrong base URL -------------------------------------------------------------------


async def test_wrong_base_url_gets_nginx_404_page(sandbox: Sandbox) -> None:
    async with _bot(f"{sandbox.base_url}/telegram") as lost:
        with pytest.raises(ClientDecodeError) as raised:
            await lost.get_me()
    assert isinstance(raised.value.__cause__, json.JSONDecodeError)
    assert "<title>404 Not Found</title>" in raised.value.data
    assert sandbox.requests() == []
