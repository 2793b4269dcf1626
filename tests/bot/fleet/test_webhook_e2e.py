"""The bot on its webhook: the sandbox delivers as Telegram does, and the 200 comes only
once the update's effect is committed (and not only once its reply is sent). On both
frameworks and both databases."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.intake.metrics import Metrics
from bot.intake.running import WebhookConfig
from bot.runtimes import IntakeOptions
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, ProcessedUpdate
from tests.bot.fleet.conftest import SECRET, free_port
from tests.support.harness import BotHarness, question_buttons, running_bot


def _pages() -> web.Application:
    """Pages mounted beside the webhook, as bot.web's sub-application will be."""

    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    app = web.Application()
    app.router.add_get("/hello", hello)
    return app


@pytest.fixture
async def hooked(
    database_url: str, framework: str, tmp_path: Path
) -> AsyncIterator[tuple[BotHarness, str, int]]:
    """The bot serving its webhook on a free port; yields the harness, the webhook URL and
    the metrics port."""
    folder = tmp_path / "imports"
    folder.mkdir()
    port, metrics_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    options = IntakeOptions(
        webhook=WebhookConfig(url=url, secret=SECRET, port=port, pages=(("/pages", _pages()),)),
        metrics=Metrics(),
        metrics_port=metrics_port,
    )
    async with running_bot(database_url, folder, framework=framework, options=options) as bot:
        assert bot.runtime.intake is not None
        await asyncio.wait_for(bot.runtime.intake.registered.wait(), 10)
        yield bot, url, metrics_port


async def _processed(harness: BotHarness) -> int:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return int(
            (await uow.session.execute(select(func.count(ProcessedUpdate.update_id)))).scalar_one()
        )


async def test_set_webhook_as_given_and_a_survey_over_it(
    hooked: tuple[BotHarness, str, int],
) -> None:
    harness, url, _ = hooked
    [call] = harness.sandbox.requests(method="setWebhook")
    assert call.params["url"] == url
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]
    assert call.params["max_connections"] == 40
    await harness.customer("C-1", 1001)
    await harness.wave_now()
    question = await harness.next_message(1001, 1)
    toast = await harness.tap_and_wait(1001, question, question_buttons(question)["4"])
    assert toast is not None
    await harness.next_message(1001, 2)
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        answers = (await uow.session.execute(select(Answer.value_int))).scalars().all()
    assert answers == [4]
    await harness.settle()  # every update got its 200: nothing left pending


async def test_the_200_goes_once_committed_while_the_reply_is_on_its_way(
    hooked: tuple[BotHarness, str, int],
) -> None:
    harness, _, _ = hooked
    sandbox = harness.sandbox
    await harness.customer("C-1", 1001)
    await harness.wave_now()
    question = await harness.next_message(1001, 1)
    await harness.settle()
    sandbox.set_latency(methods={"editMessageText": 1.5, "sendMessage": 1.5})
    sandbox.tap(1001, question.message_id, question_buttons(question)["4"])
    await sandbox.wait_for(lambda: sandbox.pending_updates() == 0 or None, 5.0, "the 200")
    assert len(sandbox.messages(1001)) == 2  # the next question has not arrived yet
    await harness.next_message(1001, 2)
    sandbox.set_latency(0)


async def test_a_forged_call_is_refused_and_changes_nothing(
    hooked: tuple[BotHarness, str, int],
) -> None:
    harness, url, _ = hooked
    harness.sandbox.add_user(1002, "Eve", language_code="en")
    before = await _processed(harness)
    update = {
        "update_id": 999_001,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": 1002, "type": "private", "first_name": "Eve"},
            "from": {"id": 1002, "is_bot": False, "first_name": "Eve"},
            "text": "/start",
        },
    }
    async with aiohttp.ClientSession() as http:
        for headers in (
            {},
            {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            {"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"},
        ):
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 401
    await asyncio.sleep(0.2)
    assert await _processed(harness) == before
    assert harness.sandbox.messages(1002) == []


async def test_the_same_update_twice_at_once_has_one_effect(
    hooked: tuple[BotHarness, str, int],
) -> None:
    harness, url, _ = hooked
    await harness.customer("C-1", 1001)
    await harness.wave_now()
    question = await harness.next_message(1001, 1)
    data = question_buttons(question)["5"]
    update: dict[str, Any] = {
        "update_id": 999_002,
        "callback_query": {
            "id": "forged-but-signed-1",
            "chat_instance": "1",
            "from": {"id": 1001, "is_bot": False, "first_name": "Alex", "language_code": "en"},
            "message": {
                "message_id": question.message_id,
                "date": 1_700_000_000,
                "chat": {"id": 1001, "type": "private", "first_name": "Alex"},
                "from": {"id": 1, "is_bot": True, "first_name": "Survey Bot"},
                "text": question.text,
            },
            "data": data,
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:

        async def deliver() -> int:
            async with http.post(url, json=update, headers=headers) as response:
                return response.status

        statuses = await asyncio.gather(deliver(), deliver(), deliver())
    assert list(statuses) == [200, 200, 200]
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        answers = (await uow.session.execute(select(Answer.value_int))).scalars().all()
    assert answers == [5]


async def test_healthz_and_metrics(hooked: tuple[BotHarness, str, int]) -> None:
    harness, url, metrics_port = hooked
    await harness.customer("C-1", 1001)
    base = url.rsplit("/", 1)[0]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"database": "ok"}
        async with http.get(f"{base}/metrics") as response:
            assert response.status != 200  # never on the public port
        async with http.get(f"{base}/pages/hello") as response:
            assert (response.status, await response.text()) == (200, "hello")
        async with http.get(f"http://127.0.0.1:{metrics_port}/metrics") as response:
            assert response.status == 200
            text = await response.text()
    assert 'surveybot_updates_total{kind="message",outcome="handled"} 1.0' in text
    assert "surveybot_handler_seconds_bucket" in text
    assert "surveybot_outbox_depth 0.0" in text
    assert "surveybot_complaints_open 0.0" in text
