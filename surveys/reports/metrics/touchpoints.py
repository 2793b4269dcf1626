"""The average rating of each touchpoint, in the order the templates ask about them."""

from __future__ import annotations

from sqlalchemy import Float, cast, func, select

from surveys.reports.metrics.query import ScopedQuery
from surveys.reports.metrics.results import TouchpointScore
from surveys.reports.questions import QuestionMap
from surveys.storage.tables import Answer, Delivery, Event
from surveys.storage.uow import UnitOfWork


async def touchpoint_scores(uow: UnitOfWork, query: ScopedQuery) -> tuple[TouchpointScore, ...]:
    q = query.questions
    touchpoint = q.touchpoint_of()
    rows = await uow.session.execute(
        select(touchpoint, func.count(), func.avg(cast(Answer.value_int, Float)))
        .select_from(Answer)
        .join(Delivery, Delivery.id == Answer.delivery_id)
        .join(Event, Event.id == Delivery.event_id)
        .where(
            *query.surveys(),
            Answer.question_id.in_(q.touchpoint_ids(query.scope.touchpoint)),
            Answer.skipped.is_(False),
            Answer.value_int.is_not(None),
            q.is_touchpoint(query.scope.touchpoint),
        )
        .group_by(touchpoint)
    )
    found = {name: (int(n), float(avg)) for name, n, avg in rows.all() if name is not None}
    order = _touchpoint_order(q, query.template_ids)
    if query.scope.touchpoint is not None:
        order = [t for t in order if t == query.scope.touchpoint]
    return tuple(
        TouchpointScore(
            touchpoint=name,
            average=round(found[name][1], 2) if name in found else None,
            responses=found[name][0] if name in found else 0,
        )
        for name in order
    )


def _touchpoint_order(questions: QuestionMap, template_ids: list[int] | None) -> list[str]:
    """Touchpoints in the order their templates ask about them (newest version first)."""
    order: list[str] = []
    wanted = questions.templates.keys() if template_ids is None else template_ids
    for tid in sorted(wanted, reverse=True):
        template = questions.templates[tid]
        for qid in template.questions:
            name = template.touchpoints.get(qid)
            if name is not None and name not in order:
                order.append(name)
    return order
