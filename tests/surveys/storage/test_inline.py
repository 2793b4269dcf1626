"""Inline transactions: on SQLite their statements run on the event loop's thread, while
BEGIN IMMEDIATE and COMMIT (which may wait or checkpoint) and every other transaction's
statements stay on aiosqlite's. Each statement is traced by SQLite itself, on the thread
that runs it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from surveys.storage import Database, UnitOfWork
from surveys.storage.group import GroupCommit
from surveys.storage.migrate import upgrade
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import ProcessedUpdate

AT = datetime(2026, 12, 7, tzinfo=UTC)
Traced = list[tuple[str, bool]]
"""Each statement SQLite ran, and whether it ran on the event loop's thread."""


@pytest.fixture
async def traced(tmp_path: Path) -> AsyncIterator[tuple[Database, Traced]]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}")
    await upgrade(db)
    await db.engine.dispose()  # connections opened from here on are traced
    seen: Traced = []
    loop_thread = threading.get_ident()

    def trace(statement: str) -> None:
        seen.append((" ".join(statement.split()), threading.get_ident() == loop_thread))

    @event.listens_for(db.engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection._connection._conn.set_trace_callback(trace)

    try:
        yield db, seen
    finally:
        await db.dispose()


async def _claim(uow: UnitOfWork, update_id: int) -> None:
    await uow.session.execute(
        insert_ignore(
            uow.dialect,
            ProcessedUpdate.__table__,  # type: ignore[arg-type]
            ["update_id"],
            {"update_id": update_id, "processed_at": AT},
        )
    )


def _where(seen: Traced, prefix: str) -> set[bool]:
    return {on_loop for statement, on_loop in seen if statement.startswith(prefix)}


async def test_an_inline_transactions_statements_run_on_the_loops_thread(
    traced: tuple[Database, Traced],
) -> None:
    db, seen = traced
    async with UnitOfWork(db, inline=True) as uow:
        await _claim(uow, 1)
        found = await uow.session.execute(select(ProcessedUpdate.update_id))
        assert found.scalars().all() == [1]
    assert _where(seen, "INSERT INTO processed_updates") == {True}
    assert _where(seen, "SELECT processed_updates") == {True}
    # The lock may be another process's for a while, and a commit may checkpoint the WAL.
    assert _where(seen, "BEGIN IMMEDIATE") == {False}
    assert _where(seen, "COMMIT") == {False}


async def test_other_transactions_keep_aiosqlites_thread_on_the_same_connection(
    traced: tuple[Database, Traced],
) -> None:
    db, seen = traced
    async with UnitOfWork(db, inline=True) as uow:
        await _claim(uow, 1)
    async with UnitOfWork(db) as uow:  # the pool hands back the same connection
        await _claim(uow, 2)
    async with UnitOfWork(db, readonly=True) as uow:
        await uow.session.execute(text("SELECT count(*) FROM processed_updates"))
    inserts = [on_loop for statement, on_loop in seen if statement.startswith("INSERT")]
    assert inserts == [True, False]
    assert _where(seen, "SELECT count(*)") == {False}


async def test_an_inline_transaction_that_fails_keeps_nothing(
    traced: tuple[Database, Traced],
) -> None:
    db, _ = traced
    with pytest.raises(RuntimeError):
        async with UnitOfWork(db, inline=True) as uow:
            await _claim(uow, 1)
            raise RuntimeError("the step failed")
    async with UnitOfWork(db, readonly=True) as uow:
        count = await uow.session.execute(select(func.count(ProcessedUpdate.update_id)))
        assert count.scalar_one() == 0


async def test_grouped_steps_run_inline_beside_a_read_on_the_other_thread(
    traced: tuple[Database, Traced],
) -> None:
    """Answers grouped in one transaction on the loop's thread while a report reads on
    aiosqlite's: both see what they should, nothing is lost."""
    db, seen = traced
    group = GroupCommit(db, inline=True)

    async def claim(update_id: int) -> None:
        await group.run(lambda uow: _claim(uow, update_id))

    async def report() -> int:
        async with UnitOfWork(db, readonly=True) as uow:
            counted = await uow.session.execute(
                text(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    " WHERE i < 200000) SELECT count(*) FROM n"
                )
            )
            return int(counted.scalar_one())

    reading = asyncio.create_task(report())
    await asyncio.gather(*(claim(n) for n in range(40)))
    assert await reading == 200_000
    async with UnitOfWork(db, readonly=True) as uow:
        count = await uow.session.execute(select(func.count(ProcessedUpdate.update_id)))
        assert count.scalar_one() == 40
    assert group.batches < 40, "nothing was grouped"
    assert _where(seen, "INSERT INTO processed_updates") == {True}
    assert _where(seen, "WITH RECURSIVE") == {False}


async def test_an_inline_unit_of_work_commits_on_both_databases(db: Database) -> None:
    """On PostgreSQL the driver is asynchronous already: the option changes nothing there."""
    async with UnitOfWork(db, inline=True) as uow:
        await _claim(uow, 5)
    async with UnitOfWork(db, readonly=True) as uow:
        found = await uow.session.execute(select(ProcessedUpdate.update_id))
        assert found.scalars().all() == [5]
    assert UnitOfWork(db, inline=True).inline is db.is_sqlite
