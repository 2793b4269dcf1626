"""The ticker's stage that sends again the replies surveys still owe.

An answer's transaction sets ``deliveries.reply_due_at`` (the next question or the thanks
is owed); the reply sent right after the commit clears it. One still set when it falls due
was lost (a 502, Telegram down, a kill -9 between the commit and the send): it is claimed
by moving its due time on by the lease (so two workers never send it at once, and a crash
while sending only delays it), rendered from the database and sent again, as a reply,
until Telegram takes it or the chat is gone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select, update

from surveys.conversation.owed import owed_reply
from surveys.conversation.progress import SurveyProgress
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.receipts import SendReceipts
from surveys.outbox.sending.courier import Courier, Job
from surveys.outbox.sending.outcomes import Outcome, SendOutcome
from surveys.ports import Clock, Priority
from surveys.storage.database import Database
from surveys.storage.tables import Delivery
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 10_000
"""Beyond this many replies on their way, the stage waits (and the ids stay a short list)."""


class OwedReplies:
    def __init__(
        self,
        db: Database,
        progress: SurveyProgress,
        receipts: SendReceipts,
        courier: Courier,
        clock: Clock,
        *,
        lease: timedelta,
        limiter: RateLimiter | None = None,
        batch_size: int = 200,
    ) -> None:
        self.db = db
        self.progress = progress
        self.receipts = receipts
        self.courier = courier
        self.clock = clock
        self.lease = lease
        self.limiter = limiter
        self.batch_size = batch_size

    async def send_due(self) -> int:
        """Send every overdue reply once more; returns how many Telegram took."""
        if not await self.courier.ready() or len(self.receipts.in_flight) > MAX_IN_FLIGHT:
            return 0  # Telegram is down, or so busy that what is owed is still on its way
        ids = await self._claim()
        if not ids:
            return 0
        jobs = await self._render(ids)
        delivered = await self.courier.deliver(
            jobs,
            mark=_already_claimed,
            settle=self._settle,
            limiter=self.limiter,
            priority=Priority.REPLY,
        )
        return delivered.count(Outcome.SENT)

    async def _claim(self) -> list[int]:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            due = (
                select(Delivery.id)
                .where(Delivery.reply_due_at <= now)
                .order_by(Delivery.reply_due_at)
                .limit(self.batch_size)
            )
            busy = self.receipts.in_flight
            if busy:  # on their way from this process: slow, not lost
                due = due.where(Delivery.id.not_in(sorted(busy)))
            if uow.dialect == "postgresql":
                due = due.with_for_update(skip_locked=True)
            claimed = await uow.session.execute(
                update(Delivery)
                .where(Delivery.id.in_(due.scalar_subquery()), Delivery.reply_due_at <= now)
                .values(reply_due_at=now + self.lease)
                .returning(Delivery.id)
                .execution_options(synchronize_session=False)
            )
            return sorted(claimed.scalars().all())

    async def _render(self, ids: list[int]) -> list[Job[int]]:
        jobs: list[Job[int]] = []
        nothing: list[int] = []
        async with UnitOfWork(self.db, readonly=True) as uow:
            for delivery_id in ids:
                delivery = await uow.session.get(Delivery, delivery_id)
                if delivery is None:
                    continue
                try:
                    outgoing = await owed_reply(self.progress, uow, delivery)
                except Exception:  # a poison row: its reply is given up, loudly
                    log.exception("the reply owed by delivery %s could not be written", delivery_id)
                    outgoing = None
                if outgoing is None:
                    nothing.append(delivery_id)
                else:
                    jobs.append(Job(delivery_id, outgoing))
        await self.receipts.give_up(nothing)
        return jobs

    async def _settle(self, done: Sequence[tuple[Job[int], SendOutcome]]) -> list[None]:
        never: list[int] = []
        shown = [
            self.receipts.note_shown(job.message.track, outcome.message_id)
            for job, outcome in done
            if outcome.sent and job.message.track is not None and outcome.message_id is not None
        ]
        await asyncio.gather(*shown)
        for job, outcome in done:
            if outcome.sent:
                continue
            if outcome.outcome is Outcome.GONE:
                await self.receipts.mark_unreachable(job.message.chat_id, outcome.reason)
            elif outcome.outcome in (Outcome.REJECTED, Outcome.BUG):
                log.error("the reply owed by delivery %s was refused: %r", job.key, outcome.error)
                never.append(job.key)
            # Down, rate limited or uncertain: still owed, sent again after the lease.
        await self.receipts.give_up(never)
        return [None] * len(done)


async def _already_claimed(group: Sequence[Job[int]]) -> list[bool]:
    """Owed replies are claimed (their due time moved on) when they are picked."""
    return [True] * len(group)
