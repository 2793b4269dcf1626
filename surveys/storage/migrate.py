"""Apply the Alembic migrations from code (``surveybot db upgrade``, tests, the demo)."""

from __future__ import annotations

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


async def upgrade(db: Database, revision: str = "head") -> None:
    """Upgrade under the migrations' lock: workers started at once upgrade one at a time,
    and those after the first find nothing left to do."""
    async with db.engine.begin() as connection:
        await lock_migrations(connection)
        await connection.run_sync(_run, "upgrade", revision)


async def downgrade(db: Database, revision: str) -> None:
    async with db.engine.begin() as connection:
        await lock_migrations(connection)
        await connection.run_sync(_run, "downgrade", revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def current_revision(db: Database) -> str | None:
    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with db.engine.connect() as connection:
        return await connection.run_sync(read)
