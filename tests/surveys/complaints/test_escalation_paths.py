"""Deadlines on every backend: a claimed complaint past its resolve deadline goes up, the
top level parks, returning to the queue restarts the clock, every reopening is told, and
managers, the tick and the customer acting at once leave a coherent complaint."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from surveys.complaints.cards import load_card, render_card
from surveys.complaints.desk import ComplaintDesk, ComplaintError, NewComplaint
from surveys.complaints.escalation import default_rules
from surveys.complaints.intake import RulesPolicy
from surveys.staff.roles import Role, add_staff, remove_staff
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Branch, Complaint, ComplaintAction, Customer, Notification
from tests.support.world import ZONE

TUESDAY = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
async def desk(db: Database) -> ComplaintDesk:
    async with UnitOfWork(db) as uow:
        uow.session.add(Customer(external_id="C", name="A", created_at=TUESDAY, updated_at=TUESDAY))
        for user, level in ((11, 1), (12, 1), (21, 2)):
            await add_staff(
                uow, user_id=user, role=Role.MANAGER, branch="Pudong", level=level, now=TUESDAY
            )
        await add_staff(uow, user_id=99, role=Role.ADMIN, branch=None, level=1, now=TUESDAY)
    return ComplaintDesk(RulesPolicy(default_rules(ZONE)))


async def _open(db: Database, desk: ComplaintDesk, severity: str = "critical") -> int:
    async with UnitOfWork(db) as uow:
        branch = (await uow.session.execute(select(Branch.id))).scalar_one()
        customer = (await uow.session.execute(select(Customer.id))).scalar_one()
        complaint = await desk.open(
            uow, NewComplaint(customer_id=customer, severity=severity, branch_id=branch), TUESDAY
        )
        assert complaint is not None
        return complaint.id


async def _act(
    db: Database, desk: ComplaintDesk, complaint_id: int, what: str, at: datetime
) -> None:
    async with UnitOfWork(db) as uow:
        complaint = await desk.lock(uow, complaint_id)
        assert complaint is not None
        if what == "claim":
            await desk.claim(uow, complaint, 11, at)
        elif what == "contacted":
            await desk.contacted(uow, complaint, 11, at)
        elif what == "resolve":
            await desk.resolve(uow, complaint, 11, "called", "wait_time", 501, at)
        elif what.startswith("answer:"):
            await desk.customer_answer(uow, complaint, what == "answer:solved", at)


async def _tick(db: Database, desk: ComplaintDesk, at: datetime) -> list[int]:
    async with UnitOfWork(db) as uow:
        return await desk.escalate_overdue(uow, at)


async def _notified(db: Database, complaint_id: int) -> list[tuple[int, str]]:
    async with UnitOfWork(db, readonly=True) as uow:
        rows = await uow.session.execute(
            select(Notification.chat_id, Notification.kind)
            .where(Notification.complaint_id == complaint_id)
            .order_by(Notification.id)
        )
        return [(chat, kind) for chat, kind in rows.all()]


async def _complaint(db: Database, complaint_id: int) -> Complaint:
    async with UnitOfWork(db, readonly=True) as uow:
        row = await uow.session.get(Complaint, complaint_id)
        assert row is not None
        return row


async def test_a_claimed_complaint_past_its_resolve_deadline_goes_to_level_2(
    db: Database, desk: ComplaintDesk
) -> None:
    complaint_id = await _open(db, desk)
    await _act(db, desk, complaint_id, "claim", TUESDAY + timedelta(minutes=10))
    assert await _tick(db, desk, TUESDAY + timedelta(hours=23)) == []  # still in time
    assert await _tick(db, desk, TUESDAY + timedelta(hours=25)) == [complaint_id]
    assert (21, "card") in await _notified(db, complaint_id)
    stored = await _complaint(db, complaint_id)
    assert (stored.level, stored.status, stored.assignee_user_id) == (2, "claimed", 11)
    async with UnitOfWork(db, readonly=True) as uow:
        view = await load_card(uow, stored)
    text, _ = render_card(view, "en", TUESDAY + timedelta(hours=25), ZONE)
    assert "Not resolved by the deadline: escalated to level 2" in text


async def test_the_top_level_is_parked_not_matched_again(db: Database, desk: ComplaintDesk) -> None:
    complaint_id = await _open(db, desk)
    moved = [await _tick(db, desk, TUESDAY + timedelta(hours=h)) for h in (2, 4, 6, 8, 10)]
    assert moved == [[complaint_id], [complaint_id], [], [], []]
    assert [chat for chat, _ in await _notified(db, complaint_id)] == [11, 12, 21, 99]
    stored = await _complaint(db, complaint_id)
    assert (stored.level, stored.escalate_at) == (3, None)
    async with UnitOfWork(db, readonly=True) as uow:
        actions = (
            (
                await uow.session.execute(
                    select(ComplaintAction.action)
                    .where(ComplaintAction.complaint_id == complaint_id)
                    .order_by(ComplaintAction.id)
                )
            )
            .scalars()
            .all()
        )
    assert actions == ["opened", "escalated", "escalated", "parked"]


async def test_returning_to_the_queue_restarts_the_acknowledge_period(
    db: Database, desk: ComplaintDesk
) -> None:
    complaint_id = await _open(db, desk)
    await _act(db, desk, complaint_id, "claim", TUESDAY + timedelta(minutes=5))
    left = TUESDAY + timedelta(hours=5)
    async with UnitOfWork(db) as uow:
        await remove_staff(uow, user_id=11)
        assert await desk.return_to_queue(uow, 11, left) == [complaint_id]
    assert await _tick(db, desk, left + timedelta(minutes=30)) == []
    stored = await _complaint(db, complaint_id)
    assert stored.level == 1
    assert stored.ack_deadline == left + timedelta(hours=1)
    assert await _tick(db, desk, left + timedelta(minutes=61)) == [complaint_id]


async def test_two_reopens_send_two_notices(db: Database, desk: ComplaintDesk) -> None:
    complaint_id = await _open(db, desk, "high")
    at = TUESDAY
    for _ in range(2):
        at += timedelta(minutes=30)
        await _act(db, desk, complaint_id, "resolve", at)
        await _act(db, desk, complaint_id, "answer:not_solved", at + timedelta(minutes=1))
    notices = [(chat, kind) for chat, kind in await _notified(db, complaint_id) if "reopen" in kind]
    assert notices == [
        (11, "reopened:1"),
        (12, "reopened:1"),
        (11, "reopened:2"),
        (12, "reopened:2"),
    ]


class _Slow:
    """Holds each transaction open a moment after its first read, so that without row
    locks the three writers would read the same state and overwrite each other."""

    def __init__(self, db: Database, desk: ComplaintDesk) -> None:
        self.db, self.desk = db, desk

    async def manager(self, complaint_id: int, what: str, at: datetime) -> str:
        try:
            async with UnitOfWork(self.db) as uow:
                complaint = await self.desk.lock(uow, complaint_id)
                assert complaint is not None
                await asyncio.sleep(0.05)
                if what == "claim":
                    taken = await self.desk.claim(uow, complaint, 12, at)
                    return "claimed" if taken else "refused"
                await self.desk.resolve(uow, complaint, 11, "called", "wait_time", None, at)
                return "resolved"
        except ComplaintError:
            return "refused"

    async def tick(self, at: datetime) -> str:
        async with UnitOfWork(self.db) as uow:
            moved = await self.desk.escalate_overdue(uow, at)
            await asyncio.sleep(0.05)
        return "escalated" if moved else "skipped"


@pytest.mark.parametrize("round_", range(4))
async def test_claim_resolve_and_tick_at_once_leave_a_coherent_complaint(
    db: Database, desk: ComplaintDesk, round_: int
) -> None:
    complaint_id = await _open(db, desk)
    await _act(db, desk, complaint_id, "claim", TUESDAY)  # manager 11 holds it
    late = TUESDAY + timedelta(hours=25)  # past the resolve deadline
    slow = _Slow(db, desk)
    racers = [slow.manager(complaint_id, "resolve", late), slow.tick(late)]
    racers.insert(round_ % 3, slow.manager(complaint_id, "claim", late))
    outcomes = await asyncio.gather(*racers)
    assert "refused" in outcomes  # 11 holds it: 12 cannot take it
    assert "resolved" in outcomes
    stored = await _complaint(db, complaint_id)
    async with UnitOfWork(db, readonly=True) as uow:
        actions = (
            (
                await uow.session.execute(
                    select(ComplaintAction.action)
                    .where(ComplaintAction.complaint_id == complaint_id)
                    .order_by(ComplaintAction.id)
                )
            )
            .scalars()
            .all()
        )
        escalations = (
            await uow.session.execute(
                select(func.count()).where(
                    ComplaintAction.complaint_id == complaint_id,
                    ComplaintAction.action == "escalated_unresolved",
                )
            )
        ).scalar_one()
    assert stored.status == "resolved"
    assert stored.assignee_user_id == 11
    assert stored.level == 1 + escalations
    # The tick either moved it before the resolution or saw it resolved: never after.
    assert actions[-1] == "resolved"
    assert actions.count("claimed") == 1
