"""The complaint desk on every backend: opening once, waking hours, escalation to the admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from surveys.complaints.desk import ComplaintDesk, ComplaintError, NewComplaint
from surveys.complaints.escalation import default_rules
from surveys.complaints.intake import RulesPolicy
from surveys.staff.roles import Role, add_staff
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Branch, Complaint, Customer, Notification
from tests.support.world import ZONE

MONDAY_EVENING = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai
NEXT_MORNING = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00


@pytest.fixture
async def desk_world(db: Database) -> tuple[Database, ComplaintDesk, int, int]:
    async with UnitOfWork(db) as uow:
        customer = Customer(
            external_id="C", name="A", created_at=MONDAY_EVENING, updated_at=MONDAY_EVENING
        )
        uow.session.add(customer)
        await uow.session.flush()
        await add_staff(
            uow, user_id=11, role=Role.MANAGER, branch="Pudong", level=1, now=MONDAY_EVENING
        )
        await add_staff(uow, user_id=99, role=Role.ADMIN, branch=None, level=1, now=MONDAY_EVENING)
        branch = (await uow.session.execute(select(Branch.id))).scalar_one()
        customer_id = customer.id
    return db, ComplaintDesk(RulesPolicy(default_rules(ZONE))), customer_id, branch


async def _open(
    desk: ComplaintDesk, db: Database, customer: int, branch: int, severity: str, now: datetime
) -> Complaint:
    async with UnitOfWork(db) as uow:
        complaint = await desk.open(
            uow, NewComplaint(customer_id=customer, severity=severity, branch_id=branch), now
        )
        assert complaint is not None
        return complaint


async def _due(db: Database) -> list[tuple[int, datetime]]:
    async with UnitOfWork(db, readonly=True) as uow:
        rows = await uow.session.execute(
            select(Notification.chat_id, Notification.due_at).order_by(Notification.id)
        )
        return [(chat, due) for chat, due in rows.all()]


@pytest.mark.parametrize(
    ("severity", "wakes"),
    [("critical", True), ("high", False), ("medium", False), ("low", False)],
)
async def test_only_critical_wakes_anyone_after_hours(
    desk_world: tuple[Database, ComplaintDesk, int, int], severity: str, wakes: bool
) -> None:
    db, desk, customer, branch = desk_world
    await _open(desk, db, customer, branch, severity, MONDAY_EVENING)
    [(chat, due)] = await _due(db)
    assert chat == 11
    assert due == (MONDAY_EVENING if wakes else NEXT_MORNING)


async def test_past_the_last_level_the_admins_get_it_once(
    desk_world: tuple[Database, ComplaintDesk, int, int],
) -> None:
    db, desk, customer, branch = desk_world
    complaint = await _open(desk, db, customer, branch, "critical", MONDAY_EVENING)
    later = MONDAY_EVENING
    for _ in range(4):
        later += timedelta(hours=2)
        async with UnitOfWork(db) as uow:
            await desk.escalate_overdue(uow, later)
    assert [chat for chat, _ in await _due(db)] == [11, 99]
    async with UnitOfWork(db, readonly=True) as uow:
        stored = await uow.session.get(Complaint, complaint.id)
        assert stored is not None
        assert stored.level == 2


async def test_a_survey_opens_one_complaint_and_a_claimed_one_cannot_be_claimed_again(
    desk_world: tuple[Database, ComplaintDesk, int, int],
) -> None:
    db, desk, customer, branch = desk_world
    complaint = await _open(desk, db, customer, branch, "high", MONDAY_EVENING)
    async with UnitOfWork(db) as uow:
        stored = await uow.session.get(Complaint, complaint.id)
        assert stored is not None
        assert await desk.claim(uow, stored, 11, MONDAY_EVENING)
        assert not await desk.claim(uow, stored, 11, MONDAY_EVENING)
        with pytest.raises(ComplaintError, match="cannot claim"):
            await desk.claim(uow, stored, 12, MONDAY_EVENING)
