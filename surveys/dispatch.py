"""The outbox worker: sends due surveys exactly once or says why not (DESIGN.md invariant 2).

States: pending -> claimed (with a lease) -> sending -> sent | failed | uncertain.

* Claiming is one UPDATE ... RETURNING over due rows, so two workers never
  claim the same delivery; each claim carries a random token and every later
  transition checks it.
* "sending" is committed *before* the Telegram call. A crash during the call
  leaves the row in "sending"; when its lease runs out it becomes "uncertain"
  (it may have reached the customer) and is never resent. A crash before that
  commit leaves it "claimed"; when that lease runs out it goes back to pending.
* Permanent failures (blocked, chat not found) mark the customer unreachable.
  A 429 puts the delivery back with the wait Telegram asked for; other
  certain failures retry with exponential backoff up to ``max_attempts``.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select, update

from surveys.clock import Clock
from surveys.engine import SurveyEngine
from surveys.messaging import (
    MessageRejected,
    Messenger,
    Priority,
    RateLimited,
    RecipientGone,
    SendFailed,
    SendUncertain,
)
from surveys.ratelimit import RateLimiter
from surveys.schedule import QuietHours
from surveys.states import SendStatus
from surveys.storage.database import Database
from surveys.storage.tables import Customer, Delivery, Wave
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DispatchConfig:
    batch_size: int = 100
    concurrency: int = 16
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


class Dispatcher:
    def __init__(
        self,
        db: Database,
        engine: SurveyEngine,
        messenger: Messenger,
        clock: Clock,
        config: DispatchConfig | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.engine = engine
        self.messenger = messenger
        self.clock = clock
        self.config = config or DispatchConfig()
        self.limiter = limiter

    async def recover_expired_leases(self) -> int:
        """Claims that were never used go back; sends that may have happened become uncertain."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            back = await uow.session.execute(
                update(Delivery)
                .where(Delivery.status == SendStatus.CLAIMED.value, Delivery.lease_until < now)
                .values(status=SendStatus.PENDING.value, lease_until=None, claim_token=None)
            )
            lost = await uow.session.execute(
                update(Delivery)
                .where(Delivery.status == SendStatus.SENDING.value, Delivery.lease_until < now)
                .values(
                    status=SendStatus.UNCERTAIN.value,
                    lease_until=None,
                    claim_token=None,
                    last_error="crashed_during_send",
                )
            )
        return int(back.rowcount) + int(lost.rowcount)  # type: ignore[attr-defined]

    async def claim(self, limit: int | None = None) -> tuple[str, list[int]]:
        """Claim up to ``limit`` due deliveries for this worker."""
        now = self.clock.now()
        token = secrets.token_hex(8)
        held = select(Wave.id).where(Wave.status.in_(("paused", "cancelled")))
        due = (
            select(Delivery.id)
            .where(
                Delivery.status == SendStatus.PENDING.value,
                Delivery.due_at <= now,
                Delivery.wave_id.not_in(held),
            )
            .order_by(Delivery.due_at, Delivery.id)
            .limit(limit or self.config.batch_size)
        )
        async with UnitOfWork(self.db) as uow:
            if uow.dialect == "postgresql":
                due = due.with_for_update(skip_locked=True)
            rows = await uow.session.execute(
                update(Delivery)
                .where(Delivery.id.in_(due.scalar_subquery()))
                .values(
                    status=SendStatus.CLAIMED.value,
                    lease_until=now + self.config.lease,
                    claim_token=token,
                    attempts=Delivery.attempts + 1,
                )
                .returning(Delivery.id)
                .execution_options(synchronize_session=False)
            )
            ids = sorted(rows.scalars().all())
        return token, ids

    def quiet_now(self) -> bool:
        quiet, zone = self.config.quiet_hours, self.config.zone
        return quiet is not None and zone is not None and quiet.contains(self.clock.now(), zone)

    async def tick(self) -> TickResult:
        """Send due surveys, batch after batch, until none is due or the time budget is spent.

        Nothing is claimed inside quiet hours; sends run concurrently (the rate
        limiter in the messenger paces them), so a slow network does not cap the rate.
        """
        result = TickResult(recovered=await self.recover_expired_leases())
        started = time.monotonic()
        limit = asyncio.Semaphore(self.config.concurrency)

        async def send(delivery_id: int, token: str) -> None:
            async with limit:
                await self.send_one(delivery_id, token, result)

        while time.monotonic() - started < self.config.time_budget and not self.quiet_now():
            token, ids = await self.claim()
            if not ids:
                break
            result.claimed += len(ids)
            await asyncio.gather(*(send(delivery_id, token) for delivery_id in ids))
        return result

    def _mine(self, delivery_id: int, token: str, status: SendStatus) -> object:
        return and_(
            Delivery.id == delivery_id,
            Delivery.claim_token == token,
            Delivery.status == status.value,
        )

    async def send_one(self, delivery_id: int, token: str, result: TickResult) -> None:
        async with UnitOfWork(self.db) as uow:
            delivery = (
                await uow.session.execute(
                    select(Delivery).where(self._mine(delivery_id, token, SendStatus.CLAIMED))  # type: ignore[arg-type]
                )
            ).scalar_one_or_none()
            if delivery is None:
                return
            attempts = delivery.attempts
            outgoing = await self.engine.opening(uow, delivery)
            if outgoing is None:
                delivery.status = SendStatus.CANCELLED.value
                delivery.last_error = "recipient_unavailable"
                delivery.claim_token = None
                result.cancelled += 1
                return
        if self.limiter is not None:
            # Wait for a slot *before* committing "sending": a crash while waiting must
            # leave the delivery claimed (it goes back to pending), not uncertain.
            await self.limiter.acquire(outgoing.chat_id, Priority.NOTICE)
        async with UnitOfWork(self.db) as uow:
            marked = await uow.session.execute(
                update(Delivery)
                .where(self._mine(delivery_id, token, SendStatus.CLAIMED))  # type: ignore[arg-type]
                .values(
                    status=SendStatus.SENDING.value,
                    chat_id=outgoing.chat_id,
                    lease_until=self.clock.now() + self.config.lease,
                )
            )
            if marked.rowcount != 1:  # type: ignore[attr-defined]
                return
        try:
            message_id = await self.messenger.send(outgoing)
        except RecipientGone as error:
            await self._finish(delivery_id, token, SendStatus.FAILED, error.reason, gone=True)
            result.failed += 1
        except RateLimited as error:
            if self.limiter is not None:
                self.limiter.pause(error.retry_after)
            await self._retry(delivery_id, token, timedelta(seconds=error.retry_after), "429")
            result.retried += 1
        except SendFailed:
            if attempts >= self.config.max_attempts:
                await self._finish(delivery_id, token, SendStatus.FAILED, "gave_up")
                result.failed += 1
            else:
                backoff = self.config.first_backoff * (2 ** (attempts - 1))
                await self._retry(delivery_id, token, backoff, "transient")
                result.retried += 1
        except SendUncertain:
            await self._finish(delivery_id, token, SendStatus.UNCERTAIN, "timeout")
            result.uncertain += 1
        except MessageRejected as error:
            log.error("delivery %s rejected by Telegram: %s", delivery_id, error)
            await self._finish(delivery_id, token, SendStatus.FAILED, "rejected")
            result.failed += 1
        else:
            await self._sent(delivery_id, token, message_id)
            result.sent += 1

    async def _sent(self, delivery_id: int, token: str, message_id: int) -> None:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Delivery)
                .where(self._mine(delivery_id, token, SendStatus.SENDING))  # type: ignore[arg-type]
                .values(
                    status=SendStatus.SENT.value,
                    sent_at=now,
                    expires_at=now + self.config.expire_after,
                    question_message_id=message_id,
                    lease_until=None,
                    claim_token=None,
                    last_error=None,
                )
            )

    async def _retry(self, delivery_id: int, token: str, wait: timedelta, why: str) -> None:
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Delivery)
                .where(self._mine(delivery_id, token, SendStatus.SENDING))  # type: ignore[arg-type]
                .values(
                    status=SendStatus.PENDING.value,
                    due_at=self.clock.now() + wait,
                    lease_until=None,
                    claim_token=None,
                    last_error=why,
                    current_question=None,
                )
            )

    async def _finish(
        self, delivery_id: int, token: str, status: SendStatus, why: str, *, gone: bool = False
    ) -> None:
        async with UnitOfWork(self.db) as uow:
            changed = await uow.session.execute(
                update(Delivery)
                .where(self._mine(delivery_id, token, SendStatus.SENDING))  # type: ignore[arg-type]
                .values(status=status.value, lease_until=None, claim_token=None, last_error=why)
                .returning(Delivery.customer_id)
            )
            customer_id = changed.scalar_one_or_none()
            if gone and customer_id is not None:
                await uow.session.execute(
                    update(Customer)
                    .where(Customer.id == customer_id)
                    .values(unreachable=True, unreachable_reason=why[:32])
                )
