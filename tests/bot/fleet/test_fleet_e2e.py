"""Three ``surveybot serve`` workers on one port, PostgreSQL and Redis, against the sandbox:
a wave during which one worker is killed -9 and started again."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select, update

from bot.sandbox import RateLimits, Sandbox
from bot.sandbox.facade.bots import make_token
from bot.settings import load_settings
from bot.wiring import Services, build_services
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Customer, Delivery
from surveys.timemath import local_date
from surveys.waves.model import WaveRequest
from surveys.waves.schedule import AbsoluteWindow
from surveys.waves.service import create_wave
from tests.bot.fleet.conftest import REDIS_ENV, SECRET, free_port, needs_redis
from tests.bot.fleet.workers import Fleet
from tests.support.harness import HEADER, question_buttons

pytestmark = [pytest.mark.slow, needs_redis]

CUSTOMERS = 90
FIRST_USER = 50_000


async def _customers(services: Services, folder: Path, count: int) -> list[int]:
    now = datetime.now(UTC)
    day = (local_date(now, services.settings.zone) - timedelta(days=1)).isoformat()
    rows = [
        f"F-{n},service,{day} 09:{n % 60:02d},FC-{n},Customer {n},139{n:08d},en,Pudong,Li,X"
        for n in range(count)
    ]
    path = folder / "visits.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    with open_events(path, timezone=services.settings.zone, default_region="CN", now=now) as events:
        report = await EventImporter(services.db, lambda: now).run(events)
    assert not report.errors
    users = [FIRST_USER + n for n in range(count)]
    async with UnitOfWork(services.db) as uow:
        for n, user in enumerate(users):
            await uow.session.execute(
                update(Customer)
                .where(Customer.external_id == f"FC-{n}")
                .values(telegram_user_id=user, chat_id=user, linked_at=now)
            )
    return users


@pytest.fixture
async def fleet(
    database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[Fleet, Sandbox, Services]]:
    limits = RateLimits(enabled=True, per_second=30.0, burst=30)
    token = make_token(random.randint(10_000_000, 99_999_999))
    sandbox = Sandbox(token=token, rate_limits=limits)
    await sandbox.start()
    port = free_port()
    import os

    env = Fleet.environment(
        database_url=database_url,
        api_base=sandbox.base_url,
        token=sandbox.token,
        secret="fleet-secret-0123456789",
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_secret=SECRET,
        redis_url=os.environ[REDIS_ENV],
        quiet_hours="off",
        digest_time="off",
        lease_seconds="4",
        language="en",
        log_level="info",
    )
    services = await build_services(
        load_settings({k: v for k, v in env.items() if k.startswith("SURVEYBOT_")})
    )
    workers = Fleet(env, port, tmp_path)
    try:
        yield workers, sandbox, services
    finally:
        workers.stop()
        await services.close()
        await sandbox.stop()


async def test_a_wave_across_three_workers_one_killed_and_started_again(
    fleet: tuple[Fleet, Sandbox, Services], tmp_path: Path
) -> None:
    workers, sandbox, services = fleet
    if services.db.is_sqlite:
        pytest.skip("several workers need PostgreSQL")
    users = await _customers(services, tmp_path, CUSTOMERS)
    for user in users:
        sandbox.add_user(user, f"Customer {user}", language_code="en")
    for _ in range(3):
        workers.start()
    await workers.healthy()

    now = datetime.now(UTC)
    yesterday = local_date(now, services.settings.zone) - timedelta(days=1)
    async with UnitOfWork(services.db) as uow:
        request = WaveRequest(
            "post_service", "service", AbsoluteWindow(yesterday, yesterday), send_at=now
        )
        wave = await create_wave(uow, services.catalog, request, services.settings.zone, now)
        wave_id = wave.id

    def sent() -> int:
        return len(sandbox.requests(method="sendMessage"))

    await sandbox.wait_for(lambda: sent() >= 20 or None, 60.0, "the wave to start")
    workers.kill(1)  # kill -9 in the middle of the wave
    workers.start(1)

    def surveyed() -> list[int]:
        return [u for u in users if sandbox.messages(u)]

    taps: dict[int, str] = {}
    tapped_users = users[: CUSTOMERS - 1]
    spare = users[-1]  # its tap is delivered by hand, twice at once
    deadline = asyncio.get_running_loop().time() + 90
    while len(taps) < len(tapped_users) and asyncio.get_running_loop().time() < deadline:
        for user in tapped_users:
            if user in taps or not sandbox.messages(user):
                continue
            question = sandbox.messages(user)[0]
            taps[user] = sandbox.tap(user, question.message_id, question_buttons(question)["5"])
        async with UnitOfWork(services.db, readonly=True) as uow:
            open_ = (
                await uow.session.execute(
                    select(func.count()).where(
                        Delivery.status.in_(("pending", "claimed", "sending"))
                    )
                )
            ).scalar_one()
        if open_ == 0 and len(taps) == len([u for u in tapped_users if sandbox.messages(u)]):
            break
        await asyncio.sleep(0.3)
    await workers.healthy()
    for query_id in taps.values():
        await sandbox.wait_for_answer(query_id, timeout=60)
    await _same_update_to_two_workers(sandbox, workers, spare)
    await asyncio.sleep(1.0)

    async with UnitOfWork(services.db, readonly=True) as uow:
        statuses = Counter(
            (await uow.session.execute(select(Delivery.status).where(Delivery.wave_id == wave_id)))
            .scalars()
            .all()
        )
        overall = (
            await uow.session.execute(
                select(Answer.delivery_id, func.count())
                .group_by(Answer.delivery_id)
                .where(Answer.question_id == "overall")
            )
        ).all()
    surveys_seen = Counter(
        user
        for user in users
        for message in sandbox.messages(user)
        if "Overall, how satisfied" in (message.text or "")
    )
    # Every customer surveyed once: never twice; missing only where a send was uncertain.
    assert max(surveys_seen.values()) == 1, workers.logs()
    assert statuses["sent"] + statuses["uncertain"] == CUSTOMERS, (statuses, workers.logs())
    assert len(surveys_seen) >= statuses["sent"]
    # Every tap's effect once (the spare's two deliveries of one update too).
    assert all(count == 1 for _, count in overall)
    assert len(overall) == len(taps) + (1 if spare in surveys_seen else 0)
    # One rate budget across workers: Telegram never had to say 429.
    assert sandbox.rate_limit_hits() == [], workers.logs()


async def test_on_sqlite_a_second_worker_refuses(fleet: tuple[Fleet, Sandbox, Services]) -> None:
    workers, _, services = fleet
    if not services.db.is_sqlite:
        pytest.skip("the SQLite case")
    first = workers.start()
    await workers.healthy()
    second = workers.start()
    child = workers.workers[second]
    assert child is not None
    assert await asyncio.to_thread(child.wait, 120) == 2
    workers.workers[second] = None
    assert "another surveybot already runs on this database" in workers.logs()
    assert workers.workers[first] is not None
    await workers.healthy()


async def _same_update_to_two_workers(sandbox: Sandbox, workers: Fleet, user: int) -> None:
    """The same tap delivered at once on two connections (SO_REUSEPORT spreads them)."""
    if not sandbox.messages(user):
        return
    question = sandbox.messages(user)[0]
    update: dict[str, Any] = {
        "update_id": 9_000_001,
        "callback_query": {
            "id": "twice-delivered",
            "chat_instance": "1",
            "from": {"id": user, "is_bot": False, "first_name": "C", "language_code": "en"},
            "message": {
                "message_id": question.message_id,
                "date": int(datetime.now(UTC).timestamp()),
                "chat": {"id": user, "type": "private", "first_name": "C"},
                "from": {"id": 1, "is_bot": True, "first_name": "Survey Bot"},
                "text": question.text,
            },
            "data": question_buttons(question)["4"],
        },
    }
    url = f"http://127.0.0.1:{workers.port}/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def deliver() -> int:
            async with http.post(url, json=update, headers=headers) as response:
                return response.status

        statuses = await asyncio.gather(*(deliver() for _ in range(4)))
    assert list(statuses) == [200] * 4
