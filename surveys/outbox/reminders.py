"""Reminders and expiry of surveys nobody finished.

One reminder, ``remind_after`` after the survey was sent, to customers who have
not started or not finished (unless the wave turned reminders off); then the
survey expires ``expire_after`` after it was sent, and a late tap is answered
politely. A reminder is marked before it is sent, so it is sent at most once; one that
Telegram could not take is unmarked, so it is not lost either.
Reminders are unsolicited: they wait for the end of quiet hours.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from surveys.complaints.intake import Intake
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.receipts import SendReceipts
from surveys.outbox.sending.courier import Courier, Job
from surveys.outbox.sending.outcomes import Outcome, SendOutcome
from surveys.outbox.states import SendStatus
from surveys.ports import Clock
from surveys.storage.database import Database
from surveys.storage.faults import strike
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
        courier: Courier,
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
        self.courier = courier
        self.clock = clock
        self.remind_after = remind_after
        self.zone = zone
        self.quiet_hours = quiet_hours
        self.limiter = limiter
        self.batch_size = batch_size

    async def expire(self) -> int:
        """Close surveys past their expiry; what was answered still goes to the rules.

        Each survey is its own transaction: one that fails is struck and tried again at the
        next tick, and after a few strikes it is closed without the rules looking at it."""
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
            try:
                expired += await self._expire(delivery_id, judge=True)
            except Exception as error:
                aside = await strike(
                    self.db,
                    subject="delivery",
                    subject_id=delivery_id,
                    stage="expire",
                    error=error,
                    at=now,
                )
                if aside:
                    expired += await self._expire(delivery_id, judge=False)
        return expired

    async def _expire(self, delivery_id: int, *, judge: bool) -> int:
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
                return 0
            if judge:
                delivery = await uow.session.get(Delivery, delivery_id)
                assert delivery is not None
                await self.intake.finish_unanswered(uow, delivery)
        return 1

    async def send_due(self) -> int:
        """Remind, through the courier, every customer whose reminder is due. A reminder is
        marked before it goes, so it goes at most once; one that Telegram could not take
        (down, 429) is unmarked and goes later, never lost."""
        if self.remind_after is None or self.remind_after <= timedelta(0):
            return 0
        now = self.clock.now()
        if self.quiet_hours is not None and self.quiet_hours.contains(now, self.zone):
            return 0
        if not await self.courier.ready():
            return 0
        async with UnitOfWork(self.db) as uow:
            due = (
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
            if uow.dialect == "postgresql":
                due = due.with_for_update(of=Delivery, skip_locked=True)
            marked = await uow.session.execute(
                update(Delivery)
                .where(Delivery.id.in_(due.scalar_subquery()), Delivery.reminded_at.is_(None))
                .values(reminded_at=now)
                .returning(Delivery.id)
                .execution_options(synchronize_session=False)
            )
            ids = sorted(marked.scalars().all())
        jobs = await self._render(ids)
        delivered = await self.courier.deliver(
            jobs, mark=_already_marked, settle=self._settle, limiter=self.limiter
        )
        await self._unmark([job.key for job in delivered.not_started])
        return delivered.count(Outcome.SENT)

    async def _render(self, ids: list[int]) -> list[Job[int]]:
        jobs: list[Job[int]] = []
        async with UnitOfWork(self.db, readonly=True) as uow:
            for delivery_id in ids:
                delivery = await uow.session.get(Delivery, delivery_id)
                if delivery is None:
                    continue
                try:
                    outgoing = await self.progress.reminder_of(uow, delivery)
                except Exception:  # a poison row: its reminder is given up, loudly
                    log.exception("reminder for delivery %s could not be written", delivery_id)
                    continue
                if outgoing is not None:
                    jobs.append(Job(delivery_id, outgoing))
        return jobs

    async def _settle(self, done: Sequence[tuple[Job[int], SendOutcome]]) -> list[None]:
        again = [job.key for job, o in done if o.outcome in (Outcome.DOWN, Outcome.RATE_LIMITED)]
        await self._unmark(again)
        for job, outcome in done:
            if outcome.outcome is Outcome.GONE:
                await self.receipts.mark_unreachable(job.message.chat_id, outcome.reason)
            elif outcome.sent and job.message.track is not None:
                assert outcome.message_id is not None
                await self.receipts.note_shown(job.message.track, outcome.message_id)
            elif outcome.outcome in (Outcome.UNCERTAIN, Outcome.REJECTED):
                log.warning("reminder for delivery %s not sent: %r", job.key, outcome.error)
        return [None] * len(done)

    async def _unmark(self, ids: Sequence[int]) -> None:
        """These reminders did not go: they are due again."""
        if not ids:
            return
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Delivery).where(Delivery.id.in_(ids)).values(reminded_at=None)
            )


async def _already_marked(group: Sequence[Job[int]]) -> list[bool]:
    """Reminders are marked when they are picked, before they are written."""
    return [True] * len(group)
