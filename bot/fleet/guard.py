"""One owner of a database at a time, where one is all it can have.

``surveybot run`` polls, and two pollers of one bot fight forever over ``getUpdates``; a
``serve`` worker without Redis keeps its own rate budget. Each takes the instance lock
alone. ``serve`` workers with PostgreSQL and Redis share it, so that any number of them
run together but a ``run`` (or a worker without Redis) refuses beside them.

The lock dies with its process, so a start right after ``kill -9`` starts: on PostgreSQL
a session advisory lock on a connection of its own; beside a SQLite file an OS lock on
``<file>.lock`` (``fcntl.flock``), which SQLite itself never takes.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from surveys.storage.database import Database
from surveys.storage.locks import try_instance_lock


class AnotherInstance(Exception):
    """Another process owns the database in a way that excludes this one."""


class InstanceGuard:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._connection: AsyncConnection | None = None
        self._file: int | None = None

    async def acquire(self, *, shared: bool = False) -> None:
        """Take the lock (``shared``: any number of ``serve`` workers with Redis), or raise
        :class:`AnotherInstance`."""
        if self.db.is_sqlite:
            self._lock_file()
            return
        connection = await self.db.engine.connect()
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            if not await try_instance_lock(connection, shared=shared):
                raise AnotherInstance(str(self.db.url.database))
        except BaseException:
            await connection.close()
            raise
        self._connection = connection

    def _lock_file(self) -> None:
        database = self.db.url.database or ""
        path = Path(database).resolve().with_name(Path(database).name + ".lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AnotherInstance(str(path)) from None
        self._file = fd

    async def release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            # Back in the pool the session (and its lock) would live on: end it instead.
            await connection.invalidate()
            await connection.close()
        if self._file is not None:
            fd, self._file = self._file, None
            os.close(fd)
