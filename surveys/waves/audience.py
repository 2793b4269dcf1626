"""Who a wave reaches, and why everyone else is skipped (each reason counted).

A customer with several events in the window gets one survey, about the
latest event; the others count as merged. Work is streamed in batches so a
100,000-customer wave keeps memory flat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Select, and_, select

from surveys.complaints.states import UNFINISHED
from surveys.i18n import pick_language
from surveys.outbox.states import SendStatus
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Complaint, Customer, Delivery, Event
from surveys.storage.uow import UnitOfWork


class SkipReason(StrEnum):
    NOT_LINKED = "not_linked"
    OPTED_OUT = "opted_out"
    UNREACHABLE = "unreachable"
    FATIGUE = "fatigue"
    ALREADY_SURVEYED = "already_surveyed"
    OPEN_COMPLAINT = "open_complaint"


SURVEYED_STATUSES = (
    SendStatus.PENDING.value,
    SendStatus.CLAIMED.value,
    SendStatus.SENDING.value,
    SendStatus.SENT.value,
    SendStatus.UNCERTAIN.value,
)


@dataclass(frozen=True, slots=True)
class AudienceQuery:
    event_kind: str
    starts: datetime
    ends: datetime
    branch_id: int | None = None
    staff_name: str | None = None


@dataclass
class AudienceReport:
    eligible: int = 0
    merged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass(frozen=True, slots=True)
class Recipient:
    customer_id: int
    event_id: int
    language: str


def _events(query: AudienceQuery) -> Select[int, int, bool, bool, bool, str | None]:
    conditions = [
        Event.kind == query.event_kind,
        Event.occurred_at >= query.starts,
        Event.occurred_at < query.ends,
    ]
    if query.branch_id is not None:
        conditions.append(Event.branch_id == query.branch_id)
    if query.staff_name is not None:
        conditions.append(Event.staff_name == query.staff_name)
    return (
        select(
            Event.id,
            Event.customer_id,
            Customer.opted_out | Customer.forgotten_at.is_not(None),
            Customer.chat_id.is_not(None) & Customer.telegram_user_id.is_not(None),
            Customer.unreachable,
            Customer.language,
        )
        .join(Customer, Customer.id == Event.customer_id)
        .where(and_(*conditions))
        .order_by(Event.customer_id, Event.occurred_at.desc(), Event.id.desc())
    )


async def select_audience(
    uow: UnitOfWork,
    query: AudienceQuery,
    *,
    now: datetime,
    fatigue: timedelta,
    default_language: str,
    report: AudienceReport,
) -> AsyncIterator[Recipient]:
    """Yield the eligible recipients; count skipped and merged customers into ``report``."""
    since = now - fatigue
    fatigued = set(
        (
            await uow.session.execute(
                select(Delivery.customer_id)
                .where(
                    Delivery.status.in_(SURVEYED_STATUSES),
                    Delivery.created_at >= since,
                )
                .distinct()
            )
        ).scalars()
    )
    complaining = set(
        (
            await uow.session.execute(
                select(Complaint.customer_id).where(Complaint.status.in_(UNFINISHED)).distinct()
            )
        ).scalars()
    )
    surveyed_events = set(
        (
            await uow.session.execute(
                select(Delivery.event_id)
                .join(Event, Event.id == Delivery.event_id)
                .where(
                    Delivery.status.in_(SURVEYED_STATUSES),
                    Event.kind == query.event_kind,
                    Event.occurred_at >= query.starts,
                    Event.occurred_at < query.ends,
                )
            )
        ).scalars()
    )
    previous_customer: int | None = None
    stream = await uow.session.stream(_events(query).execution_options(yield_per=2000))
    async for event_id, customer_id, opted_out, linked, unreachable, language in stream:
        if customer_id == previous_customer:
            report.merged += 1
            continue
        previous_customer = customer_id
        reason = _skip_reason(
            opted_out=bool(opted_out),
            linked=bool(linked),
            unreachable=bool(unreachable),
            fatigued=customer_id in fatigued,
            surveyed=event_id in surveyed_events,
            complaining=customer_id in complaining,
        )
        if reason is not None:
            report.skipped[reason.value] += 1
            continue
        report.eligible += 1
        yield Recipient(
            customer_id=customer_id,
            event_id=event_id,
            language=pick_language(language, default=default_language),
        )


def _skip_reason(
    *,
    opted_out: bool,
    linked: bool,
    unreachable: bool,
    fatigued: bool,
    surveyed: bool,
    complaining: bool = False,
) -> SkipReason | None:
    """The first rule that excludes a customer, in a fixed order so counts are stable."""
    if opted_out:
        return SkipReason.OPTED_OUT
    if not linked:
        return SkipReason.NOT_LINKED
    if unreachable:
        return SkipReason.UNREACHABLE
    if complaining:
        return SkipReason.OPEN_COMPLAINT
    if surveyed:
        return SkipReason.ALREADY_SURVEYED
    if fatigued:
        return SkipReason.FATIGUE
    return None


async def insert_deliveries(
    uow: UnitOfWork,
    recipients: AsyncIterator[Recipient],
    *,
    wave_id: int,
    template_id: int,
    due_at: datetime,
    now: datetime,
    batch_size: int = 1000,
) -> int:
    """Write one pending delivery per recipient, in batches; duplicates are ignored."""
    table = Delivery.__table__
    written = 0
    batch: list[dict[str, object]] = []

    async def flush() -> None:
        nonlocal written
        if batch:
            await uow.session.execute(
                insert_ignore(uow.dialect, table, ["wave_id", "customer_id"]),  # type: ignore[arg-type]
                batch,
            )
            written += len(batch)
            batch.clear()

    async for recipient in recipients:
        batch.append(
            {
                "wave_id": wave_id,
                "customer_id": recipient.customer_id,
                "event_id": recipient.event_id,
                "template_id": template_id,
                "language": recipient.language,
                "status": SendStatus.PENDING.value,
                "due_at": due_at,
                "attempts": 0,
                "survey_state": "not_started",
                "created_at": now,
            }
        )
        if len(batch) >= batch_size:
            await flush()
    await flush()
    return written
