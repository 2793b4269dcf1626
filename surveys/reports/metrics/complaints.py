"""Complaints opened in the period: how many are still open, overdue, resolved or
withdrawn, and the median time to resolve them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from surveys.complaints.states import ACTIVE, UNCLAIMED, ComplaintStatus
from surveys.reports.metrics.query import GroupKey, ScopedQuery, ints
from surveys.reports.metrics.results import ComplaintStats
from surveys.storage.tables import Complaint
from surveys.storage.uow import UnitOfWork

RESOLVED = (ComplaintStatus.RESOLVED.value, ComplaintStatus.CLOSED.value)


async def complaint_stats(uow: UnitOfWork, query: ScopedQuery, now: datetime) -> ComplaintStats:
    base, where = query.complaints()
    is_open = Complaint.status.in_(ACTIVE)
    overdue = and_(
        is_open,
        or_(
            Complaint.resolve_deadline < now,
            and_(Complaint.status.in_(UNCLAIMED), Complaint.ack_deadline < now),
        ),
    )
    row = (
        await uow.session.execute(
            base.add_columns(
                func.count(),
                func.count().filter(is_open),
                func.count().filter(overdue),
                func.count().filter(Complaint.status.in_(RESOLVED)),
                func.count().filter(Complaint.status == ComplaintStatus.WITHDRAWN.value),
            ).where(*where)
        )
    ).one()
    opened, still_open, late, resolved, withdrawn = ints(row)
    median = await _median_seconds_to_resolve(uow, query)
    return ComplaintStats(
        opened=opened,
        open=still_open,
        overdue=late,
        resolved=resolved,
        withdrawn=withdrawn,
        median_hours_to_resolve=None if median is None else round(median / 3600, 2),
    )


async def _median_seconds_to_resolve(uow: UnitOfWork, query: ScopedQuery) -> float | None:
    """The median of ``resolved_at - created_at``: percentile_cont on PostgreSQL,
    the middle row(s) of an ordered scan (LIMIT/OFFSET) on SQLite."""
    base, where = query.complaints()
    where = [
        *where,
        Complaint.status.in_(RESOLVED),
        Complaint.resolved_at.is_not(None),
    ]
    if uow.dialect == "postgresql":
        seconds: ColumnElement[Any] = func.extract(
            "epoch", Complaint.resolved_at - Complaint.created_at
        )
        value = (
            await uow.session.execute(
                base.add_columns(func.percentile_cont(0.5).within_group(seconds)).where(*where)
            )
        ).scalar_one()
        return None if value is None else float(value)
    seconds = (func.julianday(Complaint.resolved_at) - func.julianday(Complaint.created_at)) * 86400
    total = int(
        (await uow.session.execute(base.add_columns(func.count()).where(*where))).scalar_one()
    )
    if not total:
        return None
    middle = (
        base.add_columns(seconds.label("seconds"))
        .where(*where)
        .order_by(seconds)
        .limit(2 - total % 2)
        .offset((total - 1) // 2)
        .subquery()
    )
    value = (await uow.session.execute(select(func.avg(middle.c.seconds)))).scalar_one()
    return None if value is None else round(float(value), 3)


async def complaints_by(uow: UnitOfWork, query: ScopedQuery, key: GroupKey) -> dict[Any, int]:
    base, where = query.complaints()
    rows = await uow.session.execute(
        base.add_columns(key, func.count()).where(*where).group_by(key)
    )
    return {k: int(n) for k, n in rows.all()}
