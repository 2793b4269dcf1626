"""Two managers claim one complaint at the same moment, each through a worker of their own
(a database handle each): one holds it, the other is told it is taken, and it is noted once."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from surveys.complaints.desk import ComplaintDesk, ComplaintError
from surveys.staff.roles import Role, add_staff
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Complaint, ComplaintAction
from tests.surveys.complaints.test_desk import MONDAY_EVENING, _open
from tests.surveys.complaints.test_desk import desk_world as desk_world  # the fixture


async def test_two_managers_claiming_at_once_on_two_workers(
    desk_world: tuple[Database, ComplaintDesk, int, int], database_url: str
) -> None:
    db, desk, customer, branch = desk_world
    async with UnitOfWork(db) as uow:
        await add_staff(
            uow, user_id=12, role=Role.MANAGER, branch="Pudong", level=1, now=MONDAY_EVENING
        )
    complaint = await _open(desk, db, customer, branch, "high", MONDAY_EVENING)
    workers = [Database(database_url) for _ in range(2)]

    async def claim(worker: Database, manager: int) -> str:
        try:
            async with UnitOfWork(worker) as uow:
                stored = await uow.session.get(Complaint, complaint.id)
                assert stored is not None
                return "claimed" if await desk.claim(uow, stored, manager, MONDAY_EVENING) else "no"
        except ComplaintError:
            return "refused"

    try:
        outcomes = await asyncio.gather(claim(workers[0], 11), claim(workers[1], 12))
    finally:
        for worker in workers:
            await worker.dispose()
    assert sorted(outcomes) in (["claimed", "no"], ["claimed", "refused"])
    async with UnitOfWork(db, readonly=True) as uow:
        stored = await uow.session.get(Complaint, complaint.id)
        notes = (
            (
                await uow.session.execute(
                    select(ComplaintAction.action).where(
                        ComplaintAction.complaint_id == complaint.id
                    )
                )
            )
            .scalars()
            .all()
        )
    assert stored is not None
    assert stored.assignee_user_id == (11 if outcomes[0] == "claimed" else 12)
    assert list(notes).count("claimed") == 1
