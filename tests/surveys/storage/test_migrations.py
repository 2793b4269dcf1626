"""Every migration goes up, down and up again on every backend."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from surveys.storage import Database
from surveys.storage.migrate import (
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)
from surveys.storage.tables import Base


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _table_names(db: Database) -> set[str]:
    def read(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async with db.engine.connect() as connection:
        return await connection.run_sync(read)


async def test_stairway_up_down_up(database_url: str) -> None:
    db = Database(database_url)
    try:
        for revision in _revisions():
            await upgrade(db, revision)
            previous = await current_revision(db)
            assert previous == revision
            await downgrade(db, "-1")
            await upgrade(db, revision)
            assert await current_revision(db) == revision
        assert await current_revision(db) == head_revision()
    finally:
        await db.dispose()


async def test_head_matches_the_tables(db: Database) -> None:
    tables = await _table_names(db)
    assert set(Base.metadata.tables) <= tables


async def test_downgrade_to_base_removes_everything(database_url: str) -> None:
    db = Database(database_url)
    try:
        await upgrade(db)
        await downgrade(db, "base")
        assert await _table_names(db) <= {"alembic_version"}
    finally:
        await db.dispose()
