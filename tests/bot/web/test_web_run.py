"""``surveybot run --web-port P``: the polling bot serves the survey pages on its own port,
logs each request without its token, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from bot.sandbox import Sandbox
from bot.settings import load_settings
from bot.wiring import build_services
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer
from surveys.timemath import local_date
from surveys.web.links import LinkPolicy, survey_link
from tests.bot.web.support import free_port

HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)


async def _link(env: dict[str, str], folder: Path) -> str:
    services = await build_services(load_settings(env))
    try:
        settings = services.settings
        day = local_date(services.clock.now(), settings.zone)
        path = folder / "events.csv"
        path.write_text(
            f"{HEADER}\nW-1,service,{day} 00:10,WC-1,Alex,13900000001,en,Pudong,Li,X\n",
            encoding="utf-8",
        )
        with open_events(
            path, timezone=settings.zone, default_region="CN", now=services.clock.now()
        ) as events:
            await EventImporter(services.db, services.clock.now).run(events)
        keys = services.domain.web_keys
        assert keys is not None
        async with UnitOfWork(services.db) as uow:
            customer = (
                await uow.session.execute(select(Customer).where(Customer.external_id == "WC-1"))
            ).scalar_one()
            made = await survey_link(
                uow,
                keys,
                services.catalog,
                LinkPolicy(settings.zone, settings.language),
                customer,
                services.clock.now(),
            )
        return f"{settings.web_url}/s/{made.token}"
    finally:
        await services.close()


async def _wait_until_serving(url: str, process: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as client:
        for _ in range(300):
            assert process.returncode is None, "the bot stopped"
            try:
                async with client.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("the web pages never answered")


@pytest.mark.slow
async def test_run_serves_the_pages_on_the_web_port(database_url: str, tmp_path: Path) -> None:
    sandbox = Sandbox(bot_username="web_run_bot")
    await sandbox.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYBOT_")}
    env.update(
        SURVEYBOT_DATABASE_URL=database_url,
        SURVEYBOT_API_BASE=sandbox.base_url,
        SURVEYBOT_TOKEN=sandbox.token,
        SURVEYBOT_SECRET="web-run-secret-0123456789",
        SURVEYBOT_LANGUAGE="en",
        SURVEYBOT_LOG_LEVEL="INFO",
        SURVEYBOT_WEB_URL=f"http://127.0.0.1:{port}",
    )
    log = tmp_path / "bot.log"
    try:
        link = await _link(env, tmp_path)
        with log.open("wb") as output:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--web-port",
                str(port),
                env=env,
                stdout=output,
                stderr=asyncio.subprocess.STDOUT,
            )
        try:
            await _wait_until_serving(f"http://127.0.0.1:{port}/web-static/web.css", process)
            async with aiohttp.ClientSession() as client, client.get(link) as response:
                assert response.status == 200
                assert "Overall, how satisfied" in await response.text()
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), timeout=30)
        text = log.read_text(encoding="utf-8")
        assert code == 0, text
        token = link.rsplit("/", 1)[1]
        assert "GET /s/… 200" in text, text
        assert token not in text
    finally:
        await sandbox.stop()
