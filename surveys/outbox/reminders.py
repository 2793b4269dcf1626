"""Reminders and expiry of surveys nobody finished.

One reminder, ``remind_after`` after the survey was sent, to customers who have
not started or not finished (unless the wave turned reminders off); then the
survey expires ``expire_after`` after it was sent, and a late tap is answered
politely. A reminder is marked before it is sent, so it is sent at most once.
Reminders are unsolicited: they wait for the end of quiet hours.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from surveys.complaints.intake import Intake
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.outbox.outcomes import Outcome, attempt, heed
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.receipts import SendReceipts
from surveys.outbox.states import SendStatus
from surveys.ports import Clock, Messenger, Priority
from surveys.storage.database import Database
from surveys.storage.tables import Delivery, Wave
from surveys.storage.uow import UnitOfWork
from surveys.waves.schedule import QuietHours

log = logging.getLogger(__name__)


class Reminders:
    def __init__(
        self,
        db: Database,
        progress: SurveyProgress,
        intake: Intake,
        receipts: SendReceipts,
        messenger: Messenger,
        clock: Clock,
        *,
        remind_after: timedelta | None,
        zone: ZoneInfo,
        quiet_hours: QuietHours | None = None,
        limiter: RateLimiter | None = None,
        batch_size: int = 200,
    ) -> None:
        self.db = db
        self.progress = progress
        self.intake = intake
        self.receipts = receipts
        self.messenger = messenger
        self.clock = clock
        self.remind_after = remind_after
        self.zone = zone
        self.quiet_hours = quiet_hours
        self.limiter = limiter
        self.batch_size = batch_size

    async def expire(self) -> int:
        """Close surveys past their expiry; what was answered still goes to the rules."""
        now = self.clock.now()
        async with UnitOfWork(self.db, readonly=True) as uow:
            due = (
                (
                    await uow.session.execute(
                        select(Delivery.id)
                        .where(
                            Delivery.status == SendStatus.SENT.value,
                            Delivery.survey_state.in_(OPEN_SURVEY_STATES),
                            Delivery.expires_at <= now,
                        )
                        .limit(self.batch_size * 5)
                    )
                )
                .scalars()
                .all()
            )
        expired = 0
        for delivery_id in due:
            async with UnitOfWork(self.db) as uow:
                changed = await uow.session.execute(
                    update(Delivery)
                    .where(
                        Delivery.id == delivery_id,
                        Delivery.survey_state.in_(OPEN_SURVEY_STATES),
                    )
                    .values(survey_state=SurveyState.EXPIRED.value)
                )
                if changed.rowcount != 1:  # type: ignore[attr-defined]
                    continue
                expired += 1
                delivery = await uow.session.get(Delivery, delivery_id)
                assert delivery is not None
                await self.intake.finish_unanswered(uow, delivery)
        return expired

    async def send_due(self) -> int:
        if self.remind_after is None or self.remind_after <= timedelta(0):
            return 0
        now = self.clock.now()
        if self.quiet_hours is not None and self.quiet_hours.contains(now, self.zone):
            return 0
        async with UnitOfWork(self.db, readonly=True) as uow:
            due = (
                (
                    await uow.session.execute(
                        select(Delivery.id)
                        .join(Wave, Wave.id == Delivery.wave_id)
                        .where(
                            Delivery.status == SendStatus.SENT.value,
                            Delivery.survey_state.in_(OPEN_SURVEY_STATES),
                            Delivery.reminded_at.is_(None),
                            Delivery.sent_at <= now - self.remind_after,
                            Delivery.expires_at > now,
                            Wave.remind.is_(True),
                        )
                        .order_by(Delivery.sent_at)
                        .limit(self.batch_size)
                    )
                )
                .scalars()
                .all()
            )
        sent = 0
        for delivery_id in due:
            sent += await self._remind(delivery_id)
        return sent

    async def _remind(self, delivery_id: int) -> int:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            marked = await uow.session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id, Delivery.reminded_at.is_(None))
                .values(reminded_at=now)
            )
            if marked.rowcount != 1:  # type: ignore[attr-defined]
                return 0
            delivery = await uow.session.get(Delivery, delivery_id)
            assert delivery is not None
            outgoing = await self.progress.reminder_of(uow, delivery)
        if outgoing is None:
            return 0
        if self.limiter is not None:
            await self.limiter.acquire(outgoing.chat_id, Priority.NOTICE)
        outcome = await attempt(self.messenger, outgoing)
        heed(outcome, self.limiter)
        if outcome.outcome is Outcome.GONE:
            await self.receipts.mark_unreachable(outgoing.chat_id, outcome.reason)
            return 0
        if not outcome.sent:
            if outcome.outcome is not Outcome.RATE_LIMITED:
                log.warning("reminder for delivery %s not sent: %r", delivery_id, outcome.error)
            return 0
        assert outcome.message_id is not None
        if outgoing.track is not None:
            await self.receipts.note_shown(outgoing.track, outcome.message_id)
        return 1
