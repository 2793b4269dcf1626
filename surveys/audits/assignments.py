"""Scheduling audits, so they stay unannounced.

At most one open audit per branch and checklist (the unique ``open_slot``); no shopper is
sent to a branch they audited within ``AuditRules.shopper_gap`` (staff would know them);
a shopper is told the assignment when its window opens, never before (``due_to_tell``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from surveys.audits.model import AuditError, AuditRules, ChecklistCatalog
from surveys.audits.states import LAPSING, OPEN, AuditStatus
from surveys.staff.roles import Role
from surveys.storage.tables import Audit, Branch, Staff
from surveys.storage.uow import UnitOfWork
from surveys.timemath import day_bounds


@dataclass(frozen=True, slots=True)
class AuditRequest:
    checklist: str
    branch: str
    first: date
    last: date
    shopper: int | None = None
    created_by: int | None = None
    items_only: tuple[str, ...] | None = None
    parent_id: int | None = None


def open_slot(branch_id: int, checklist: str, parent_id: int | None = None) -> str:
    """The key that makes a second open audit of one branch and checklist impossible; a
    re-audit of one audit's failed items has a slot of its own."""
    suffix = f":re{parent_id}" if parent_id else ""
    return f"{branch_id}:{checklist}{suffix}"


async def shoppers(uow: UnitOfWork) -> list[int]:
    rows = await uow.session.execute(
        select(Staff.telegram_user_id).where(Staff.role == Role.SHOPPER.value).distinct()
    )
    return sorted(rows.scalars())


async def _recently_there(
    uow: UnitOfWork, shopper: int, branch_id: int, request: AuditRequest, rules: AuditRules
) -> bool:
    """Whether the shopper has an audit of this branch within the gap of this window."""
    gap = rules.shopper_gap
    first = request.first - gap
    last = request.last + gap
    found = await uow.session.execute(
        select(Audit.id)
        .where(
            Audit.shopper_user_id == shopper,
            Audit.branch_id == branch_id,
            Audit.status != AuditStatus.CANCELLED.value,
            Audit.window_start <= last,
            Audit.window_end >= first,
        )
        .limit(1)
    )
    return found.first() is not None


async def _pick_shopper(
    uow: UnitOfWork, branch_id: int, request: AuditRequest, rules: AuditRules
) -> int:
    """The free shopper with the fewest open audits (lowest id on a tie)."""
    candidates = await shoppers(uow)
    if not candidates:
        raise AuditError("audit_no_shoppers")
    loads = dict(
        (
            await uow.session.execute(
                select(Audit.shopper_user_id, func.count())
                .where(Audit.status.in_([s.value for s in OPEN]))
                .group_by(Audit.shopper_user_id)
            )
        ).all()
    )
    free = [
        shopper
        for shopper in candidates
        if not await _recently_there(uow, shopper, branch_id, request, rules)
    ]
    if not free:
        raise AuditError("audit_no_free_shopper", days=rules.shopper_gap.days)
    return min(free, key=lambda shopper: (loads.get(shopper, 0), shopper))


async def create_audit(
    uow: UnitOfWork,
    catalog: ChecklistCatalog,
    rules: AuditRules,
    request: AuditRequest,
    now: datetime,
) -> Audit:
    """Schedule one audit, or refuse with the reason."""
    checklist_id, checklist = await catalog.latest(uow, request.checklist)
    branch_id = (
        await uow.session.execute(select(Branch.id).where(Branch.name == request.branch))
    ).scalar_one_or_none()
    if branch_id is None:
        raise AuditError("audit_no_branch", name=request.branch)
    if request.last < request.first:
        raise AuditError("audit_bad_window")
    opens_at, closes_at = day_bounds(request.first, request.last, rules.zone)
    if closes_at <= now:
        raise AuditError("audit_window_passed")
    slot = open_slot(branch_id, checklist.key, request.parent_id)
    taken = (
        await uow.session.execute(select(Audit.id).where(Audit.open_slot == slot))
    ).scalar_one_or_none()
    if taken is not None:
        raise AuditError("audit_slot_taken", id=taken)
    if request.shopper is None:
        shopper = await _pick_shopper(uow, branch_id, request, rules)
    else:
        shopper = request.shopper
        if shopper not in await shoppers(uow):
            raise AuditError("audit_not_a_shopper", user=shopper)
        if await _recently_there(uow, shopper, branch_id, request, rules):
            raise AuditError("audit_shopper_known", user=shopper, days=rules.shopper_gap.days)
    audit = Audit(
        checklist_id=checklist_id,
        checklist_key=checklist.key,
        branch_id=branch_id,
        shopper_user_id=shopper,
        window_start=request.first,
        window_end=request.last,
        opens_at=opens_at,
        closes_at=closes_at,
        status=AuditStatus.SCHEDULED.value,
        open_slot=slot,
        items_only=list(request.items_only) if request.items_only else None,
        parent_id=request.parent_id,
        location_flagged=False,
        created_by=request.created_by,
        created_at=now,
    )
    uow.session.add(audit)
    await uow.session.flush()
    return audit


async def due_to_tell(uow: UnitOfWork, now: datetime) -> list[Audit]:
    """Scheduled audits whose window has opened: each becomes ASSIGNED, for its shopper to
    be told now (the caller queues the message in the same transaction)."""
    rows = (
        await uow.session.execute(
            select(Audit)
            .where(
                Audit.status == AuditStatus.SCHEDULED.value,
                Audit.opens_at <= now,
                Audit.shopper_user_id.is_not(None),
            )
            .order_by(Audit.id)
            .with_for_update(skip_locked=True)
        )
    ).scalars()
    told = list(rows)
    for audit in told:
        audit.status = AuditStatus.ASSIGNED.value
        audit.told_at = now
    await uow.session.flush()
    return told


LAPSE_GRACE = timedelta(days=1)
"""A shopper may still submit the day after the window closes."""


async def lapse_overdue(uow: UnitOfWork, now: datetime) -> list[int]:
    """Audits never submitted a day after their window closed: they lapse and free the
    branch's slot for a new audit; returns their ids."""
    rows = (
        await uow.session.execute(
            select(Audit).where(
                Audit.status.in_([s.value for s in LAPSING]),
                Audit.closes_at <= now - LAPSE_GRACE,
            )
        )
    ).scalars()
    lapsed = list(rows)
    for audit in lapsed:
        audit.status = AuditStatus.LAPSED.value
        audit.open_slot = None
    await uow.session.flush()
    return [audit.id for audit in lapsed]


async def cancel_audit(uow: UnitOfWork, audit_id: int) -> Audit:
    audit = await uow.session.get(Audit, audit_id)
    if audit is None:
        raise AuditError("audit_unknown", id=audit_id)
    if audit.status not in OPEN:
        raise AuditError("audit_not_open", id=audit_id)
    audit.status = AuditStatus.CANCELLED.value
    audit.open_slot = None
    await uow.session.flush()
    return audit
