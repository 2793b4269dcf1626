"""Unit of work: one transaction, committed once, by the caller.

Repositories never commit on their own, so "record the answer, advance the
survey and mark the update processed" is one transaction that either happens
whole or not at all. No unit of work is ever held open across a Telegram call.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession

from surveys.storage.database import READONLY_OPTION, Database


class UnitOfWork:
    """``async with UnitOfWork(db) as uow:`` commits on success, rolls back on error."""

    def __init__(self, db: Database, *, readonly: bool = False) -> None:
        self.db = db
        self.readonly = readonly
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._session

    @property
    def dialect(self) -> str:
        return self.db.dialect

    async def __aenter__(self) -> Self:
        self._session = self.db.sessions()
        if self.readonly:
            await self._session.connection(execution_options={READONLY_OPTION: True})
        return self

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
            await session.close()
            self._session = None
