"""The rows of an export: one per survey, its columns in the reader's language.

Rows stream from the database in batches of deliveries (keyset pagination on
the delivery id, one short read-only unit of work per batch), so a large export
takes flat memory.

Columns (see :mod:`~surveys.reports.export.columns`): the survey, customer (external id,
name; the phone only with ``include_phone``, for admins), the visit (external id, type,
local date), branch, staff member, vehicle, survey template, wave, send status, and the
sent, first answer and completed times in the business's zone; then one column per
question of the templates involved (a skipped question reads "(skipped)", one never
asked stays empty); then the sentiment and topics of the free-text answer and the
status and severity of the complaint the survey raised. Headers and coded values (visit
type, statuses, sentiment, topics, severity, yes/no) are words of the catalog, never
codes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from surveys.i18n import name_of, names_of, say
from surveys.reports.export.columns import AFTER, BEFORE, question_headers, unique
from surveys.reports.metrics.query import ScopedQuery
from surveys.reports.questions import QuestionMap
from surveys.reports.scope import ReportScope
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Answer, Branch, Complaint, Customer, Delivery, Event
from surveys.timemath import to_local

Value = str | int | float | date | datetime | None
BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class DeliveryExport:
    """The columns of an export of ``scope``, and its rows batch by batch."""

    db: Database
    scope: ReportScope
    questions: QuestionMap
    question_columns: tuple[str, ...]
    include_phone: bool
    language: str
    batch_size: int

    @classmethod
    async def open(
        cls,
        db: Database,
        scope: ReportScope,
        *,
        include_phone: bool = False,
        language: str = "zh",
        batch_size: int = BATCH_SIZE,
        questions: QuestionMap | None = None,
    ) -> DeliveryExport:
        async with UnitOfWork(db, readonly=True) as uow:
            questions = questions or await QuestionMap.load(uow)
            query = ScopedQuery(scope, questions)
            used = await uow.session.execute(
                select(Delivery.template_id)
                .distinct()
                .select_from(Delivery)
                .join(Event, Event.id == Delivery.event_id)
                .where(*query.surveys())
            )
            columns = questions.question_columns(used.scalars().all())
        return cls(
            db,
            scope,
            questions,
            tuple(columns),
            include_phone,
            language,
            max(1, batch_size),
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """Column keys: the survey's own columns, then the question ids, then the outcome."""
        return (*self._before(), *self.question_columns, *AFTER)

    @property
    def headers(self) -> tuple[str, ...]:
        """The column headers, in :attr:`keys` order and all different."""

        def named(keys: Sequence[str]) -> list[str]:
            return [name_of("column", key, self.language) for key in keys]

        questions = question_headers(self.questions, self.question_columns, self.language)
        return unique([*named(self._before()), *questions, *named(AFTER)], self.language)

    def _before(self) -> tuple[str, ...]:
        return tuple(k for k in BEFORE if k != "phone" or self.include_phone)

    async def batches(self) -> AsyncIterator[list[list[Value]]]:
        """Rows in delivery order, at most ``batch_size`` at a time."""
        query = ScopedQuery(self.scope, self.questions)
        last_id = 0
        while True:
            async with UnitOfWork(self.db, readonly=True) as uow:
                surveys = (
                    await uow.session.execute(
                        select(
                            Delivery.id,
                            Customer.external_id,
                            Customer.name,
                            Customer.phone,
                            Event.external_id,
                            Event.kind,
                            Event.occurred_at,
                            Branch.name,
                            Event.staff_name,
                            Event.vehicle,
                            Delivery.template_id,
                            Delivery.wave_id,
                            Delivery.status,
                            Delivery.sent_at,
                            Delivery.started_at,
                            Delivery.completed_at,
                            Complaint.status,
                            Complaint.severity,
                        )
                        .select_from(Delivery)
                        .join(Event, Event.id == Delivery.event_id)
                        .join(Customer, Customer.id == Delivery.customer_id)
                        .outerjoin(Branch, Branch.id == Event.branch_id)
                        .outerjoin(Complaint, Complaint.delivery_id == Delivery.id)
                        .where(*query.surveys(), Delivery.id > last_id)
                        .order_by(Delivery.id)
                        .limit(self.batch_size)
                    )
                ).all()
                if not surveys:
                    return
                answers = (
                    await uow.session.execute(
                        select(
                            Answer.delivery_id,
                            Answer.question_id,
                            Answer.kind,
                            Answer.value_int,
                            Answer.value_choice,
                            Answer.value_text,
                            Answer.skipped,
                            Answer.sentiment_label,
                            Answer.topics,
                        ).where(Answer.delivery_id.in_([row[0] for row in surveys]))
                    )
                ).all()
            last_id = surveys[-1][0]
            yield self._rows(surveys, answers)

    async def each_batch(self, write: Callable[[list[list[Value]]], object]) -> int:
        """Hand each batch of rows to ``write`` in a worker thread; returns how many rows."""
        written = 0
        async for batch in self.batches():
            await asyncio.to_thread(write, batch)
            written += len(batch)
        return written

    def _rows(self, surveys: Sequence[Any], answers: Sequence[Any]) -> list[list[Value]]:
        by_delivery: dict[int, list[Any]] = {}
        for answer in answers:
            by_delivery.setdefault(answer[0], []).append(answer)
        zone = self.scope.zone
        rows: list[list[Value]] = []
        for (
            delivery_id,
            customer_id,
            customer_name,
            phone,
            event_id,
            event_kind,
            occurred_at,
            branch,
            staff,
            vehicle,
            template_id,
            wave_id,
            status,
            sent_at,
            started_at,
            completed_at,
            complaint_status,
            complaint_severity,
        ) in surveys:
            template = self.questions.templates.get(template_id)
            values: dict[str, Value] = {}
            sentiment: str | None = None
            topics: str | None = None
            for (
                _,
                question_id,
                kind,
                number,
                choice,
                text,
                skipped,
                label,
                found,
            ) in by_delivery.get(delivery_id, ()):
                values[question_id] = self._answer(
                    template_id, question_id, kind, number, choice, text, skipped
                )
                if kind == "text" and not skipped and sentiment is None:
                    sentiment, topics = label, found
            language = self.language
            rows.append(
                [
                    delivery_id,
                    customer_id,
                    customer_name,
                    *([phone] if self.include_phone else []),
                    event_id,
                    name_of("kind", event_kind, language),
                    to_local(occurred_at, zone).date(),
                    branch,
                    staff,
                    vehicle,
                    template.title(language) if template else None,
                    wave_id,
                    name_of("send", status, language),
                    _local(sent_at, self.scope),
                    _local(started_at, self.scope),
                    _local(completed_at, self.scope),
                    *(values.get(q) for q in self.question_columns),
                    name_of("label", sentiment, language) or None,
                    names_of("topic", topics, language) or None,
                    name_of("complaint", complaint_status, language) or None,
                    name_of("severity", complaint_severity, language) or None,
                ]
            )
        return rows

    def _answer(
        self,
        template_id: int,
        question_id: str,
        kind: str,
        number: int | None,
        choice: str | None,
        text: str | None,
        skipped: bool,
    ) -> Value:
        if skipped:
            return say("export_skipped", self.language)
        if kind == "yesno" and number is not None:
            return say("yes" if number else "no", self.language)
        if choice is not None:
            template = self.questions.templates.get(template_id)
            label = template.options.get(question_id, {}).get(choice) if template else None
            return (label.get(self.language) or choice) if label else choice
        return number if number is not None else text


def _local(instant: datetime | None, scope: ReportScope) -> datetime | None:
    """A wall-clock time in the business's zone (spreadsheets have no zones)."""
    return None if instant is None else to_local(instant, scope.zone).replace(tzinfo=None)
