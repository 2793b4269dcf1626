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

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import QueryableAttribute

from surveys.conversation.states import SurveyState
from surveys.outbox.states import SendStatus
from surveys.reports.grades import GRADE_ORDER, Grade, GradeThresholds
from surveys.reports.questions import QuestionMap
from surveys.reports.scope import ReportScope, Week
from surveys.storage.tables import Answer, Branch, Complaint, Delivery, Event
from surveys.storage.uow import UnitOfWork

SENT_STATUSES = (SendStatus.SENT.value, SendStatus.UNCERTAIN.value)
#: Complaint statuses in which a manager still has to act.
OPEN_COMPLAINTS = ("open", "claimed", "contacted", "reopened")
#: Open complaints nobody has claimed yet: the acknowledge deadline runs.
UNCLAIMED_COMPLAINTS = ("open", "reopened")
RESOLVED_COMPLAINTS = ("resolved", "closed")
WITHDRAWN_COMPLAINT = "withdrawn"
NEGATIVE = "negative"
TEXT_KIND = "text"
TOP_TOPICS = 10
#: How many raw counts a group carries about sending, and about answers (see ``Scores.of``).
SENDS, ANSWERS = 4, 7

GroupKey = ColumnElement[Any] | QueryableAttribute[Any]


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _nps(promoters: int, detractors: int, total: int) -> float | None:
    return round(100 * (promoters - detractors) / total, 1) if total else None


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Scores:
    """The survey numbers of one group: the whole scope, a branch, a staff member, a week."""

    deliveries: int = 0
    sent: int = 0
    answered: int = 0
    completed: int = 0
    response_rate: float | None = None
    completion_rate: float | None = None
    csat: float | None = None
    csat_responses: int = 0
    nps: float | None = None
    nps_responses: int = 0
    promoters: int = 0
    detractors: int = 0
    text_answers: int = 0
    negative_texts: int = 0
    unhappy_text_share: float | None = None

    @classmethod
    def of(cls, sends: Sequence[int], answers: Sequence[int]) -> Scores:
        deliveries, sent, answered, completed = sends
        csat_n, satisfied, nps_n, promoters, detractors, texts, negative = answers
        return cls(
            deliveries=deliveries,
            sent=sent,
            answered=answered,
            completed=completed,
            response_rate=_ratio(answered, sent),
            completion_rate=_ratio(completed, sent),
            csat=_ratio(satisfied, csat_n),
            csat_responses=csat_n,
            nps=_nps(promoters, detractors, nps_n),
            nps_responses=nps_n,
            promoters=promoters,
            detractors=detractors,
            text_answers=texts,
            negative_texts=negative,
            unhappy_text_share=_ratio(negative, texts),
        )


@dataclass(frozen=True, slots=True)
class TouchpointScore:
    touchpoint: str
    average: float | None
    responses: int


@dataclass(frozen=True, slots=True)
class TopicCount:
    topic: str
    mentions: int
    complaints: int
    negative_answers: int


@dataclass(frozen=True, slots=True)
class ComplaintStats:
    opened: int = 0
    open: int = 0
    overdue: int = 0
    resolved: int = 0
    withdrawn: int = 0
    median_hours_to_resolve: float | None = None


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One branch or staff member: scores, complaints opened, grade and rank (1 = best)."""

    key: int | str | None
    name: str | None
    scores: Scores
    complaints: int
    grade: Grade
    rank: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            **asdict(self.scores),
            "complaints": self.complaints,
            "grade": self.grade.value,
            "rank": self.rank,
        }


@dataclass(frozen=True, slots=True)
class WeekScore:
    week: str
    first: date
    last: date
    scores: Scores

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            **asdict(self.scores),
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """The headline of a scope: ``as_dict()`` puts the scores at the top level."""

    scope: ReportScope
    scores: Scores
    touchpoints: tuple[TouchpointScore, ...]
    topics: tuple[TopicCount, ...]
    complaints: ComplaintStats

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.scope.describe(),
            **asdict(self.scores),
            "touchpoints": [asdict(t) for t in self.touchpoints],
            "topics": [asdict(t) for t in self.topics],
            "complaints": asdict(self.complaints),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``/stats`` shows: the summary, branches and staff ranked, weekly trend."""

    summary: Summary
    branches: tuple[GroupScore, ...] = ()
    staff: tuple[GroupScore, ...] = ()
    weeks: tuple[WeekScore, ...] = ()
    thresholds: GradeThresholds = field(default_factory=GradeThresholds)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary.as_dict(),
            "branches": [g.as_dict() for g in self.branches],
            "staff": [g.as_dict() for g in self.staff],
            "weeks": [w.as_dict() for w in self.weeks],
            "grade_thresholds": asdict(self.thresholds),
        }


# ---------------------------------------------------------------- queries


class ScopedQuery:
    """The scope turned into SQL conditions, shared by every metric."""

    def __init__(self, scope: ReportScope, questions: QuestionMap) -> None:
        self.scope = scope
        self.questions = questions
        self.start, self.end = scope.bounds()
        self.template_ids: list[int] | None = None
        if scope.template is not None or scope.touchpoint is not None:
            self.template_ids = questions.template_ids(scope.template, scope.touchpoint)
        #: Raw counts per (branch id, staff name), once per query (see ``_people``).
        self.people: dict[tuple[Any, ...], list[int]] | None = None

    def surveys(self) -> list[ColumnElement[bool]]:
        """Conditions on deliveries joined to their events."""
        scope = self.scope
        where: list[ColumnElement[bool]] = [
            Event.occurred_at >= self.start,
            Event.occurred_at < self.end,
        ]
        if scope.branch_ids:
            where.append(Event.branch_id.in_(scope.branch_ids))
        if scope.staff_name is not None:
            where.append(Event.staff_name == scope.staff_name)
        if scope.event_kind is not None:
            where.append(Event.kind == scope.event_kind)
        if scope.wave_id is not None:
            where.append(Delivery.wave_id == scope.wave_id)
        if self.template_ids is not None:
            where.append(Delivery.template_id.in_(self.template_ids))
        return where

    def sends(self, *keys: GroupKey) -> Select[Any]:
        columns: list[ColumnElement[Any]] = [
            func.count(),
            func.count().filter(Delivery.status.in_(SENT_STATUSES)),
            func.count().filter(Delivery.started_at.is_not(None)),
            func.count().filter(Delivery.survey_state == SurveyState.COMPLETED.value),
        ]
        query = (
            select(*keys, *columns)
            .select_from(Delivery)
            .join(Event, Event.id == Delivery.event_id)
            .where(*self.surveys())
        )
        return query.group_by(*keys) if keys else query

    def answers(self, *keys: GroupKey) -> Select[Any]:
        q = self.questions
        is_csat, is_nps = q.is_csat(), q.is_nps()
        scored = Answer.value_int.is_not(None)
        is_text = and_(Answer.kind == TEXT_KIND, Answer.value_text.is_not(None))
        columns: list[ColumnElement[Any]] = [
            func.count().filter(and_(is_csat, scored)),
            func.count().filter(and_(q.csat_satisfied(), scored)),
            func.count().filter(and_(is_nps, scored)),
            func.count().filter(and_(is_nps, Answer.value_int >= 9)),
            func.count().filter(and_(is_nps, Answer.value_int <= 6)),
            func.count().filter(is_text),
            func.count().filter(and_(is_text, Answer.sentiment_label == NEGATIVE)),
        ]
        query = (
            select(*keys, *columns)
            .select_from(Answer)
            .join(Delivery, Delivery.id == Answer.delivery_id)
            .join(Event, Event.id == Delivery.event_id)
            .where(
                *self.surveys(),
                # Sargable on the (delivery_id, question_id) key; the roles are checked above.
                Answer.question_id.in_(q.ids(csat=True, nps=True, text=True)),
                Answer.skipped.is_(False),
                or_(is_csat, is_nps, Answer.kind == TEXT_KIND),
            )
        )
        return query.group_by(*keys) if keys else query

    def complaints(self) -> tuple[Select[Any], list[ColumnElement[bool]]]:
        """A ``FROM complaints`` base with the joins the filters need, and its conditions."""
        scope = self.scope
        base = select().select_from(Complaint)
        where: list[ColumnElement[bool]] = [
            Complaint.created_at >= self.start,
            Complaint.created_at < self.end,
        ]
        if scope.branch_ids:
            where.append(Complaint.branch_id.in_(scope.branch_ids))
        if scope.staff_name is not None:
            where.append(Complaint.staff_name == scope.staff_name)
        if self.template_ids is not None or scope.wave_id is not None:
            base = base.join(Delivery, Delivery.id == Complaint.delivery_id)
            if self.template_ids is not None:
                where.append(Delivery.template_id.in_(self.template_ids))
            if scope.wave_id is not None:
                where.append(Delivery.wave_id == scope.wave_id)
        if scope.event_kind is not None:
            base = base.join(Event, Event.id == Complaint.event_id)
            where.append(Event.kind == scope.event_kind)
        return base, where


def _ints(values: Sequence[Any]) -> tuple[int, ...]:
    return tuple(int(v or 0) for v in values)


async def _tallies(
    uow: UnitOfWork, query: ScopedQuery, *keys: GroupKey
) -> dict[tuple[Any, ...], list[int]]:
    """Raw counts (4 about sending, 7 about answers) per value of ``keys``, from two
    grouped queries merged by key."""
    width = len(keys)
    tallies: dict[tuple[Any, ...], list[int]] = {}
    for offset, statement in ((0, query.sends(*keys)), (SENDS, query.answers(*keys))):
        for row in (await uow.session.execute(statement)).all():
            counts = tallies.setdefault(tuple(row[:width]), [0] * (SENDS + ANSWERS))
            for index, value in enumerate(row[width:]):
                counts[offset + index] = int(value or 0)
    return tallies


async def _people(uow: UnitOfWork, query: ScopedQuery) -> dict[tuple[Any, ...], list[int]]:
    """Counts per (branch, staff member): the summary, the branches and the staff all roll
    up from this one pair of queries."""
    if query.people is None:
        query.people = await _tallies(uow, query, Event.branch_id, Event.staff_name)
    return query.people


def _roll(
    tallies: Mapping[tuple[Any, ...], list[int]], pick: Callable[[tuple[Any, ...]], Any]
) -> dict[Any, Scores]:
    """Add up the counts of the groups that ``pick`` maps to the same key."""
    summed: dict[Any, list[int]] = {}
    for key, counts in tallies.items():
        into = summed.setdefault(pick(key), [0] * (SENDS + ANSWERS))
        for index, value in enumerate(counts):
            into[index] += value
    return {key: Scores.of(c[:SENDS], c[SENDS:]) for key, c in summed.items()}


async def _scores(uow: UnitOfWork, query: ScopedQuery) -> Scores:
    return _roll(await _people(uow, query), lambda _: None).get(None, Scores())


async def _touchpoints(uow: UnitOfWork, query: ScopedQuery) -> tuple[TouchpointScore, ...]:
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


def _topic_set(topics: object) -> set[str]:
    return {t.strip() for t in str(topics or "").split(",")} - {""}


def _split_topics(rows: Sequence[Any]) -> Counter[str]:
    """Tally comma-separated topic lists from ``(topics, count)`` groups."""
    tally: Counter[str] = Counter()
    for topics, number in rows:
        for topic in _topic_set(topics):
            tally[topic] += int(number)
    return tally


async def _topics(uow: UnitOfWork, query: ScopedQuery) -> tuple[TopicCount, ...]:
    base, where = query.complaints()
    has_topics = and_(Complaint.topics.is_not(None), Complaint.topics != "")
    from_complaints = _split_topics(
        (
            await uow.session.execute(
                base.add_columns(Complaint.topics, func.count())
                .where(*where, has_topics)
                .group_by(Complaint.topics)
            )
        ).all()
    )
    # Grouped by the answer's topics and those of the complaint its survey raised (if any),
    # so that a topic already counted on that complaint is not counted twice.
    negative_answers = (
        select(Answer.topics, Complaint.topics, func.count())
        .select_from(Answer)
        .join(Delivery, Delivery.id == Answer.delivery_id)
        .join(Event, Event.id == Delivery.event_id)
        .outerjoin(Complaint, Complaint.delivery_id == Answer.delivery_id)
        .where(
            *query.surveys(),
            Answer.question_id.in_(query.questions.ids(text=True)),
            Answer.kind == TEXT_KIND,
            Answer.sentiment_label == NEGATIVE,
            Answer.topics.is_not(None),
            Answer.topics != "",
        )
        .group_by(Answer.topics, Complaint.topics)
    )
    from_answers: Counter[str] = Counter()
    unraised: Counter[str] = Counter()
    for answer_topics, complaint_topics, number in (
        await uow.session.execute(negative_answers)
    ).all():
        on_complaint = _topic_set(complaint_topics)
        for topic in _topic_set(answer_topics):
            from_answers[topic] += int(number)
            if topic not in on_complaint:
                unraised[topic] += int(number)
    counts = [
        TopicCount(
            topic=topic,
            mentions=from_complaints[topic] + unraised[topic],
            complaints=from_complaints[topic],
            negative_answers=from_answers[topic],
        )
        for topic in from_complaints.keys() | from_answers.keys()
    ]
    counts.sort(key=lambda t: (-t.mentions, -t.negative_answers, t.topic))
    return tuple(counts[:TOP_TOPICS])


async def _complaints(uow: UnitOfWork, query: ScopedQuery, now: datetime) -> ComplaintStats:
    base, where = query.complaints()
    is_open = Complaint.status.in_(OPEN_COMPLAINTS)
    overdue = and_(
        is_open,
        or_(
            Complaint.resolve_deadline < now,
            and_(Complaint.status.in_(UNCLAIMED_COMPLAINTS), Complaint.ack_deadline < now),
        ),
    )
    row = (
        await uow.session.execute(
            base.add_columns(
                func.count(),
                func.count().filter(is_open),
                func.count().filter(overdue),
                func.count().filter(Complaint.status.in_(RESOLVED_COMPLAINTS)),
                func.count().filter(Complaint.status == WITHDRAWN_COMPLAINT),
            ).where(*where)
        )
    ).one()
    opened, still_open, late, resolved, withdrawn = _ints(row)
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
        Complaint.status.in_(RESOLVED_COMPLAINTS),
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


async def _complaints_by(uow: UnitOfWork, query: ScopedQuery, key: GroupKey) -> dict[Any, int]:
    base, where = query.complaints()
    rows = await uow.session.execute(
        base.add_columns(key, func.count()).where(*where).group_by(key)
    )
    return {k: int(n) for k, n in rows.all()}


def _ranked(
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


# ---------------------------------------------------------------- public API


async def _summary(uow: UnitOfWork, query: ScopedQuery, now: datetime) -> Summary:
    return Summary(
        scope=query.scope,
        scores=await _scores(uow, query),
        touchpoints=await _touchpoints(uow, query),
        topics=await _topics(uow, query),
        complaints=await _complaints(uow, query, now),
    )


async def _by_branch(
    uow: UnitOfWork, query: ScopedQuery, thresholds: GradeThresholds
) -> tuple[GroupScore, ...]:
    groups = _roll(await _people(uow, query), lambda key: key[0])
    rows = await uow.session.execute(
        select(Branch.id, Branch.name).where(Branch.id.in_([k for k in groups if k is not None]))
    )
    names: dict[Any, str | None] = {bid: name for bid, name in rows.all()}
    complaints = await _complaints_by(uow, query, Complaint.branch_id)
    return _ranked(groups, names, complaints, thresholds)


async def _by_staff(
    uow: UnitOfWork, query: ScopedQuery, thresholds: GradeThresholds
) -> tuple[GroupScore, ...]:
    groups = _roll(await _people(uow, query), lambda key: key[1])
    names: dict[Any, str | None] = {k: k for k in groups}
    complaints = await _complaints_by(uow, query, Complaint.staff_name)
    return _ranked(groups, names, complaints, thresholds)


async def summary(
    uow: UnitOfWork,
    scope: ReportScope,
    *,
    now: datetime,
    questions: QuestionMap | None = None,
) -> Summary:
    """The headline numbers of ``scope``; ``now`` decides which complaints are overdue."""
    query = ScopedQuery(scope, questions or await QuestionMap.load(uow))
    return await _summary(uow, query, now)


async def by_branch(
    uow: UnitOfWork,
    scope: ReportScope,
    *,
    thresholds: GradeThresholds | None = None,
    questions: QuestionMap | None = None,
) -> tuple[GroupScore, ...]:
    """Every branch with surveys in ``scope``, graded and ranked best first."""
    query = ScopedQuery(scope, questions or await QuestionMap.load(uow))
    return await _by_branch(uow, query, thresholds or GradeThresholds())


async def by_staff(
    uow: UnitOfWork,
    scope: ReportScope,
    *,
    thresholds: GradeThresholds | None = None,
    questions: QuestionMap | None = None,
) -> tuple[GroupScore, ...]:
    """Every staff member (``events.staff_name``) with surveys in ``scope``, ranked."""
    query = ScopedQuery(scope, questions or await QuestionMap.load(uow))
    return await _by_staff(uow, query, thresholds or GradeThresholds())


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
    query = ScopedQuery(scope, questions or await QuestionMap.load(uow))
    return await _weekly(uow, query)


async def _weekly(uow: UnitOfWork, query: ScopedQuery) -> tuple[WeekScore, ...]:
    weeks = query.scope.weeks()
    tallies = await _tallies(uow, query, _week_of(weeks).label("week"))
    groups = _roll(tallies, lambda key: key[0])
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
    query = ScopedQuery(scope, questions or await QuestionMap.load(uow))
    thresholds = thresholds or GradeThresholds()
    return Report(
        summary=await _summary(uow, query, now),
        branches=await _by_branch(uow, query, thresholds),
        staff=await _by_staff(uow, query, thresholds) if staff else (),
        weeks=await _weekly(uow, query) if weeks else (),
        thresholds=thresholds,
    )
