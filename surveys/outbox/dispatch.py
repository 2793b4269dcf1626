"""The survey sender: sends due surveys at most once, or says why not (DESIGN.md invariant 2).

Deliveries live in the lease-based outbox (:mod:`surveys.outbox.lease`): pending ->
claimed -> sending -> sent | failed | uncertain. They go out in small groups: a slot
is taken from the rate limiter for each, then the group is marked "sending" in one
transaction, sent at once, and the outcomes are recorded in one more transaction. A
crash during the calls leaves rows "sending"; when their lease runs out they become
"uncertain" (they may have reached the customer) and are never resent.

What each outcome means for a survey: a recipient who is gone fails the delivery and
marks the customer unreachable; a 429 pauses every sender and puts the delivery back;
a send that certainly failed is retried with exponential backoff up to
``max_attempts``; a rejected message fails; anything that may have arrived is uncertain.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Table, bindparam, select, update

from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.rendering import VisitFacts
from surveys.outbox.lease import CLAIMED, LeaseOutbox, OutboxTable, Settlement
from surveys.outbox.outcomes import Outcome, SendOutcome, heed, outcome_of
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.states import SendStatus
from surveys.ports import Clock, Messenger, Outgoing, Priority
from surveys.storage.database import Database
from surveys.storage.tables import Branch, Customer, Delivery, Event, Wave
from surveys.storage.uow import UnitOfWork
from surveys.waves.schedule import QuietHours

log = logging.getLogger(__name__)

_TABLE: Table = Delivery.__table__  # type: ignore[assignment]


def _wave_not_held() -> ColumnElement[bool]:
    held = select(Wave.id).where(Wave.status.in_(("paused", "cancelled")))
    return _TABLE.c.wave_id.not_in(held)


DELIVERIES = OutboxTable(
    table=_TABLE,
    lost_send={"status": SendStatus.UNCERTAIN.value, "last_error": "crashed_during_send"},
    held=_wave_not_held,
)


@dataclass(frozen=True, slots=True)
class DispatchConfig:
    batch_size: int = 200
    concurrency: int = 64
    groups_in_flight: int = 2
    time_budget: float = 5.0
    lease: timedelta = timedelta(seconds=120)
    max_attempts: int = 6
    first_backoff: timedelta = timedelta(seconds=5)
    expire_after: timedelta = timedelta(hours=72)
    quiet_hours: QuietHours | None = None
    zone: ZoneInfo | None = None


@dataclass
class TickResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    uncertain: int = 0
    retried: int = 0
    cancelled: int = 0
    recovered: int = 0


@dataclass(frozen=True, slots=True)
class Prepared:
    """A claimed delivery, rendered and ready to send."""

    delivery_id: int
    customer_id: int
    attempts: int
    first_question: str
    outgoing: Outgoing


@dataclass
class _Outcomes:
    sent: list[dict[str, Any]] = field(default_factory=list)
    retry: list[dict[str, Any]] = field(default_factory=list)
    final: list[dict[str, Any]] = field(default_factory=list)
    gone_customers: dict[int, str] = field(default_factory=dict)


class Dispatcher:
    def __init__(
        self,
        db: Database,
        progress: SurveyProgress,
        catalog: TemplateCatalog,
        messenger: Messenger,
        clock: Clock,
        config: DispatchConfig | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.progress = progress
        self.catalog = catalog
        self.messenger = messenger
        self.clock = clock
        self.config = config or DispatchConfig()
        self.limiter = limiter
        self.outbox = LeaseOutbox(
            db, clock, DELIVERIES, lease=self.config.lease, batch_size=self.config.batch_size
        )

    @property
    def group_size(self) -> int:
        """How many sends share one "sending" commit: small when paced, so a crash leaves
        few uncertain rows and messages do not bunch up; larger when unthrottled."""
        rate = self.limiter.per_second if self.limiter is not None else None
        if not rate:
            return self.config.concurrency
        return max(1, min(self.config.concurrency, round(rate / 10)))

    def quiet_now(self) -> bool:
        quiet, zone = self.config.quiet_hours, self.config.zone
        return quiet is not None and zone is not None and quiet.contains(self.clock.now(), zone)

    async def recover_expired_leases(self) -> int:
        return await self.outbox.recover()

    async def claim(self, limit: int | None = None) -> tuple[str, list[int]]:
        """Claim up to ``limit`` due deliveries (of waves not paused) for this worker."""
        claim = await self.outbox.claim(limit)
        return claim.token, claim.ids

    # -------------------------------------------------------------------- tick

    async def tick(self) -> TickResult:
        """Send due surveys, batch after batch, until none is due or the time budget is spent.
        Nothing is claimed inside quiet hours."""
        result = TickResult(recovered=await self.recover_expired_leases())
        started = time.monotonic()
        while time.monotonic() - started < self.config.time_budget and not self.quiet_now():
            token, ids = await self.claim()
            if not ids:
                break
            result.claimed += len(ids)
            await self.send_batch(token, ids, result)
        return result

    async def send_batch(self, token: str, ids: Sequence[int], result: TickResult) -> None:
        ready, unavailable = await self._prepare(token, ids)
        if unavailable:
            await self._cancel(token, unavailable)
            result.cancelled += len(unavailable)
        size = self.group_size
        # A few groups in flight at once: while one waits for Telegram, the next is marked.
        in_flight = asyncio.Semaphore(self.config.groups_in_flight)

        async def run(group: Sequence[Prepared]) -> None:
            async with in_flight:
                await self._send_group(token, group, result)

        await asyncio.gather(*(run(ready[i : i + size]) for i in range(0, len(ready), size)))

    # ------------------------------------------------------------------ stages

    async def _prepare(self, token: str, ids: Sequence[int]) -> tuple[list[Prepared], list[int]]:
        """Render the opening message of each claimed delivery (one query for the batch)."""
        ready: list[Prepared] = []
        unavailable: list[int] = []
        async with UnitOfWork(self.db, readonly=True) as uow:
            rows = await uow.session.execute(
                select(
                    Delivery.id,
                    Delivery.attempts,
                    Delivery.template_id,
                    Delivery.language,
                    Customer.id,
                    Customer.chat_id,
                    Customer.opted_out,
                    Customer.name,
                    Customer.language,
                    Event.occurred_at,
                    Event.vehicle,
                    Branch.name,
                )
                .join(Customer, Customer.id == Delivery.customer_id)
                .join(Event, Event.id == Delivery.event_id)
                .outerjoin(Branch, Branch.id == Event.branch_id)
                .where(
                    Delivery.id.in_(ids),
                    Delivery.claim_token == token,
                    Delivery.status == SendStatus.CLAIMED.value,
                )
                .order_by(Delivery.id)
            )
            for (
                delivery_id,
                attempts,
                template_id,
                delivery_language,
                customer_id,
                chat_id,
                opted_out,
                name,
                customer_language,
                occurred_at,
                vehicle,
                branch,
            ) in rows.all():
                if chat_id is None or opted_out:
                    unavailable.append(delivery_id)
                    continue
                template = await self.catalog.get(uow, template_id)
                facts = VisitFacts(name, branch, vehicle, occurred_at)
                outgoing, first = self.progress.render_opening(
                    template, delivery_id, chat_id, customer_language or delivery_language, facts
                )
                ready.append(Prepared(delivery_id, customer_id, attempts, first, outgoing))
        return ready, unavailable

    async def _cancel(self, token: str, ids: Sequence[int]) -> None:
        cancelled = {"status": SendStatus.CANCELLED.value, "last_error": "recipient_unavailable"}
        rows = [{"b_id": delivery_id} for delivery_id in ids]
        await self.outbox.settle(token, [Settlement(cancelled, rows)], from_status=CLAIMED)

    async def _send_group(self, token: str, group: Sequence[Prepared], result: TickResult) -> None:
        if self.limiter is not None:
            # Slots are taken *before* "sending" is committed: a crash while waiting leaves
            # the deliveries claimed (they go back to pending), never uncertain.
            for item in group:
                await self.limiter.acquire(item.outgoing.chat_id, Priority.NOTICE)
        marked = await self.outbox.mark_sending(
            token,
            [
                {
                    "b_id": item.delivery_id,
                    "b_chat": item.outgoing.chat_id,
                    "b_question": item.first_question,
                }
                for item in group
            ],
            {"chat_id": bindparam("b_chat"), "current_question": bindparam("b_question")},
        )
        going = [item for item in group if item.delivery_id in marked]
        replies = await asyncio.gather(
            *(self.messenger.send(item.outgoing) for item in going), return_exceptions=True
        )
        outcomes = _Outcomes()
        now = self.clock.now()
        for item, reply in zip(going, replies, strict=True):
            outcome = outcome_of(reply)
            if outcome.outcome is Outcome.BUG:
                log.error(
                    "delivery %s: unexpected error during send",
                    item.delivery_id,
                    exc_info=outcome.error,
                )
            self._classify(item, outcome, now, outcomes, result)
        await self._record(token, outcomes, now)

    def _classify(
        self,
        item: Prepared,
        outcome: SendOutcome,
        now: datetime,
        outcomes: _Outcomes,
        result: TickResult,
    ) -> None:
        key = {"b_id": item.delivery_id}
        heed(outcome, self.limiter)
        kind = outcome.outcome
        if kind is Outcome.SENT:
            outcomes.sent.append({**key, "b_message": outcome.message_id})
            result.sent += 1
        elif kind is Outcome.GONE:
            failed = {**key, "b_status": SendStatus.FAILED.value, "b_why": outcome.reason}
            outcomes.final.append(failed)
            outcomes.gone_customers[item.customer_id] = outcome.reason
            result.failed += 1
        elif kind is Outcome.RATE_LIMITED:
            wait = timedelta(seconds=outcome.retry_after)
            outcomes.retry.append({**key, "b_due": now + wait, "b_why": outcome.reason})
            result.retried += 1
        elif kind is Outcome.NOT_SENT:
            if item.attempts >= self.config.max_attempts:
                outcomes.final.append(
                    {**key, "b_status": SendStatus.FAILED.value, "b_why": "gave_up"}
                )
                result.failed += 1
            else:
                wait = self.config.first_backoff * (2 ** (item.attempts - 1))
                outcomes.retry.append({**key, "b_due": now + wait, "b_why": outcome.reason})
                result.retried += 1
        elif kind is Outcome.REJECTED:
            log.error("delivery %s rejected by Telegram: %s", item.delivery_id, outcome.error)
            outcomes.final.append({**key, "b_status": SendStatus.FAILED.value, "b_why": "rejected"})
            result.failed += 1
        else:
            outcomes.final.append(
                {**key, "b_status": SendStatus.UNCERTAIN.value, "b_why": "timeout"}
            )
            result.uncertain += 1

    async def _record(self, token: str, outcomes: _Outcomes, now: datetime) -> None:
        sent: dict[str, Any] = {
            "status": SendStatus.SENT.value,
            "sent_at": now,
            "expires_at": now + self.config.expire_after,
            "question_message_id": bindparam("b_message"),
            "last_error": None,
        }
        retry: dict[str, Any] = {
            "status": SendStatus.PENDING.value,
            "due_at": bindparam("b_due"),
            "last_error": bindparam("b_why"),
            "current_question": None,
        }
        final: dict[str, Any] = {"status": bindparam("b_status"), "last_error": bindparam("b_why")}

        async def mark_gone(uow: UnitOfWork) -> None:
            for customer_id, reason in outcomes.gone_customers.items():
                await uow.session.execute(
                    update(Customer)
                    .where(Customer.id == customer_id)
                    .values(unreachable=True, unreachable_reason=reason[:32])
                )

        await self.outbox.settle(
            token,
            [
                Settlement(sent, outcomes.sent),
                Settlement(retry, outcomes.retry),
                Settlement(final, outcomes.final),
            ],
            also=mark_gone if outcomes.gone_customers else None,
        )
