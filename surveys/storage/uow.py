"""Unit of work: one transaction, committed once, by the caller.

Repositories never commit on their own, so "record the answer, advance the
survey and mark the update processed" is one transaction that either happens
whole or not at all. No unit of work is ever held open across a Telegram call.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession

from surveys.storage.database import READONLY_OPTION, Database
from surveys.storage.onehop import INLINE_OPTION

_WRITER: ContextVar[asyncio.Task[object] | None] = ContextVar("surveybot_writer", default=None)


class UnitOfWork:
    """``async with UnitOfWork(db) as uow:`` commits on success, rolls back on error.

    ``inline``: a short transaction (a few statements by key) whose SQLite statements run
    on the event loop's thread (:mod:`surveys.storage.onehop`); no effect on PostgreSQL."""

    def __init__(self, db: Database, *, readonly: bool = False, inline: bool = False) -> None:
        self.db = db
        self.readonly = readonly
        self.inline = inline and db.is_sqlite
        self._session: AsyncSession | None = None
        self._locked = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._session

    @property
    def dialect(self) -> str:
        return self.db.dialect

    async def __aenter__(self) -> Self:
        lock = self.db.write_lock
        if lock is not None and not self.readonly:
            task = asyncio.current_task()
            if _WRITER.get() is not None and _WRITER.get() is task and lock.locked():
                raise RuntimeError("a write unit of work was opened inside another one")
            await lock.acquire()
            self._locked = True
            _WRITER.set(task)
        try:
            self._session = self.db.sessions()
            if self.readonly or self.inline:
                options = {READONLY_OPTION: self.readonly, INLINE_OPTION: self.inline}
                await self._session.connection(execution_options=options)
        except BaseException:
            self._release()
            raise
        return self

    def _release(self) -> None:
        if self._locked:
            self._locked = False
            _WRITER.set(None)
            assert self.db.write_lock is not None
            self.db.write_lock.release()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if exc_type is None:
                # Read-only work commits too: a rollback would expire what it loaded.
                await session.commit()
            else:
                await session.rollback()
        finally:
            try:
                await session.close()
            finally:
                self._session = None
                self._release()
