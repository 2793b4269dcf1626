"""One row per survey, for a spreadsheet: CSV (UTF-8 with BOM) or XLSX.

Rows stream from the database in batches of deliveries (keyset pagination on
the delivery id, one short read-only unit of work per batch), and each batch is
written before the next is read, so a large export takes flat memory. Writing
happens in a worker thread; the event loop only waits for it.

Columns: the survey, customer (external id, name; the phone only with
``include_phone``, for admins), the visit (external id, type, local date),
branch, staff member, vehicle, template, wave, send status, and the sent, first
answer and completed times in the business's zone; then one column per
question of the templates involved (question ids as headers; a skipped
question reads "(skipped)", one never asked stays empty); then the sentiment
and topics of the free-text answer and the status and severity of the
complaint the survey raised.

Spreadsheet safety: a CSV text cell starting with ``= + - @`` (or a tab or
carriage return) gets a leading apostrophe so that a spreadsheet never runs a
customer's words as a formula; XLSX cells are typed as text instead, and
characters XLSX cannot hold are removed.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select

from surveys.reports import labels
from surveys.reports.metrics import ScopedQuery
from surveys.reports.questions import QuestionMap
from surveys.reports.scope import ReportScope
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Answer, Branch, Complaint, Customer, Delivery, Event
from surveys.timemath import to_local

Value = str | int | float | date | datetime | None
BATCH_SIZE = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

BEFORE = (
    "delivery_id",
    "customer_id",
    "customer_name",
    "phone",
    "event_id",
    "event_kind",
    "event_date",
    "branch",
    "staff",
    "vehicle",
    "template",
    "wave_id",
    "status",
    "sent_at",
    "answered_at",
    "completed_at",
)
AFTER = ("sentiment", "topics", "complaint_status", "complaint_severity")

_WORDS = {
    "skipped": {"zh": "(跳过)", "en": "(skipped)"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
}


def _word(key: str, language: str) -> str:
    return _WORDS[key].get(language) or _WORDS[key]["en"]


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
            db, scope, questions, tuple(columns), include_phone, language, max(1, batch_size)
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """Column keys: the survey's own columns, then the question ids, then the outcome."""
        return (*self._before(), *self.question_columns, *AFTER)

    @property
    def headers(self) -> tuple[str, ...]:
        def named(keys: Sequence[str]) -> list[str]:
            return [labels.column(key, self.language) for key in keys]

        return (*named(self._before()), *self.question_columns, *named(AFTER))

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
            rows.append(
                [
                    delivery_id,
                    customer_id,
                    customer_name,
                    *([phone] if self.include_phone else []),
                    event_id,
                    event_kind,
                    to_local(occurred_at, zone).date(),
                    branch,
                    staff,
                    vehicle,
                    template.key if template else None,
                    wave_id,
                    status,
                    _local(sent_at, self.scope),
                    _local(started_at, self.scope),
                    _local(completed_at, self.scope),
                    *(values.get(q) for q in self.question_columns),
                    sentiment,
                    topics,
                    complaint_status,
                    complaint_severity,
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
            return _word("skipped", self.language)
        if kind == "yesno" and number is not None:
            return _word("yes" if number else "no", self.language)
        if choice is not None:
            template = self.questions.templates.get(template_id)
            label = template.options.get(question_id, {}).get(choice) if template else None
            return (label.get(self.language) or choice) if label else choice
        return number if number is not None else text


def _local(instant: datetime | None, scope: ReportScope) -> datetime | None:
    """A wall-clock time in the business's zone (spreadsheets have no zones)."""
    return None if instant is None else to_local(instant, scope.zone).replace(tzinfo=None)


# ---------------------------------------------------------------- CSV


def _csv_cell(value: Value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return value.isoformat()


async def write_csv(
    db: Database,
    scope: ReportScope,
    target: Path | BinaryIO,
    *,
    include_phone: bool = False,
    language: str = "zh",
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write the export as CSV in UTF-8 with a BOM (so Excel reads Chinese); returns rows."""
    export = await DeliveryExport.open(
        db, scope, include_phone=include_phone, language=language, batch_size=batch_size
    )
    with _binary(target) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(stream)
            writer.writerow(export.headers)
            written = 0
            async for batch in export.batches():
                cells = [[_csv_cell(v) for v in row] for row in batch]
                await asyncio.to_thread(writer.writerows, cells)
                written += len(batch)
            await asyncio.to_thread(stream.flush)
        finally:
            stream.detach()
    return written


# ---------------------------------------------------------------- XLSX


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Value) -> Cell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text, never a formula
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime.combine(value, time()))
        cell.number_format = "yyyy-mm-dd"
    else:
        cell = WriteOnlyCell(sheet, value=value)
    return cell


async def write_xlsx(
    db: Database,
    scope: ReportScope,
    target: Path | BinaryIO,
    *,
    include_phone: bool = False,
    language: str = "zh",
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write the export as an XLSX workbook (openpyxl write-only mode); returns rows."""
    export = await DeliveryExport.open(
        db, scope, include_phone=include_phone, language=language, batch_size=batch_size
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="surveys")
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, h) for h in export.headers])

    def append(rows: list[list[Value]]) -> None:
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])

    written = 0
    async for batch in export.batches():
        await asyncio.to_thread(append, batch)
        written += len(batch)
    with _binary(target) as raw:
        await asyncio.to_thread(book.save, raw)
    return written


class _binary:
    """A path opened for binary writing (and closed), or a caller's stream (left open)."""

    def __init__(self, target: Path | BinaryIO) -> None:
        self.target = target
        self.opened: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        if isinstance(self.target, Path):
            self.opened = self.target.open("wb")
            return self.opened
        return self.target

    def __exit__(self, *exc: object) -> None:
        if self.opened is not None:
            self.opened.close()
