"""Improvement actions: opened by approval for each failed item, reminded a day before the
deadline, re-escalated when it passes, closed with a note and a photo; then a re-audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from surveys.audits.actions import action_tick, close_action, schedule_reaudit
from surveys.audits.model import AuditError
from surveys.audits.review import approve
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import Audit, AuditAnswer, AuditPhoto, Notification
from tests.surveys.audits.conftest import NOW, SHOPPERS, AuditWorld


async def _submitted(world: AuditWorld) -> int:
    async with UnitOfWork(world.db) as uow:
        checklist_id, checklist = await world.catalog.latest(uow, "after_sale")
        audit = Audit(
            checklist_id=checklist_id,
            checklist_key="after_sale",
            branch_id=world.branches["浦东店"],
            shopper_user_id=SHOPPERS[0],
            window_start=date(2026, 12, 1),
            window_end=date(2026, 12, 7),
            opens_at=NOW,
            closes_at=NOW,
            status="submitted",
            open_slot="x",
            location_flagged=False,
            submitted_at=NOW,
            told_at=NOW,
            created_at=NOW,
        )
        uow.session.add(audit)
        await uow.session.flush()
        failing = {"price_as_quoted": 0.0, "farewell": 0.0}
        uow.session.add_all(
            AuditAnswer(
                audit_id=audit.id,
                item_id=item.id,
                value=failing.get(item.id, 5.0 if item.type.value == "scale" else 1.0),
                answered_at=NOW,
            )
            for item in checklist.items
        )
        await add_staff(uow, user_id=8002, role=Role.MANAGER, branch="浦东店", level=2, now=NOW)
        await add_staff(uow, user_id=9001, role=Role.ADMIN, branch=None, level=1, now=NOW)
        return audit.id


async def _told(world: AuditWorld) -> list[tuple[int, str]]:
    async with UnitOfWork(world.db, readonly=True) as uow:
        rows = await uow.session.execute(
            select(Notification.chat_id, Notification.kind).order_by(Notification.id)
        )
        return [(chat, kind.split(":")[0]) for chat, kind in rows.all()]


async def test_a_failed_item_is_followed_until_it_is_fixed(world: AuditWorld) -> None:
    audit_id = await _submitted(world)
    async with UnitOfWork(world.db) as uow:
        actions = await approve(uow, world.catalog, world.rules, audit_id, 9001, NOW)
        audit = await uow.session.get_one(Audit, audit_id)
        assert (audit.status, audit.open_slot) == ("approved", None)
    assert sorted(a.item_id for a in actions) == ["farewell", "price_as_quoted"]
    deadline = NOW + world.rules.action_days
    assert {a.deadline_at for a in actions} == {deadline}
    opened = await _told(world)
    assert sorted(opened) == [(7001, "au_ok"), (8001, "ac_open"), (8001, "ac_open")]

    async with UnitOfWork(world.db) as uow:
        early = await action_tick(uow, deadline - timedelta(days=1, seconds=1))
        reminded = await action_tick(uow, deadline - timedelta(days=1))
        again = await action_tick(uow, deadline - timedelta(hours=1))
    assert (early.reminded, reminded.reminded, again.reminded) == (0, 2, 0)
    async with UnitOfWork(world.db) as uow:
        photo = AuditPhoto(audit_id=audit_id, file_id="AgAC", data=b"fix", size=3, received_at=NOW)
        uow.session.add(photo)
        await uow.session.flush()
        closed = await close_action(uow, actions[0].id, 8001, "New price board", photo.id, NOW)
        with pytest.raises(AuditError):
            await close_action(uow, actions[0].id, 8001, "twice", photo.id, NOW)
    assert (closed.status, closed.note, closed.photo_id) == ("closed", "New price board", photo.id)
    async with UnitOfWork(world.db) as uow:
        late = await action_tick(uow, deadline)
    assert late.escalated == 1  # the closed one is not escalated
    escalated = [t for t in await _told(world) if t[1] == "ac_late"]
    assert escalated == [(8002, "ac_late"), (9001, "ac_late")]
    assert [t for t in await _told(world) if t[1] == "ac_remind"] == [
        (8001, "ac_remind"),
        (8001, "ac_remind"),
    ]

    too_soon = (date(2026, 12, 15), date(2026, 12, 18))  # the deadline is 15 December
    async with UnitOfWork(world.db) as uow:
        with pytest.raises(AuditError) as caught:
            await schedule_reaudit(uow, world.catalog, world.rules, audit_id, too_soon, None, NOW)
        assert caught.value.text.key == "audit_reaudit_too_soon"
        reaudit = await schedule_reaudit(
            uow,
            world.catalog,
            world.rules,
            audit_id,
            (date(2026, 12, 16), date(2026, 12, 20)),
            None,
            NOW,
        )
    assert reaudit.items_only == ["farewell", "price_as_quoted"]
    assert reaudit.shopper_user_id != SHOPPERS[0]
