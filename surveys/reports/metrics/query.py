"""The scope of a report as SQL: the conditions every metric shares, and the raw counts
that the summary, the branches, the staff and the weeks all roll up from."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import QueryableAttribute

from surveys.conversation.states import SurveyState
from surveys.outbox.states import SendStatus
from surveys.reports.metrics.results import Scores
from surveys.reports.questions import QuestionMap
from surveys.reports.scope import ReportScope
from surveys.storage.tables import Answer, Complaint, Delivery, Event
from surveys.storage.uow import UnitOfWork

SENT_STATUSES = (SendStatus.SENT.value, SendStatus.UNCERTAIN.value)
NEGATIVE = "negative"
TEXT_KIND = "text"
#: How many raw counts a group carries about sending, and about answers (see ``Scores.of``).
SENDS, ANSWERS = 4, 7

GroupKey = ColumnElement[Any] | QueryableAttribute[Any]


class ScopedQuery:
    """The scope turned into SQL conditions, shared by every metric."""

    def __init__(self, scope: ReportScope, questions: QuestionMap) -> None:
        self.scope = scope
        self.questions = questions
        self.start, self.end = scope.bounds()
        self.template_ids: list[int] | None = None
        if scope.template is not None or scope.touchpoint is not None:
            self.template_ids = questions.template_ids(scope.template, scope.touchpoint)
        #: Raw counts per (branch id, staff name), once per query (see ``people``).
        self.people: dict[tuple[Any, ...], list[int]] | None = None

    def _where(self, day: GroupKey, branch: GroupKey, staff: GroupKey) -> list[ColumnElement[bool]]:
        """The period (on the local day that counts) and the branch and staff filters."""
        where: list[ColumnElement[bool]] = [day >= self.start, day < self.end]
        if self.scope.branch_ids:
            where.append(branch.in_(self.scope.branch_ids))
        if self.scope.staff_name is not None:
            where.append(staff == self.scope.staff_name)
        return where

    def surveys(self) -> list[ColumnElement[bool]]:
        """Conditions on deliveries joined to their events."""
        scope = self.scope
        where = self._where(Event.occurred_at, Event.branch_id, Event.staff_name)
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
        where = self._where(Complaint.created_at, Complaint.branch_id, Complaint.staff_name)
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


def ints(values: Sequence[Any]) -> tuple[int, ...]:
    """A result row's counts, NULL as 0."""
    return tuple(int(v or 0) for v in values)


async def tallies(
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


async def people(uow: UnitOfWork, query: ScopedQuery) -> dict[tuple[Any, ...], list[int]]:
    """Counts per (branch, staff member): the summary, the branches and the staff all roll
    up from this one pair of queries."""
    if query.people is None:
        query.people = await tallies(uow, query, Event.branch_id, Event.staff_name)
    return query.people


def roll(
    tallies: Mapping[tuple[Any, ...], list[int]], pick: Callable[[tuple[Any, ...]], Any]
) -> dict[Any, Scores]:
    """Add up the counts of the groups that ``pick`` maps to the same key."""
    summed: dict[Any, list[int]] = {}
    for key, counts in tallies.items():
        into = summed.setdefault(pick(key), [0] * (SENDS + ANSWERS))
        for index, value in enumerate(counts):
            into[index] += value
    return {key: Scores.of(c[:SENDS], c[SENDS:]) for key, c in summed.items()}
