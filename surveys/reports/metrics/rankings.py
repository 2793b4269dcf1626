"""Branches and staff members graded and ranked, best first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from surveys.reports.metrics.complaints import complaints_by
from surveys.reports.metrics.grades import GRADE_ORDER, Grade, GradeThresholds
from surveys.reports.metrics.query import ScopedQuery, people, roll
from surveys.reports.metrics.results import GroupScore, Scores
from surveys.storage.tables import Branch, Complaint
from surveys.storage.uow import UnitOfWork


def ranked(
    groups: Mapping[Any, Scores],
    names: Mapping[Any, str | None],
    complaints: Mapping[Any, int],
    thresholds: GradeThresholds,
) -> tuple[GroupScore, ...]:
    graded = [
        (
            key,
            s,
            thresholds.grade(s.csat, s.csat_responses, s.nps, s.nps_responses),
        )
        for key, s in groups.items()
    ]
    graded.sort(
        key=lambda g: (
            GRADE_ORDER.index(g[2]),
            -(g[1].csat if g[1].csat is not None else -1.0),
            -(g[1].nps if g[1].nps is not None else -101.0),
            -g[1].answered,
            str(names.get(g[0]) or ""),
        )
    )
    return tuple(
        GroupScore(
            key=key,
            name=names.get(key),
            scores=s,
            complaints=complaints.get(key, 0),
            grade=grade,
            rank=None if grade is Grade.NA else position,
        )
        for position, (key, s, grade) in enumerate(graded, start=1)
    )


async def branch_ranking(
    uow: UnitOfWork, query: ScopedQuery, thresholds: GradeThresholds
) -> tuple[GroupScore, ...]:
    groups = roll(await people(uow, query), lambda key: key[0])
    rows = await uow.session.execute(
        select(Branch.id, Branch.name).where(Branch.id.in_([k for k in groups if k is not None]))
    )
    names: dict[Any, str | None] = {bid: name for bid, name in rows.all()}
    complaints = await complaints_by(uow, query, Complaint.branch_id)
    return ranked(groups, names, complaints, thresholds)


async def staff_ranking(
    uow: UnitOfWork, query: ScopedQuery, thresholds: GradeThresholds
) -> tuple[GroupScore, ...]:
    groups = roll(await people(uow, query), lambda key: key[1])
    names: dict[Any, str | None] = {k: k for k in groups}
    complaints = await complaints_by(uow, query, Complaint.staff_name)
    return ranked(groups, names, complaints, thresholds)
