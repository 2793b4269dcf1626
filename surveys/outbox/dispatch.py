"""The survey sender: sends due surveys at most once, or says why not (DESIGN.md invariant 2).

Deliveries live in the lease-based outbox (:mod:`surveys.outbox.sending.lease`): pending ->
claimed -> sending -> sent | failed | uncertain, and go out through the courier
(:mod:`surveys.outbox.sending.courier`), which keeps as many calls in flight as the rate and the
round trip need. A crash during the calls leaves rows "sending"; when their lease runs
out they become "uncertain" (they may have reached the customer) and are never resent.

What each outcome means for a survey: a recipient who is gone fails the delivery and
marks the customer unreachable; a rejected message, or a bug of ours before the call,
fails it loudly; Telegram down, or a 429, puts it back without spending an attempt (the
breaker or the limiter holds every sender meanwhile); anything that may have arrived is
uncertain. A wave that opted in to paid broadcast goes at the paid rate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Table, bindparam, select, update

from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.rendering import VisitFacts
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.sending.courier import Courier, Delivered, Job
from surveys.outbox.sending.lease import LeaseOutbox, OutboxTable, Settlement
from surveys.outbox.sending.outcomes import Outcome, SendOutcome
from surveys.outbox.states import SendStatus
from surveys.ports import Clock, Outgoing
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
    time_budget: float = 5.0
    lease: timedelta = timedelta(seconds=120)
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

    def add(self, delivered: Delivered[int]) -> None:
        self.sent += delivered.count(Outcome.SENT)
        self.failed += sum(
            delivered.count(o) for o in (Outcome.GONE, Outcome.REJECTED, Outcome.BUG)
        )
        self.uncertain += delivered.count(Outcome.UNCERTAIN)
        self.retried += delivered.count(Outcome.DOWN) + delivered.count(Outcome.RATE_LIMITED)
        self.retried += len(delivered.not_started)


_FINAL = (Outcome.GONE, Outcome.REJECTED, Outcome.BUG)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A claimed delivery, rendered and ready to send."""

    delivery_id: int
    customer_id: int
    first_question: str
    paid: bool
    outgoing: Outgoing
    token: str


class Dispatcher:
    def __init__(
        self,
        db: Database,
        progress: SurveyProgress,
        catalog: TemplateCatalog,
        courier: Courier,
        clock: Clock,
        config: DispatchConfig | None = None,
        limiter: RateLimiter | None = None,
        paid_limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.progress = progress
        self.catalog = catalog
        self.courier = courier
        self.clock = clock
        self.config = config or DispatchConfig()
        self.limiter = limiter
        self.paid_limiter = paid_limiter
        self.outbox = LeaseOutbox(
            db, clock, DELIVERIES, lease=self.config.lease, batch_size=self.config.batch_size
        )

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
        """Send due surveys until none is due, the time budget is spent or Telegram cannot
        be reached. Batches are claimed as the courier asks for more, so one batch's last
        round trips overlap the next one's first. Nothing is claimed inside quiet hours."""
        result = TickResult(recovered=await self.recover_expired_leases())
        deadline = time.monotonic() + self.config.time_budget
        if self.quiet_now() or not await self.courier.ready():
            return result
        claims: list[str] = []
        prepared: dict[int, Prepared] = {}
        delivered = await self.courier.deliver(
            self._claimed(deadline, claims, prepared, result),
            mark=lambda group: self._mark(group, prepared),
            settle=lambda done: self._settle(done, prepared),
            limiter=self.limiter,
            deadline=deadline,
        )
        result.add(delivered)
        for token in claims:  # what was claimed but never started goes back, attempt unspent
            await self.outbox.release_claimed(token, "not_started")
        return result

    async def _claimed(
        self,
        deadline: float,
        claims: list[str],
        prepared: dict[int, Prepared],
        result: TickResult,
    ) -> AsyncIterator[Job[int]]:
        """Claimed, rendered deliveries, one batch after another, while the courier asks."""
        while time.monotonic() < deadline and not self.quiet_now() and self.courier.breaker.closed:
            token, ids = await self.claim()
            if not ids:
                return
            claims.append(token)
            result.claimed += len(ids)
            ready, unavailable = await self._prepare(token, ids)
            if unavailable:
                cancelled = {
                    "status": SendStatus.CANCELLED.value,
                    "last_error": "recipient_unavailable",
                }
                await self.outbox.settle(
                    token,
                    [Settlement(cancelled, [{"b_id": i} for i in unavailable])],
                    from_status="claimed",
                )
                result.cancelled += len(unavailable)
            for item in ready:
                prepared[item.delivery_id] = item
                paid = self.paid_limiter if item.paid else None
                yield Job(item.delivery_id, item.outgoing, paid)

    # ------------------------------------------------------------------ stages

    async def _prepare(self, token: str, ids: Sequence[int]) -> tuple[list[Prepared], list[int]]:
        """Render the opening message of each claimed delivery (one query for the batch)."""
        ready: list[Prepared] = []
        unavailable: list[int] = []
        async with UnitOfWork(self.db, readonly=True) as uow:
            rows = await uow.session.execute(
                select(
                    Delivery.id,
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
                    Wave.paid_broadcast,
                )
                .join(Customer, Customer.id == Delivery.customer_id)
                .join(Event, Event.id == Delivery.event_id)
                .join(Wave, Wave.id == Delivery.wave_id)
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
                paid,
            ) in rows.all():
                if chat_id is None or opted_out:
                    unavailable.append(delivery_id)
                    continue
                template = await self.catalog.get(uow, template_id)
                facts = VisitFacts(name, branch, vehicle, occurred_at)
                outgoing, first = self.progress.render_opening(
                    template, delivery_id, chat_id, customer_language or delivery_language, facts
                )
                if paid:
                    outgoing = outgoing.as_paid()
                ready.append(Prepared(delivery_id, customer_id, first, bool(paid), outgoing, token))
        return ready, unavailable

    async def _mark(self, group: Sequence[Job[int]], prepared: dict[int, Prepared]) -> list[bool]:
        values: dict[str, Any] = {
            "chat_id": bindparam("b_chat"),
            "current_question": bindparam("b_question"),
        }
        marked: set[int] = set()
        for token, jobs in _by_token(group, prepared).items():
            rows = [
                {
                    "b_id": job.key,
                    "b_chat": job.message.chat_id,
                    "b_question": prepared[job.key].first_question,
                }
                for job in jobs
            ]
            marked |= await self.outbox.mark_sending(token, rows, values)
        return [job.key in marked for job in group]

    async def _settle(
        self, done: Sequence[tuple[Job[int], SendOutcome]], prepared: dict[int, Prepared]
    ) -> list[None]:
        tokens: dict[str, list[tuple[Job[int], SendOutcome]]] = {}
        for job, outcome in done:
            tokens.setdefault(prepared[job.key].token, []).append((job, outcome))
        for token, part in tokens.items():
            await self._settle_claim(token, part, prepared)
        return [None] * len(done)

    async def _settle_claim(
        self,
        token: str,
        done: Sequence[tuple[Job[int], SendOutcome]],
        by_id: dict[int, Prepared],
    ) -> None:
        now = self.clock.now()
        sent: list[dict[str, Any]] = []
        back: list[dict[str, Any]] = []
        final: list[dict[str, Any]] = []
        gone: dict[int, str] = {}
        for job, outcome in done:
            key: dict[str, Any] = {"b_id": job.key}
            kind = outcome.outcome
            if kind is Outcome.SENT:
                sent.append({**key, "b_message": outcome.message_id})
            elif kind is Outcome.RATE_LIMITED:
                wait = timedelta(seconds=outcome.retry_after)
                back.append({**key, "b_due": now + wait, "b_why": "429"})
            elif kind is Outcome.DOWN:
                back.append({**key, "b_due": now, "b_why": outcome.reason[:64]})
            elif kind is Outcome.UNCERTAIN:
                final.append({**key, "b_status": SendStatus.UNCERTAIN.value, "b_why": "timeout"})
            else:
                if kind is Outcome.REJECTED:
                    log.error("delivery %s rejected by Telegram: %s", job.key, outcome.error)
                why = outcome.reason if kind is Outcome.GONE else f"{kind.value}:{outcome.reason}"
                final.append({**key, "b_status": SendStatus.FAILED.value, "b_why": why[:64]})
                if kind is Outcome.GONE:
                    gone[by_id[job.key].customer_id] = outcome.reason

        async def mark_gone(uow: UnitOfWork) -> None:
            for customer_id, reason in gone.items():
                await uow.session.execute(
                    update(Customer)
                    .where(Customer.id == customer_id)
                    .values(unreachable=True, unreachable_reason=reason[:32])
                )

        sent_values: dict[str, Any] = {
            "status": SendStatus.SENT.value,
            "sent_at": now,
            "expires_at": now + self.config.expire_after,
            "question_message_id": bindparam("b_message"),
            "last_error": None,
        }
        back_values = self.outbox.unspent(
            due_at=bindparam("b_due"), last_error=bindparam("b_why"), current_question=None
        )
        final_values: dict[str, Any] = {
            "status": bindparam("b_status"),
            "last_error": bindparam("b_why"),
        }
        await self.outbox.settle(
            token,
            [
                Settlement(sent_values, sent),
                Settlement(back_values, back),
                Settlement(final_values, final),
            ],
            also=mark_gone if gone else None,
        )


def _by_token(jobs: Sequence[Job[int]], prepared: dict[int, Prepared]) -> dict[str, list[Job[int]]]:
    grouped: dict[str, list[Job[int]]] = {}
    for job in jobs:
        grouped.setdefault(prepared[job.key].token, []).append(job)
    return grouped
