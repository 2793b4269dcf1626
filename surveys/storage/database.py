"""One place that knows how to open the database, on SQLite or PostgreSQL.

SQLite is made safe for several writers (DESIGN.md invariant 5): WAL,
``busy_timeout``, foreign keys on, and ``BEGIN IMMEDIATE`` for every write
transaction, so that two read-then-write transactions queue for the lock
instead of failing with "database is locked" when the second one upgrades.
Read-only units of work use a plain ``BEGIN`` and never block writers.

On PostgreSQL a pooled connection is checked (pinged) before use only when it has been
idle a while (:data:`PG_PING_AFTER_IDLE_SECONDS`): a server restart or a dropped idle
connection is found before a transaction meets it, while a busy worker does not pay
three more round trips (asyncpg's ping is a BEGIN, a query and a ROLLBACK) for every
transaction, as ``pool_pre_ping`` made it do. A connection that breaks while in use
fails that one transaction, and SQLAlchemy then retires every connection opened before it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.util import await_only

from surveys.storage.onehop import INLINE_OPTION, OneTripConnection, one_trip_dbapi

READONLY_OPTION = "surveybot_readonly"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# A worker handles up to 64 updates at once, each holding a connection only for its short
# transaction. SQLAlchemy's default (5, and 10 more closed again as soon as they come back)
# made a busy worker open and close connections all the time; 15 + 5 per worker keeps
# four workers and the CLI under PostgreSQL's default of 100 connections.
PG_POOL_SIZE = 15
PG_OVERFLOW = 5
PG_PING_AFTER_IDLE_SECONDS = 5.0
_USED_AT = "surveybot_used_at"


class DatabaseURLError(ValueError):
    """The configured URL names a driver this product does not run on."""


def normalize_url(raw: str) -> URL:
    """Accept the usual spellings and map them to the async drivers we ship with."""
    url = make_url(raw)
    backend, _, driver = url.drivername.partition("+")
    if backend == "sqlite":
        if driver not in ("aiosqlite", "pysqlite", ""):
            raise DatabaseURLError(f"unsupported SQLite driver {driver!r}; use sqlite+aiosqlite")
        if not url.database or url.database == ":memory:":
            raise DatabaseURLError(
                "an in-memory SQLite database cannot be shared; give a file path"
            )
        return url.set(drivername="sqlite+aiosqlite")
    if backend in ("postgresql", "postgres"):
        if driver not in ("asyncpg", "psycopg2", "psycopg", ""):
            raise DatabaseURLError(
                f"unsupported PostgreSQL driver {driver!r}; use postgresql+asyncpg"
            )
        return url.set(drivername="postgresql+asyncpg")
    raise DatabaseURLError(f"unsupported database {backend!r}; use sqlite+aiosqlite or postgresql")


def _enter_wal(cursor: Any) -> None:
    """Switch the file to WAL. The switch needs the file to itself and SQLite does not wait
    for it (no busy handler there): a worker opening a new file while another one writes
    its first pages is told "locked" at once, so it waits here, within the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        await_only(asyncio.sleep(pause))
        pause = min(pause * 2, 0.25)


def _install_sqlite_rules(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver must not open transactions on its own: we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            _enter_wal(cursor)
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # /forget must not leave erased names and words in free pages of the file.
            cursor.execute("PRAGMA secure_delete=ON")
        finally:
            cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        adapted = connection.connection.dbapi_connection
        if isinstance(adapted, OneTripConnection):
            adapted.inline = False  # BEGIN IMMEDIATE may wait for another process: not inline
        connection.exec_driver_sql("BEGIN" if options.get(READONLY_OPTION) else "BEGIN IMMEDIATE")
        if isinstance(adapted, OneTripConnection):
            adapted.inline = bool(options.get(INLINE_OPTION, False))


def _install_idle_ping(engine: AsyncEngine, idle_seconds: float) -> None:
    """Ping a pooled connection at checkout when it was last given back over
    ``idle_seconds`` ago; one that does not answer is replaced (the pool tries again)."""
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        record.info[_USED_AT] = time.monotonic()

    @event.listens_for(pool, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_USED_AT] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if time.monotonic() - record.info.get(_USED_AT, 0.0) < idle_seconds:
            return
        try:
            engine.sync_engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("an idle pooled connection did not answer") from error
        record.info[_USED_AT] = time.monotonic()


class Database:
    """The async engine and session factory for one database URL."""

    def __init__(
        self, url: str, *, echo: bool = False, ping_after_idle: float = PG_PING_AFTER_IDLE_SECONDS
    ) -> None:
        self.url = normalize_url(url)
        # Parameters hold names, phones and customers' words: never in a log line or an
        # error message, at any level (the statements themselves are kept).
        options: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.is_sqlite:
            # Inline transactions run their statements on the loop's thread, the rest on
            # aiosqlite's (never two at once: one connection runs one statement at a time).
            options["connect_args"] = {
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                "check_same_thread": False,
            }
            options["module"] = one_trip_dbapi()
        else:
            options.update(pool_size=PG_POOL_SIZE, max_overflow=PG_OVERFLOW)
        self.engine: AsyncEngine = create_async_engine(self.url, **options)
        if self.is_sqlite:
            _install_sqlite_rules(self.engine)
        else:
            _install_idle_ping(self.engine, ping_after_idle)
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False, autoflush=False
        )
        # SQLite has one writer at a time. Inside one process, writers queue on this lock
        # instead of spinning in SQLite's busy handler (which sleeps in growing steps and
        # caps throughput under contention); BEGIN IMMEDIATE still guards other processes.
        self.write_lock: asyncio.Lock | None = asyncio.Lock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    async def dispose(self) -> None:
        await self.engine.dispose()
