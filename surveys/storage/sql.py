"""Statements that differ between SQLite and PostgreSQL, written once."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert


def insert_ignore(
    dialect: str, table: Table, index_elements: Sequence[str], values: Any = None
) -> Insert:
    """INSERT that silently skips rows violating the unique key ``index_elements``."""
    if dialect == "postgresql":
        pg_stmt = postgresql.insert(table)
        if values is not None:
            pg_stmt = pg_stmt.values(values)
        return pg_stmt.on_conflict_do_nothing(index_elements=list(index_elements))
    lite_stmt = sqlite.insert(table)
    if values is not None:
        lite_stmt = lite_stmt.values(values)
    return lite_stmt.on_conflict_do_nothing(index_elements=list(index_elements))


@functools.cache
def prepared_insert_ignore(dialect: str, table: Table, index_elements: tuple[str, ...]) -> Insert:
    """:func:`insert_ignore` built once per table and dialect, for the hot paths: its
    columns are the keys of the parameters it is executed with."""
    return insert_ignore(dialect, table, index_elements)
