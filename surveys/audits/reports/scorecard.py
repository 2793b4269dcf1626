"""The branch scorecard: per branch and touchpoint, what mystery shoppers found (the mean
audit score, 0-100) beside what customers said (their average 1-5 rating) over the same
period, flagged where one is low and the other is not.

``execution`` (执行短板): the audit is low while customers are content; ``perception``
(顾客感知短板): customers are unhappy although the audit found the process followed. Only
approved audits count, on the local date they were submitted; surveys count on the date
of the visit they ask about, as in every report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Float, cast, func, select

from surveys.audits.model import ChecklistCatalog
from surveys.audits.scoring import score_audit
from surveys.audits.states import AuditStatus
from surveys.reports.metrics.query import ScopedQuery
from surveys.reports.questions import QuestionMap
from surveys.reports.scope import ReportScope
from surveys.storage.tables import Answer, Audit, AuditAnswer, Branch, Delivery, Event
from surveys.storage.uow import UnitOfWork

AUDIT_LOW = 70.0
"""An audit score (0-100) below this is low."""
RATING_LOW = 3.5
"""A customers' average rating (1-5) below this is low."""
FLAGS = ("execution", "perception")


@dataclass(frozen=True, slots=True)
class ScorecardRow:
    branch: str
    touchpoint: str
    audit_score: float | None
    audits: int
    customer_average: float | None
    responses: int
    flag: str | None

    @staticmethod
    def flag_of(audit: float | None, customers: float | None) -> str | None:
        if audit is None or customers is None:
            return None
        if audit < AUDIT_LOW and customers >= RATING_LOW:
            return "execution"
        if customers < RATING_LOW and audit >= AUDIT_LOW:
            return "perception"
        return None


@dataclass(frozen=True, slots=True)
class Scorecard:
    first: date
    last: date
    rows: tuple[ScorecardRow, ...]
    audit_scores: dict[str, float]
    """Each branch's mean overall audit score in the period."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "audit_scores": {k: round(v, 1) for k, v in self.audit_scores.items()},
            "rows": [asdict(row) for row in self.rows],
        }


async def _audit_side(
    uow: UnitOfWork, catalog: ChecklistCatalog, scope: ReportScope
) -> tuple[dict[tuple[int, str], list[float]], dict[int, list[float]]]:
    """Each approved audit's touchpoint and overall scores, from two queries (the audits,
    then all their answers) however many audits the period holds."""
    start, end = scope.bounds()
    where = [
        Audit.status == AuditStatus.APPROVED.value,
        Audit.submitted_at >= start,
        Audit.submitted_at < end,
    ]
    if scope.branch_ids:
        where.append(Audit.branch_id.in_(scope.branch_ids))
    audits = (
        await uow.session.execute(
            select(Audit.id, Audit.checklist_id, Audit.branch_id, Audit.items_only)
            .where(*where)
            .order_by(Audit.id)
        )
    ).all()
    answers: dict[int, dict[str, float | None]] = defaultdict(dict)
    rows = await uow.session.execute(
        select(AuditAnswer.audit_id, AuditAnswer.item_id, AuditAnswer.value)
        .join(Audit, Audit.id == AuditAnswer.audit_id)
        .where(*where)
    )
    for audit_id, item_id, value in rows.all():
        answers[audit_id][item_id] = value
    by_touchpoint: dict[tuple[int, str], list[float]] = defaultdict(list)
    overall: dict[int, list[float]] = defaultdict(list)
    for audit_id, checklist_id, branch_id, items_only in audits:
        checklist = await catalog.get(uow, checklist_id)
        items = checklist.items
        if items_only:
            items = tuple(item for item in items if item.id in set(items_only))
        scores = score_audit(items, answers[audit_id])
        for touchpoint, score in scores.by_touchpoint.items():
            by_touchpoint[(branch_id, touchpoint)].append(score)
        if scores.overall is not None:
            overall[branch_id].append(scores.overall)
    return by_touchpoint, overall


async def _customer_side(
    uow: UnitOfWork, scope: ReportScope
) -> dict[tuple[int, str], tuple[int, float]]:
    q = await QuestionMap.load(uow)
    query = ScopedQuery(scope, q)
    touchpoint = q.touchpoint_of()
    rows = await uow.session.execute(
        select(Event.branch_id, touchpoint, func.count(), func.avg(cast(Answer.value_int, Float)))
        .select_from(Answer)
        .join(Delivery, Delivery.id == Answer.delivery_id)
        .join(Event, Event.id == Delivery.event_id)
        .where(
            *query.surveys(),
            Answer.question_id.in_(q.touchpoint_ids()),
            Answer.skipped.is_(False),
            Answer.value_int.is_not(None),
            q.is_touchpoint(),
        )
        .group_by(Event.branch_id, touchpoint)
    )
    return {
        (branch_id, name): (int(n), float(avg))
        for branch_id, name, n, avg in rows.all()
        if name is not None and branch_id is not None
    }


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


async def build_scorecard(
    uow: UnitOfWork, catalog: ChecklistCatalog, scope: ReportScope
) -> Scorecard:
    audits, overall = await _audit_side(uow, catalog, scope)
    customers = await _customer_side(uow, scope)
    names: dict[int, str] = {
        branch_id: name
        for branch_id, name in (await uow.session.execute(select(Branch.id, Branch.name))).all()
    }
    audited_branches = {branch_id for branch_id, _ in audits}
    keys = set(audits) | {key for key in customers if key[0] in audited_branches}
    rows = []
    for branch_id, touchpoint in keys:
        audit = (
            _mean(audits[(branch_id, touchpoint)]) if (branch_id, touchpoint) in audits else None
        )
        responses, average = customers.get((branch_id, touchpoint), (0, None))
        rows.append(
            ScorecardRow(
                branch=names[branch_id],
                touchpoint=touchpoint,
                audit_score=None if audit is None else round(audit, 1),
                audits=len(audits.get((branch_id, touchpoint), [])),
                customer_average=None if average is None else round(average, 2),
                responses=responses,
                flag=ScorecardRow.flag_of(audit, average),
            )
        )
    rows.sort(key=lambda r: (r.branch, r.flag is None, r.touchpoint))
    return Scorecard(
        scope.first,
        scope.last,
        tuple(rows),
        {names[b]: round(_mean(v), 1) for b, v in sorted(overall.items())},
    )
