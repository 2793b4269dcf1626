"""Audits stay unannounced: one open audit per branch and checklist, no shopper sent back
to a branch too soon, nobody told before the window opens."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from surveys.audits.assignments import (
    AuditRequest,
    cancel_audit,
    create_audit,
    due_to_tell,
    lapse_overdue,
)
from surveys.audits.model import AuditError
from surveys.audits.states import AuditStatus
from surveys.staff.roles import Role, StaffError, add_staff, permissions
from surveys.storage import UnitOfWork
from surveys.storage.tables import Audit
from tests.surveys.audits.conftest import NOW, SHOPPERS, AuditWorld

WINDOW = (date(2026, 12, 10), date(2026, 12, 20))


async def _create(world: AuditWorld, **changes: Any) -> int:
    values: dict[str, Any] = {
        "checklist": "pre_sale",
        "branch": "浦东店",
        "first": WINDOW[0],
        "last": WINDOW[1],
    }
    values.update(changes)
    async with UnitOfWork(world.db) as uow:
        audit = await create_audit(
            uow,
            world.catalog,
            world.rules,
            AuditRequest(**values),
            NOW,
        )
        return audit.id


async def _refusal(world: AuditWorld, **changes: Any) -> str:
    with pytest.raises(AuditError) as caught:
        await _create(world, **changes)
    return caught.value.text.key


async def test_a_shopper_belongs_to_no_branch_and_is_no_manager(world: AuditWorld) -> None:
    async with UnitOfWork(world.db) as uow:
        with pytest.raises(StaffError) as caught:
            await add_staff(uow, user_id=7009, role=Role.SHOPPER, branch="浦东店", level=1, now=NOW)
        rights = await permissions(uow, SHOPPERS[0])
    assert caught.value.text.key == "shopper_no_branch"
    assert rights.shopper
    assert not rights.is_staff
    assert not rights.manages(world.branches["浦东店"])


async def test_one_open_audit_per_branch_and_checklist(world: AuditWorld) -> None:
    first = await _create(world)
    assert await _refusal(world) == "audit_slot_taken"
    other_checklist = await _create(world, checklist="after_sale")
    other_branch = await _create(world, branch="Xuhui")
    assert len({first, other_checklist, other_branch}) == 3
    async with UnitOfWork(world.db) as uow:
        await cancel_audit(uow, first)
    assert await _create(world) > other_branch


async def test_no_shopper_goes_back_to_a_branch_within_the_gap(world: AuditWorld) -> None:
    audit_id = await _create(world, shopper=SHOPPERS[0])
    async with UnitOfWork(world.db) as uow:
        await cancel_audit(uow, audit_id)  # a cancelled audit does not count
    first = await _create(world, shopper=SHOPPERS[0])
    later = {"first": WINDOW[1] + timedelta(days=30), "last": WINDOW[1] + timedelta(days=40)}
    async with UnitOfWork(world.db) as uow:
        (await uow.session.get_one(Audit, first)).open_slot = None  # as if approved
    assert await _refusal(world, shopper=SHOPPERS[0], **later) == "audit_shopper_known"
    gone = {"first": WINDOW[1] + timedelta(days=91), "last": WINDOW[1] + timedelta(days=95)}
    assert await _create(world, shopper=SHOPPERS[0], **gone) > first


async def test_without_a_shopper_the_least_busy_free_one_goes(world: AuditWorld) -> None:
    ids = [await _create(world, branch="Xuhui", shopper=SHOPPERS[0])]
    ids.append(await _create(world, branch="浦东店", checklist="after_sale", shopper=SHOPPERS[1]))
    picked = await _create(world)
    async with UnitOfWork(world.db) as uow:
        audit = await uow.session.get_one(Audit, picked)
    assert audit.shopper_user_id == SHOPPERS[2]
    assert picked not in ids


async def test_refusals_name_their_reason(world: AuditWorld) -> None:
    assert await _refusal(world, checklist="showroom") == "audit_no_checklist"
    assert await _refusal(world, branch="Nowhere") == "audit_no_branch"
    assert await _refusal(world, shopper=8001) == "audit_not_a_shopper"
    assert await _refusal(world, first=date(2026, 12, 1), last=date(2026, 12, 7)) == (
        "audit_window_passed"
    )
    assert await _refusal(world, first=WINDOW[1], last=WINDOW[0]) == "audit_bad_window"


async def test_the_shopper_is_told_when_the_window_opens_and_not_before(
    world: AuditWorld,
) -> None:
    audit_id = await _create(world, shopper=SHOPPERS[0])
    opens = NOW.replace(day=9, hour=16)  # 2026-12-10 00:00 in Shanghai
    async with UnitOfWork(world.db) as uow:
        assert await due_to_tell(uow, opens - timedelta(seconds=1)) == []
    async with UnitOfWork(world.db) as uow:
        told = await due_to_tell(uow, opens)
        assert [(a.id, a.status, a.told_at) for a in told] == [
            (audit_id, AuditStatus.ASSIGNED.value, opens)
        ]
    async with UnitOfWork(world.db) as uow:
        assert await due_to_tell(uow, opens + timedelta(hours=1)) == []


async def test_an_audit_never_submitted_lapses_a_day_after_its_window(world: AuditWorld) -> None:
    audit_id = await _create(world, shopper=SHOPPERS[0])
    closes = NOW.replace(day=20, hour=16)  # 2026-12-21 00:00 in Shanghai
    async with UnitOfWork(world.db) as uow:
        await due_to_tell(uow, closes - timedelta(days=3))
        assert await lapse_overdue(uow, closes) == []
        assert await lapse_overdue(uow, closes + timedelta(days=1)) == [audit_id]
        audit = await uow.session.get_one(Audit, audit_id)
        assert (audit.status, audit.open_slot) == (AuditStatus.LAPSED.value, None)
    later = {"first": WINDOW[1] + timedelta(days=5), "last": WINDOW[1] + timedelta(days=9)}
    assert await _create(world, **later) > audit_id  # the branch's slot is free again
