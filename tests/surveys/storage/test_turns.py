"""Claiming an update in its chat's turn: two workers (two handles on one database) never
handle two updates of one chat at once, and the same update twice has one effect. On
PostgreSQL other chats do not wait; on SQLite every writer takes its turn anyway."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from surveys.storage import Database, UnitOfWork
from surveys.storage.locks import claim_in_turn
from surveys.storage.tables import ProcessedUpdate

AT = datetime(2026, 12, 7, tzinfo=UTC)
CHAT = 4_200_000_001
WAIT = 0.4


@pytest.fixture
async def other_worker(db: Database, database_url: str) -> AsyncIterator[Database]:
    other = Database(database_url)
    try:
        yield other
    finally:
        await other.dispose()


async def _claim(db: Database, chat: int, update_id: int) -> bool:
    async with UnitOfWork(db) as uow:
        return await claim_in_turn(uow, chat, update_id, AT)


@asynccontextmanager
async def _holding(db: Database, chat: int, update_id: int) -> AsyncIterator[None]:
    """Claim, and keep that transaction open while the block runs."""
    held, release = asyncio.Event(), asyncio.Event()

    async def holder() -> None:
        async with UnitOfWork(db) as uow:
            assert await claim_in_turn(uow, chat, update_id, AT)
            held.set()
            await release.wait()

    task = asyncio.create_task(holder())
    await asyncio.wait({task, asyncio.create_task(held.wait())}, return_when="FIRST_COMPLETED")
    if task.done():
        task.result()  # the claim failed: say why
    try:
        yield
    finally:
        release.set()
        await task


async def _ids(db: Database) -> list[int]:
    async with UnitOfWork(db, readonly=True) as uow:
        found = await uow.session.execute(
            select(ProcessedUpdate.update_id).order_by(ProcessedUpdate.update_id)
        )
        return list(found.scalars())


async def test_a_chats_next_update_waits_for_the_one_in_hand(
    db: Database, other_worker: Database
) -> None:
    async with _holding(db, CHAT, 1):
        second = asyncio.create_task(_claim(other_worker, CHAT, 2))
        await asyncio.sleep(WAIT)
        assert not second.done(), "two updates of one chat were handled at once"
    assert await asyncio.wait_for(second, 10) is True
    assert await _ids(db) == [1, 2]


async def test_the_same_update_on_two_workers_is_claimed_once(
    db: Database, other_worker: Database
) -> None:
    async with _holding(db, CHAT, 7):
        again = asyncio.create_task(_claim(other_worker, CHAT, 7))
        await asyncio.sleep(WAIT)
        assert not again.done()
    assert await asyncio.wait_for(again, 10) is False
    assert await _ids(db) == [7]


async def test_other_chats_go_on_while_one_is_in_hand(db: Database, other_worker: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("SQLite has one writer at a time: every chat takes its turn")
    async with _holding(db, CHAT, 1):
        assert await asyncio.wait_for(_claim(other_worker, CHAT + 1, 2), WAIT) is True
    assert await _ids(db) == [1, 2]
