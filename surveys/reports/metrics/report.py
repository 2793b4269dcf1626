"""Survey and complaint metrics for a period, computed with SQL aggregates.

Definitions (every ratio is ``None`` when its denominator is zero):

* deliveries: surveys about visits in the period; sent: those sent (or whose
  send ended uncertain: the customer may have it); answered: at least one
  answer or skip; completed: the survey ran to its end.
* response rate = answered / sent; completion rate = completed / sent.
* CSAT = share of answers in the top two boxes (4-5 of 5) to the question with
  role ``csat``; NPS = % promoters (9-10) minus % detractors (0-6) on the
  question with role ``nps``. Skipped questions count nowhere.
* unhappy text share = negative free-text answers / free-text answers.
* touchpoints: the average rating of each touchpoint question (its own scale).
* topics: complaint topics (complaints opened in the period) and topics of
  negative free-text answers; ``mentions`` adds both, except that a topic of an
  answer whose survey raised a complaint listing the same topic counts once.
* complaints: opened in the period; of those, still open, overdue at ``now``
  (open past the resolve deadline, or not yet claimed past the acknowledge
  deadline), resolved (resolved or closed) and withdrawn; the median time from
  opening to resolution of the resolved ones.

The period and the filters are a :class:`~surveys.reports.scope.ReportScope`.
Queries group in SQL; Python only reshapes the handful of groups they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, case, literal

from surveys.reports.metrics.complaints import complaint_stats
from surveys.reports.metrics.grades import GradeThresholds
from surveys.reports.metrics.query import ScopedQuery, people, roll, tallies
from surveys.reports.metrics.rankings import branch_ranking, staff_ranking
from surveys.reports.metrics.results import GroupScore, Report, Scores, Summary, WeekScore
from surveys.reports.metrics.topics import topic_counts
from surveys.reports.metrics.touchpoints import touchpoint_scores
from surveys.reports.questions import QuestionMap
from surveys.reports.scope import ReportScope, Week
from surveys.storage.tables import Event
from surveys.storage.uow import UnitOfWork


async def _query(uow: UnitOfWork, scope: ReportScope, questions: QuestionMap | None) -> ScopedQuery:
    return ScopedQuery(scope, questions or await QuestionMap.load(uow))


async def _summary(uow: UnitOfWork, query: ScopedQuery, now: datetime) -> Summary:
    return Summary(
        scope=query.scope,
        scores=roll(await people(uow, query), lambda _: None).get(None, Scores()),
        touchpoints=await touchpoint_scores(uow, query),
        topics=await topic_counts(uow, query),
        complaints=await complaint_stats(uow, query, now),
    )


async def summary(
    uow: UnitOfWork,
    scope: ReportScope,
    *,
    now: datetime,
    questions: QuestionMap | None = None,
) -> Summary:
    """The headline numbers of ``scope``; ``now`` decides which complaints are overdue."""
    query = await _query(uow, scope, questions)
    return await _summary(uow, query, now)


async def by_branch(
    uow: UnitOfWork,
    scope: ReportScope,
    *,
    thresholds: GradeThresholds | None = None,
    questions: QuestionMap | None = None,
) -> tuple[GroupScore, ...]:
    """Every branch with surveys in ``scope``, graded and ranked best first."""
    return await branch_ranking(
        uow, await _query(uow, scope, questions), thresholds or GradeThresholds()
    )


async def by_staff(
    uow: UnitOfWork,
    scope: ReportScope,
    *,
    thresholds: GradeThresholds | None = None,
    questions: QuestionMap | None = None,
) -> tuple[GroupScore, ...]:
    """Every staff member (``events.staff_name``) with surveys in ``scope``, ranked."""
    return await staff_ranking(
        uow, await _query(uow, scope, questions), thresholds or GradeThresholds()
    )


def _week_of(weeks: Sequence[Week]) -> ColumnElement[int]:
    """The index of the ISO week an event falls in (the query keeps it inside the period)."""
    if len(weeks) == 1:
        return literal(0)
    return case(
        *((Event.occurred_at < week.end, index) for index, week in enumerate(weeks[:-1])),
        else_=len(weeks) - 1,
    )


async def weekly(
    uow: UnitOfWork, scope: ReportScope, *, questions: QuestionMap | None = None
) -> tuple[WeekScore, ...]:
    """CSAT, NPS and response counts per ISO week of the business calendar, empty weeks too."""
    query = await _query(uow, scope, questions)
    return await _weekly(uow, query)


async def _weekly(uow: UnitOfWork, query: ScopedQuery) -> tuple[WeekScore, ...]:
    weeks = query.scope.weeks()
    counts = await tallies(uow, query, _week_of(weeks).label("week"))
    groups = roll(counts, lambda key: key[0])
    return tuple(
        WeekScore(week.label, week.first, week.last, groups.get(index, Scores()))
        for index, week in enumerate(weeks)
    )


async def build_report(
    uow: UnitOfWork,
    scope: ReportScope,
    *,
    now: datetime,
    thresholds: GradeThresholds | None = None,
    questions: QuestionMap | None = None,
    staff: bool = True,
    weeks: bool = True,
) -> Report:
    """The summary, the branch (and staff) rankings and the weekly trend, in one unit of work.

    The summary, branches and staff share one pass over the surveys and answers;
    ``staff=False`` / ``weeks=False`` leave those parts empty (the weekly trend is a
    pass of its own).
    """
    query = await _query(uow, scope, questions)
    thresholds = thresholds or GradeThresholds()
    return Report(
        summary=await _summary(uow, query, now),
        branches=await branch_ranking(uow, query, thresholds),
        staff=await staff_ranking(uow, query, thresholds) if staff else (),
        weeks=await _weekly(uow, query) if weeks else (),
        thresholds=thresholds,
    )
