"""The database handle: URLs, SQLite rules, UTC instants, concurrent writers."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from surveys.storage import Database, DatabaseURLError, UnitOfWork
from surveys.storage.database import normalize_url
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import AppState, AuditEntry, Branch, ProcessedUpdate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite+aiosqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h:5433/db", "postgresql+asyncpg://u@h:5433/db"),
    ],
)
def test_urls_are_mapped_to_async_drivers(raw: str, expected: str) -> None:
    assert normalize_url(raw).render_as_string() == expected


@pytest.mark.parametrize(
    "raw", ["mysql://u@h/db", "sqlite://", "sqlite:///:memory:", "oracle://x", "sqlite+foo:///x"]
)
def test_unsupported_urls_are_refused(raw: str) -> None:
    with pytest.raises(DatabaseURLError):
        normalize_url(raw)


async def test_sqlite_connection_rules(tmp_path: object) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/rules.db")
    try:
        async with db.engine.connect() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
            busy = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
            erased = (await connection.execute(text("PRAGMA secure_delete"))).scalar()
        assert (mode, keys) == ("wal", 1)
        assert erased == 1  # deleted rows are overwritten, not left in free pages
        assert busy is not None
        assert busy >= 5000
    finally:
        await db.dispose()


async def test_opening_a_new_file_another_process_is_writing_waits_for_it(
    tmp_path: object,
) -> None:
    """Switching to WAL needs the file to itself, and SQLite answers "locked" at once
    instead of waiting: the opening worker must wait for the writer, not fail."""
    path = f"{tmp_path}/new.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE first_pages (x INTEGER)")
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        opening = asyncio.create_task(_journal_mode(db))
        await asyncio.sleep(0.3)
        assert not opening.done()
        writer.execute("COMMIT")
        assert await asyncio.wait_for(opening, 10) == "wal"
    finally:
        writer.close()
        await db.dispose()


async def _journal_mode(db: Database) -> str:
    async with db.engine.connect() as connection:
        return str((await connection.execute(text("PRAGMA journal_mode"))).scalar())


async def test_instants_come_back_aware_utc(db: Database) -> None:
    local = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    async with UnitOfWork(db) as uow:
        uow.session.add(Branch(name="Pudong", created_at=local))
    async with UnitOfWork(db, readonly=True) as uow:
        stored = (await uow.session.execute(select(Branch.created_at))).scalar_one()
    assert stored == local
    assert stored.utcoffset() == timedelta(0)
    assert stored.hour == 1


async def test_naive_instants_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"):
        async with UnitOfWork(db) as uow:
            uow.session.add(Branch(name="X", created_at=datetime(2026, 1, 1)))
            await uow.session.flush()


async def test_failed_unit_of_work_keeps_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with UnitOfWork(db) as uow:
            uow.session.add(AppState(key="k", value="v"))
            await uow.session.flush()
            raise RuntimeError("boom")
    async with UnitOfWork(db, readonly=True) as uow:
        assert (await uow.session.execute(select(AppState))).first() is None


async def test_insert_ignore_skips_duplicates(db: Database) -> None:
    now = datetime.now(UTC)
    for _ in range(2):
        async with UnitOfWork(db) as uow:
            stmt = insert_ignore(
                uow.dialect,
                ProcessedUpdate.__table__,  # type: ignore[arg-type]
                ["update_id"],
                {"update_id": 7, "processed_at": now},
            )
            await uow.session.execute(stmt)
    async with UnitOfWork(db, readonly=True) as uow:
        rows = (await uow.session.execute(select(ProcessedUpdate.update_id))).scalars().all()
    assert rows == [7]


async def test_concurrent_read_then_write_transactions_all_succeed(db: Database) -> None:
    """Twenty writers that each read then write must queue, not fail (invariant 5)."""
    async with UnitOfWork(db) as uow:
        uow.session.add(AppState(key="counter", value="0"))

    async def bump(worker: int) -> None:
        async with UnitOfWork(db) as uow:
            current = (
                await uow.session.execute(select(AppState.value).where(AppState.key == "counter"))
            ).scalar_one()
            await asyncio.sleep(0)
            await uow.session.execute(
                update(AppState)
                .where(AppState.key == "counter")
                .values(value=str(int(current) + 1))
            )
            uow.session.add(
                AuditEntry(
                    at=datetime.now(UTC),
                    actor_kind="system",
                    action="test.bump",
                    object_type="worker",
                    object_id=str(worker),
                )
            )

    results = await asyncio.gather(*(bump(i) for i in range(20)), return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    async with UnitOfWork(db, readonly=True) as uow:
        final = (
            await uow.session.execute(select(AppState.value).where(AppState.key == "counter"))
        ).scalar_one()
    if db.is_sqlite:
        # BEGIN IMMEDIATE serialises writers, so no increment is lost either.
        assert final == "20"
    else:
        assert 1 <= int(final) <= 20


async def test_statement_parameters_never_reach_the_log(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """DEBUG logging of SQLAlchemy shows statements, never the names and words bound in."""
    secret = "Zhang San 13800138000 the brakes squeal"
    with caplog.at_level(logging.DEBUG, logger="sqlalchemy.engine"):
        async with UnitOfWork(db) as uow:
            await uow.session.execute(text("SELECT :words AS words"), {"words": secret})
    assert "SELECT" in caplog.text
    assert secret not in caplog.text


async def _backend_pid(db: Database) -> int:
    async with UnitOfWork(db, readonly=True) as uow:
        return int((await uow.session.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    database_url: str,
) -> None:
    """Idle a while: pinged at checkout and replaced. Just used: not pinged (no round trips
    spent on a busy worker), so a drop then fails one transaction and the pool recovers."""
    if database_url.startswith("sqlite"):
        pytest.skip("a server that drops connections: PostgreSQL")
    db, admin = Database(database_url, ping_after_idle=0.5), Database(database_url)

    async def drop(pid: int) -> None:
        async with UnitOfWork(admin) as uow:
            await uow.session.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})

    try:
        first = await _backend_pid(db)
        await drop(first)
        with pytest.raises(DBAPIError):
            await _backend_pid(db)  # used a moment ago: nobody asked whether it lives
        second = await _backend_pid(db)
        assert second != first

        await drop(second)
        await asyncio.sleep(0.8)
        third = await _backend_pid(db)  # idle: pinged, found dead, replaced
        assert third not in (first, second)
    finally:
        await db.dispose()
        await admin.dispose()
