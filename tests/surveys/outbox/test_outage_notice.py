"""The admins hear of an outage once, however many workers saw it end: the first worker
queues the notices, the others (at the same moment or a little later) find them. A later
outage is told again. On both databases, two handles on one database as two workers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from surveys.outbox.notices import queue_outage_notice
from surveys.outbox.pacing.breaker import Outage
from surveys.staff.roles import Role, add_staff
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Notification

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
ADMINS = (901, 902)


@pytest.fixture
async def workers(db: Database, database_url: str) -> AsyncIterator[tuple[Database, Database]]:
    async with UnitOfWork(db) as uow:
        for admin in ADMINS:
            await add_staff(uow, user_id=admin, role=Role.ADMIN, branch=None, level=1, now=NOW)
    other = Database(database_url)
    try:
        yield db, other
    finally:
        await other.dispose()


async def _notices(db: Database) -> list[tuple[int, str]]:
    async with UnitOfWork(db, readonly=True) as uow:
        rows = await uow.session.execute(
            select(Notification.chat_id, Notification.kind).order_by(
                Notification.created_at, Notification.chat_id
            )
        )
        return [(chat, kind) for chat, kind in rows]


async def test_workers_ending_one_outage_together_tell_each_admin_once(
    workers: tuple[Database, Database],
) -> None:
    first, second = workers
    queued = await asyncio.gather(
        queue_outage_notice(first, NOW, Outage("unauthorized", 610)),
        queue_outage_notice(second, NOW + timedelta(seconds=1), Outage("unauthorized", 604)),
    )
    assert sorted(queued) == [0, 2]
    assert await _notices(first) == [
        (901, "outage:unauthorized:10"),
        (902, "outage:unauthorized:10"),
    ]


async def test_a_worker_that_sees_the_end_later_adds_nothing(
    workers: tuple[Database, Database],
) -> None:
    first, second = workers
    assert await queue_outage_notice(first, NOW, Outage("not_found", 300)) == 2
    # Its probe came back 40 s later: the same outage, seen for longer.
    assert (
        await queue_outage_notice(second, NOW + timedelta(seconds=40), Outage("not_found", 345))
        == 0
    )
    assert len(await _notices(first)) == 2


async def test_a_later_outage_is_told_again(workers: tuple[Database, Database]) -> None:
    first, second = workers
    assert await queue_outage_notice(first, NOW, Outage("unauthorized", 120)) == 2
    later = NOW + timedelta(hours=3)
    assert await queue_outage_notice(second, later, Outage("unauthorized", 180)) == 2
    kinds = [kind for _, kind in await _notices(first)]
    assert kinds == ["outage:unauthorized:2"] * 2 + ["outage:unauthorized:3"] * 2
