"""Apply the Alembic migrations from code (``surveybot db upgrade``, tests, the demo)."""

from __future__ import annotations

import asyncio
import weakref
from importlib.resources import files
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from surveys.storage.database import Database
from surveys.storage.locks import lock_migrations


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("surveys.storage") / "migrations"))
    return config


def _run(connection: Connection, direction: Literal["upgrade", "downgrade"], target: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    if direction == "upgrade":
        command.upgrade(config, target)
    else:
        command.downgrade(config, target)


# Alembic's ``context`` and ``op`` are module-wide proxies: two migrations interleaving in
# one process (workers sharing an event loop, as in tests) would run each other's steps.
_IN_PROCESS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def _process_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _IN_PROCESS.get(loop)
    if lock is None:
        lock = _IN_PROCESS[loop] = asyncio.Lock()
    return lock


async def _migrate(db: Database, direction: Literal["upgrade", "downgrade"], target: str) -> None:
    async with _process_lock():
        await _migrate_alone(db, direction, target)


async def _migrate_alone(
    db: Database, direction: Literal["upgrade", "downgrade"], target: str
) -> None:
    """Run the migrations in one transaction. On SQLite, altering a table rebuilds it (drop
    and copy), which a table that others point at refuses while foreign keys are enforced:
    they are switched off around the transaction (SQLite ignores the switch inside one),
    and every reference is checked before the transaction commits."""
    async with db.engine.connect() as connection:
        if not db.is_sqlite:
            async with connection.begin():
                await lock_migrations(connection)
                await connection.run_sync(_run, direction, target)
            return
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.execute("PRAGMA foreign_keys=OFF")
        try:
            async with connection.begin():
                # Take the write lock (BEGIN IMMEDIATE) before Alembic reads the version, so
                # that another process's upgrade finishes first and this one finds it done.
                await connection.exec_driver_sql("SELECT 1")
                await connection.run_sync(_run, direction, target)
                broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:
                    raise RuntimeError(f"the migration broke references: {broken[:5]}")
        finally:
            await raw.execute("PRAGMA foreign_keys=ON")


async def upgrade(db: Database, revision: str = "head") -> None:
    """Upgrade under the migrations' lock: workers started at once upgrade one at a time,
    and those after the first find nothing left to do."""
    await _migrate(db, "upgrade", revision)


async def downgrade(db: Database, revision: str) -> None:
    await _migrate(db, "downgrade", revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def current_revision(db: Database) -> str | None:
    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with db.engine.connect() as connection:
        return await connection.run_sync(read)
