"""Group commit: steps that arrive while a write transaction runs share the next one.

On SQLite there is one writer at a time, so concurrent answers queue for the lock and
each pays for its own BEGIN IMMEDIATE, commit and session. Here the steps waiting when
the lock comes free run one after another in one transaction (each sees the one before
it, exactly as in turn) and are committed together. Nobody waits for a batch to fill: a
step that finds nobody ahead of it runs at once. If a step raises, or the commit fails,
the batch is rolled back and each step runs again in a transaction of its own, so one
bad step costs only itself. Steps must do nothing but database work (a rerun repeats it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from surveys.storage.database import Database
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

Step = Callable[[UnitOfWork], Awaitable[Any]]


class _Failed(Exception):
    """A step of the batch raised: the batch is rolled back and run one by one."""


class GroupCommit:
    def __init__(self, db: Database, *, size: int = 64, inline: bool = False) -> None:
        self.db = db
        self.size = size
        self.inline = inline
        """Steps are short (statements by key): on SQLite they run on the loop's thread."""
        self._waiting: list[tuple[Step, asyncio.Future[Any]]] = []
        self._runner: asyncio.Task[None] | None = None
        self.batches = 0
        self.steps = 0

    async def run(self, step: Step) -> Any:
        """Run ``step`` in a write transaction shared with the steps queued beside it."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting.append((step, future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._drain(), name="group-commit")
        return await future

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[: self.size], self._waiting[self.size :]
                batch = [(step, future) for step, future in batch if not future.done()]
                if len(batch) == 1:
                    await self._alone(*batch[0])
                elif batch:
                    await self._together(batch)
        finally:
            # Stopped from outside (shutdown): nobody is left waiting for nothing.
            for _, future in self._waiting:
                future.cancel()
            self._waiting = []

    async def _together(self, batch: list[tuple[Step, asyncio.Future[Any]]]) -> None:
        results: list[Any] = []
        try:
            async with UnitOfWork(self.db, inline=self.inline) as uow:
                for step, _ in batch:
                    try:
                        results.append(await step(uow))
                        await uow.session.flush()
                    except Exception as error:
                        raise _Failed from error
                    # The next step starts from the database, as in a transaction of its own.
                    uow.session.expunge_all()
        except Exception as error:
            log.debug("a batch of %d steps failed (%r): each runs on its own", len(batch), error)
            for step, future in batch:
                await self._alone(step, future)
            return
        self.batches += 1
        self.steps += len(batch)
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _alone(self, step: Step, future: asyncio.Future[Any]) -> None:
        try:
            async with UnitOfWork(self.db, inline=self.inline) as uow:
                result = await step(uow)
        except Exception as error:
            if not future.done():
                future.set_exception(error)
            return
        self.batches += 1
        self.steps += 1
        if not future.done():
            future.set_result(result)
