"""A database in use at the first revision upgrades to the head without losing a row."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from surveys.storage import Database
from surveys.storage.migrate import head_revision, upgrade

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def _value(column: sa.Column[Any], index: int) -> Any:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.Float | sa.Numeric):
        return 1.5
    if isinstance(kind, sa.DateTime):
        return NOW
    if isinstance(kind, sa.JSON):
        return {"kept": True}
    if isinstance(kind, sa.String | sa.Text):
        length = getattr(kind, "length", None) or 32
        return f"v{index}-{column.name}"[:length]
    return None


def _populate(connection: Connection) -> dict[str, dict[str, Any]]:
    """One row in every table, every column filled (foreign keys point at row 1)."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    rows: dict[str, dict[str, Any]] = {}
    for index, table in enumerate(metadata.sorted_tables):
        if table.name == "alembic_version":
            continue
        row = {column.name: _value(column, index) for column in table.columns}
        connection.execute(table.insert().values(row))
        rows[table.name] = row
    return rows


def _read(connection: Connection, names: list[str]) -> dict[str, list[dict[str, Any]]]:
    metadata = sa.MetaData()
    metadata.reflect(connection, only=names)
    return {
        name: [dict(r._mapping) for r in connection.execute(sa.select(metadata.tables[name]))]
        for name in names
    }


async def test_a_populated_first_revision_upgrades_to_the_head(database_url: str) -> None:
    db = Database(database_url)
    try:
        await upgrade(db, "0001")
        async with db.engine.begin() as connection:
            before = await connection.run_sync(_populate)
        await upgrade(db)
        async with db.engine.connect() as connection:
            after = await connection.run_sync(_read, sorted(before))
            version = (
                await connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            ).scalar_one()
    finally:
        await db.dispose()
    assert version == head_revision()
    for name, row in before.items():
        [kept] = after[name]
        for column, value in row.items():
            stored = kept[column]
            if isinstance(value, datetime) and isinstance(stored, datetime):
                stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
            assert stored == value, (name, column, stored, value)
