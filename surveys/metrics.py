"""Headline survey metrics, computed with SQL aggregates (never by looping over rows).

* response rate: surveys with at least one answer / surveys sent
* CSAT: share of 4-5 among answers to the overall question (role ``csat``)
* NPS: % promoters (9-10) minus % detractors (0-6) on the ``nps`` question
* unhappy: surveys with an overall score of 1-2 or a negative free-text answer
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import and_, case, distinct, func, or_, select

from surveys.states import SendStatus, SurveyState
from surveys.storage.tables import Answer, Delivery
from surveys.storage.uow import UnitOfWork

CSAT_QUESTION = "overall"
NPS_QUESTION = "nps"


@dataclass(frozen=True, slots=True)
class Headline:
    deliveries: int
    sent: int
    answered: int
    completed: int
    response_rate: float | None
    completion_rate: float | None
    csat: float | None
    csat_responses: int
    nps: float | None
    nps_responses: int
    unhappy: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


async def headline(uow: UnitOfWork, wave_id: int | None = None) -> Headline:
    scope = [] if wave_id is None else [Delivery.wave_id == wave_id]
    counts = (
        await uow.session.execute(
            select(
                func.count(),
                func.count().filter(
                    Delivery.status.in_((SendStatus.SENT.value, SendStatus.UNCERTAIN.value))
                ),
                func.count().filter(Delivery.started_at.is_not(None)),
                func.count().filter(Delivery.survey_state == SurveyState.COMPLETED.value),
            ).where(*scope)
        )
    ).one()
    deliveries, sent, answered, completed = (int(v) for v in counts)
    scored = and_(Answer.skipped.is_(False), Answer.value_int.is_not(None))
    csat_row = (
        await uow.session.execute(
            select(
                func.count(),
                func.count().filter(Answer.value_int >= 4),
            )
            .select_from(Answer)
            .join(Delivery, Delivery.id == Answer.delivery_id)
            .where(Answer.question_id == CSAT_QUESTION, scored, *scope)
        )
    ).one()
    nps_row = (
        await uow.session.execute(
            select(
                func.count(),
                func.sum(case((Answer.value_int >= 9, 1), else_=0)),
                func.sum(case((Answer.value_int <= 6, 1), else_=0)),
            )
            .select_from(Answer)
            .join(Delivery, Delivery.id == Answer.delivery_id)
            .where(Answer.question_id == NPS_QUESTION, scored, *scope)
        )
    ).one()
    unhappy = (
        await uow.session.execute(
            select(func.count(distinct(Answer.delivery_id)))
            .select_from(Answer)
            .join(Delivery, Delivery.id == Answer.delivery_id)
            .where(
                or_(
                    and_(Answer.question_id == CSAT_QUESTION, scored, Answer.value_int <= 2),
                    Answer.sentiment_label == "negative",
                ),
                *scope,
            )
        )
    ).scalar_one()
    csat_total, csat_happy = int(csat_row[0]), int(csat_row[1])
    nps_total = int(nps_row[0])
    promoters, detractors = int(nps_row[1] or 0), int(nps_row[2] or 0)
    nps = round(100 * (promoters - detractors) / nps_total, 1) if nps_total else None
    return Headline(
        deliveries=deliveries,
        sent=sent,
        answered=answered,
        completed=completed,
        response_rate=_ratio(answered, sent),
        completion_rate=_ratio(completed, sent),
        csat=_ratio(csat_happy, csat_total),
        csat_responses=csat_total,
        nps=nps,
        nps_responses=nps_total,
        unhappy=int(unhappy),
    )
