"""kill -9 in the middle of a wave, start again: nothing is sent twice, nothing is lost."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.sandbox import Sandbox
from bot.settings import load_settings
from bot.wiring import build_services
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer, Delivery, Wave
from surveys.timemath import local_date
from surveys.waves.model import WaveRequest
from surveys.waves.schedule import AbsoluteWindow
from surveys.waves.service import create_wave

CUSTOMERS = 60
HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)


def _bot_env(database_url: str, sandbox: Sandbox) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYBOT_")}
    env.update(
        SURVEYBOT_DATABASE_URL=database_url,
        SURVEYBOT_API_BASE=sandbox.base_url,
        SURVEYBOT_TOKEN=sandbox.token,
        SURVEYBOT_SECRET="crash-test-secret-0123456789",
        SURVEYBOT_QUIET_HOURS="off",
        SURVEYBOT_RATE_LIMIT="12",
        SURVEYBOT_LEASE_SECONDS="2",
        SURVEYBOT_LOG_LEVEL="WARNING",
    )
    return env


async def _start_bot(env: dict[str, str], log: Path, framework: str) -> asyncio.subprocess.Process:
    with log.open("ab") as output:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--framework",
            framework,
            "--tick",
            "0.3",
            env=env,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )


def _openings(sandbox: Sandbox, users: list[int]) -> Counter[int]:
    return Counter(
        {
            u: sum(1 for m in sandbox.messages(u) if "Could you spare" in (m.text or ""))
            for u in users
        }
    )


@pytest.mark.slow
async def test_kill_9_in_the_middle_of_a_wave(
    database_url: str, framework: str, tmp_path: Path
) -> None:
    sandbox = Sandbox(bot_username="crash_test_bot")
    await sandbox.start()
    env = _bot_env(database_url, sandbox)
    services = await build_services(load_settings(env))
    try:
        zone = services.settings.zone
        day = local_date(services.clock.now(), zone)
        rows = [
            f"K-{n},service,{day} 00:{n % 60:02d},KC-{n},Customer {n},139{n:08d},en,Pudong,Li,X"
            for n in range(CUSTOMERS)
        ]
        path = tmp_path / "events.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        with open_events(
            path, timezone=zone, default_region="CN", now=services.clock.now()
        ) as events:
            await EventImporter(services.db, services.clock.now).run(events)
        users = [40_000 + n for n in range(CUSTOMERS)]
        async with UnitOfWork(services.db) as uow:
            for n, user in enumerate(users):
                await uow.session.execute(
                    update(Customer)
                    .where(Customer.external_id == f"KC-{n}")
                    .values(telegram_user_id=user, chat_id=user, linked_at=services.clock.now())
                )
            request = WaveRequest(
                "post_service", "service", AbsoluteWindow(day, day), send_at=services.clock.now()
            )
            wave = await create_wave(uow, services.catalog, request, zone, services.clock.now())
            wave_id = wave.id
        for user in users:
            sandbox.add_user(user, f"Customer {user}", language_code="en")

        log = tmp_path / "bot.log"
        first = await _start_bot(env, log, framework)
        try:
            await sandbox.wait_for(
                lambda: sum(_openings(sandbox, users).values()) >= 15 or None, 120.0, "15 surveys"
            )
        except TimeoutError:
            first.kill()
            await first.wait()
            raise AssertionError("the bot sent too little:\n" + log.read_text()) from None
        first.send_signal(signal.SIGKILL)
        await first.wait()
        sent_before_restart = sum(_openings(sandbox, users).values())
        assert sent_before_restart < CUSTOMERS

        second = await _start_bot(env, log, framework)
        try:
            for _ in range(1200):
                async with UnitOfWork(services.db, readonly=True) as uow:
                    status = (
                        await uow.session.execute(select(Wave.status).where(Wave.id == wave_id))
                    ).scalar_one()
                if status == "done":
                    break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(
                    "the wave did not finish after the restart:\n" + log.read_text()
                )
        finally:
            second.terminate()
            await second.wait()

        openings = _openings(sandbox, users)
        assert max(openings.values()) == 1, "a chat received two surveys"
        async with UnitOfWork(services.db, readonly=True) as uow:
            statuses = Counter((await uow.session.execute(select(Delivery.status))).scalars().all())
        assert set(statuses) <= {"sent", "uncertain"}
        assert sum(statuses.values()) == CUSTOMERS
        # Every "sent" survey arrived; an "uncertain" one may or may not have.
        received = sum(openings.values())
        assert statuses["sent"] <= received <= statuses["sent"] + statuses["uncertain"]
    finally:
        await services.close()
        await sandbox.stop()
