"""Deadlines that pass: a complaint nobody acknowledged, or one taken but not resolved in
time, goes up a level; at the top (the admins) it is parked, never matched again.

One statement finds the overdue complaints (locked, skipping rows a manager is changing
right now; the tick comes back for them), one finds the top level of every branch
involved, and each complaint moves at most one level per tick.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select

from surveys.complaints.states import TAKEN, UNCLAIMED
from surveys.complaints.timeline import Timeline
from surveys.staff.roles import Role
from surveys.storage.tables import Complaint, Staff
from surveys.storage.uow import UnitOfWork


async def top_levels(uow: UnitOfWork, branch_ids: set[int]) -> dict[int, int]:
    """The last manager level of each branch (one more means the admins)."""
    if not branch_ids:
        return {}
    rows = await uow.session.execute(
        select(Staff.branch_id, func.max(Staff.level))
        .where(Staff.role == Role.MANAGER.value, Staff.branch_id.in_(sorted(branch_ids)))
        .group_by(Staff.branch_id)
    )
    return {int(branch): int(level or 0) for branch, level in rows.all() if branch is not None}


async def escalate_overdue(uow: UnitOfWork, timeline: Timeline, now: datetime) -> list[int]:
    """Move every overdue complaint up one level; returns the ids that moved."""
    overdue = (
        (
            await uow.session.execute(
                select(Complaint)
                .where(
                    Complaint.escalate_at < now,
                    or_(
                        Complaint.status.in_(UNCLAIMED),
                        and_(Complaint.status.in_(TAKEN), Complaint.resolve_deadline < now),
                    ),
                )
                .order_by(Complaint.id)
                .with_for_update(skip_locked=True)
            )
        )
        .scalars()
        .all()
    )
    tops = await top_levels(uow, {c.branch_id for c in overdue if c.branch_id is not None})
    escalated: list[int] = []
    for complaint in overdue:
        top = tops.get(complaint.branch_id, 0) if complaint.branch_id is not None else 0
        if complaint.level > top:
            complaint.escalate_at = None  # the admins have it: parked, the card shows it late
            await timeline.note(uow, complaint, "parked", now, detail=f"level {complaint.level}")
            continue
        complaint.level += 1
        acknowledge, resolve = await timeline.deadlines(
            uow, complaint.severity, complaint.branch_id, now
        )
        if complaint.status in UNCLAIMED:
            # The card keeps the missed deadline (shown overdue); the next level gets its
            # own acknowledge period before the complaint moves up again.
            complaint.escalate_at = acknowledge
            action = "escalated"
        else:
            # Taken but not resolved in time: the next level is told, and gets a resolve
            # period of its own before the complaint moves up again.
            complaint.escalate_at = resolve
            action = "escalated_unresolved"
        await timeline.note(uow, complaint, action, now, detail=f"level {complaint.level}")
        chats = await timeline.recipients(uow, complaint.branch_id, complaint.level)
        await timeline.notify(uow, complaint, chats, "card", now, level=complaint.level)
        escalated.append(complaint.id)
    return escalated
