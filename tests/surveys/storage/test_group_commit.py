"""Group commit: steps queued together share one transaction, each sees the one before it,
and a step that fails costs only itself. On both databases."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from surveys.storage import Database, UnitOfWork
from surveys.storage.group import GroupCommit
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import AppState, ProcessedUpdate

AT = datetime(2026, 12, 7, tzinfo=UTC)


def _claim(update_id: int) -> Callable[[UnitOfWork], Awaitable[bool]]:
    """A step like the engine's: record an update id; False when it was already there."""

    async def step(uow: UnitOfWork) -> bool:
        done = await uow.session.execute(
            insert_ignore(
                uow.dialect,
                ProcessedUpdate.__table__,  # type: ignore[arg-type]
                ["update_id"],
                {"update_id": update_id, "processed_at": AT},
            )
        )
        return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    return step


async def _count(db: Database) -> int:
    async with UnitOfWork(db, readonly=True) as uow:
        return int(
            (await uow.session.execute(select(func.count(ProcessedUpdate.update_id)))).scalar_one()
        )


async def test_steps_queued_together_share_one_transaction(db: Database) -> None:
    group = GroupCommit(db)
    results = await asyncio.gather(*(group.run(_claim(n)) for n in range(50)))
    assert results == [True] * 50
    assert await _count(db) == 50
    assert group.steps == 50
    assert group.batches < 50, "nothing was grouped"


async def test_each_step_sees_the_one_before_it(db: Database) -> None:
    group = GroupCommit(db)
    results = await asyncio.gather(*(group.run(_claim(7)) for _ in range(5)))
    assert results == [True, False, False, False, False]
    assert await _count(db) == 1


async def test_a_failing_step_costs_only_itself(db: Database) -> None:
    group = GroupCommit(db)

    async def broken(uow: UnitOfWork) -> bool:
        uow.session.add(AppState(key="half-done", value="x"))
        await uow.session.flush()
        raise ValueError("a bug in one step")

    steps = [_claim(1), _claim(2), broken, _claim(3)]
    results = await asyncio.gather(*(group.run(s) for s in steps), return_exceptions=True)
    assert results[:2] == [True, True]
    assert isinstance(results[2], ValueError)
    assert results[3] is True
    assert await _count(db) == 3
    async with UnitOfWork(db, readonly=True) as uow:
        assert await uow.session.get(AppState, "half-done") is None


async def test_a_step_alone_runs_at_once(db: Database) -> None:
    group = GroupCommit(db)
    assert await asyncio.wait_for(group.run(_claim(42)), timeout=5)
    assert (group.batches, group.steps) == (1, 1)


@pytest.mark.parametrize("size", [1, 3])
async def test_batches_are_bounded(db: Database, size: int) -> None:
    group = GroupCommit(db, size=size)
    await asyncio.gather(*(group.run(_claim(n)) for n in range(9)))
    assert group.batches >= 9 // size
    assert await _count(db) == 9
