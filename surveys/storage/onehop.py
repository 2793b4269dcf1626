"""SQLite statements in one trip to aiosqlite's thread instead of four.

aiosqlite runs sqlite3 in a thread of its own; every call is a trip there and back (a
queue put, a thread wake-up, a future set from the other side). SQLAlchemy's adapter
makes four for a query (open a cursor, execute, fetch, close) and three for a write, and
those trips, not SQLite, were most of the CPU an answer cost (33 trips for 9 statements).
This adapter does the four steps in one function run on that thread, so a statement costs
one trip. It plugs in as the DBAPI ``module`` of SQLAlchemy's own aiosqlite dialect;
server-side cursors (streaming) keep SQLAlchemy's.

A transaction begun with :data:`INLINE_OPTION` makes no trip at all for its statements:
they run on the event loop's own thread, where a point query or a one-row write costs tens
of microseconds and the trip cost several times that (and a GIL hand-over each way). Only
short transactions opt in (survey answers and marks of sent replies: a few statements by
key each); BEGIN IMMEDIATE, which may wait for another process's write lock, and the
commit, which may checkpoint the WAL, still go to the thread, and so does everything in
other transactions (reports, imports, waves), which may take long.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

INLINE_OPTION = "surveybot_inline"
"""Execution option: this transaction's statements run on the event loop's thread."""


class _Finished:
    """What a statement left behind, read by SQLAlchemy after the trip back."""

    __slots__ = ("arraysize", "description", "lastrowid", "rowcount")

    def __init__(self) -> None:
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    def close(self) -> None:
        """Nothing to close: the sqlite3 cursor was closed on its own thread."""


def _run(
    connection: sqlite3.Connection, operation: str, parameters: Any, many: bool
) -> tuple[Any, int, int | None, list[Any]]:
    """On aiosqlite's thread: execute, fetch everything, close."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()
    _awaitable_cursor_close = False

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Finished()

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        adapted: OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        async with adapted._execute_mutex:
            link: aiosqlite.Connection = self._connection  # type: ignore[assignment]
            if adapted.inline:
                description, rowcount, lastrowid, rows = _run(
                    link._conn, operation, parameters, many
                )
            else:
                description, rowcount, lastrowid, rows = await link._execute(  # type: ignore[no-untyped-call]
                    _run, link._conn, operation, parameters, many
                )
        finished: _Finished = self._cursor  # type: ignore[assignment]
        finished.description, finished.rowcount, finished.lastrowid = (
            description,
            rowcount,
            lastrowid,
        )
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        await self._trip(operation, seq_of_parameters, many=True)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("inline",)
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.inline = False
        """Set at each BEGIN from the transaction's :data:`INLINE_OPTION`."""


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI shim, with connections whose cursors make one trip."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
