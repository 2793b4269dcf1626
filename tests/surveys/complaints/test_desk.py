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
async def test_after_hours_cards_arrive_at_once_and_only_critical_ones_ring(
    desk_world: tuple[Database, ComplaintDesk, int, int], severity: str, wakes: bool
) -> None:
    db, desk, customer, branch = desk_world
    await _open(desk, db, customer, branch, severity, MONDAY_EVENING)
    [(chat, due)] = await _due(db)
    assert (chat, due) == (11, MONDAY_EVENING)
    async with UnitOfWork(db, readonly=True) as uow:
        silent = (await uow.session.execute(select(Notification.silent))).scalar_one()
    assert silent is not wakes


async def test_inside_hours_every_card_rings(
    desk_world: tuple[Database, ComplaintDesk, int, int],
) -> None:
    db, desk, customer, branch = desk_world
    await _open(desk, db, customer, branch, "low", NEXT_MORNING + timedelta(hours=1))
    async with UnitOfWork(db, readonly=True) as uow:
        silent = (await uow.session.execute(select(Notification.silent))).scalar_one()
    assert silent is False


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


SUNDAY_AFTERNOON = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai


async def _card(db: Database) -> tuple[datetime, bool, datetime]:
    async with UnitOfWork(db, readonly=True) as uow:
        due, silent = (
            await uow.session.execute(select(Notification.due_at, Notification.silent))
        ).one()
        ack = (await uow.session.execute(select(Complaint.ack_deadline))).scalar_one()
    return due, silent, ack


async def test_on_a_sunday_afternoon_the_card_rings_at_once(
    desk_world: tuple[Database, ComplaintDesk, int, int],
) -> None:
    db, desk, customer, branch = desk_world
    await _open(desk, db, customer, branch, "high", SUNDAY_AFTERNOON)
    due, silent, ack = await _card(db)
    assert (due, silent) == (SUNDAY_AFTERNOON, False)
    assert ack == datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 3 hours on Sunday, 1 on Monday


async def test_a_branch_with_its_own_week_counts_its_own_hours(
    desk_world: tuple[Database, ComplaintDesk, int, int],
) -> None:
    db, desk, customer, branch = desk_world
    async with UnitOfWork(db) as uow:
        stored = await uow.session.get(Branch, branch)
        assert stored is not None
        stored.hours = "mon-fri 09:00-18:00"
    await _open(desk, db, customer, branch, "high", SUNDAY_AFTERNOON)
    due, silent, ack = await _card(db)
    assert (due, silent) == (SUNDAY_AFTERNOON, True)  # delivered now, without a sound
    assert ack == datetime(2026, 12, 7, 5, 0, tzinfo=UTC)  # Monday 13:00: 4 working hours
