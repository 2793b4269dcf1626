"""The admin's live view of a sending wave: one message, edited in place, then a summary.

Edits happen at most every few seconds (an edit costs a message against the
rate limit too); the last edit, when the wave is done, is the final summary.
Uncertain deliveries are always shown: they may have reached the customer and
are never resent, so somebody must know about them.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select, update

from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.sending.courier import Courier
from surveys.outbox.sending.outcomes import Outcome
from surveys.ports import Clock, Outgoing, Priority
from surveys.storage.database import Database
from surveys.storage.tables import Wave
from surveys.storage.uow import UnitOfWork
from surveys.waves.model import WaveStatus
from surveys.waves.views import WaveView, render_progress, view_wave

log = logging.getLogger(__name__)


class WaveProgress:
    def __init__(
        self,
        db: Database,
        courier: Courier,
        clock: Clock,
        *,
        language: str,
        interval: timedelta = timedelta(seconds=3),
        limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.courier = courier
        self.clock = clock
        self.language = language
        self.interval = interval
        self.limiter = limiter

    async def update(self) -> int:
        now = self.clock.now()
        async with UnitOfWork(self.db, readonly=True) as uow:
            waves = (
                (
                    await uow.session.execute(
                        select(Wave).where(
                            Wave.progress_chat_id.is_not(None),
                            Wave.progress_final.is_(False),
                            Wave.recurrence.is_(None),
                            Wave.status.in_(
                                (
                                    WaveStatus.SENDING.value,
                                    WaveStatus.DONE.value,
                                    WaveStatus.CANCELLED.value,
                                )
                            ),
                        )
                    )
                )
                .scalars()
                .all()
            )
            due = [
                (wave, await view_wave(uow, wave.id))
                for wave in waves
                if wave.status != WaveStatus.SENDING.value
                or wave.progress_shown_at is None
                or now - wave.progress_shown_at >= self.interval
            ]
        shown = 0
        for wave, view in due:
            if not await self.courier.ready():
                break
            shown += await self._show(wave, view)
        return shown

    async def _show(self, wave: Wave, view: WaveView) -> int:
        assert wave.progress_chat_id is not None
        outgoing = Outgoing(
            chat_id=wave.progress_chat_id,
            text=render_progress(view, wave.progress_language or self.language),
            edit_message_id=wave.progress_message_id,
            priority=Priority.NOTICE,
        )
        if self.limiter is not None:
            await self.limiter.acquire(outgoing.chat_id, Priority.NOTICE)
        outcome = await self.courier.send(outgoing, self.limiter)
        if outcome.outcome is Outcome.REJECTED and wave.progress_message_id is not None:
            # The old message is gone (deleted by the admin): start a new one.
            fresh = Outgoing(outgoing.chat_id, outgoing.text, priority=Priority.NOTICE)
            outcome = await self.courier.send(fresh, self.limiter)
        if outcome.outcome in (Outcome.GONE, Outcome.REJECTED, Outcome.BUG):
            # The admin blocked the bot (or the message can never go): stop showing it.
            log.info("progress of wave %s no longer shown: %s", wave.id, outcome.reason)
            await self._stop(wave.id)
            return 0
        if not outcome.sent:
            log.info("progress of wave %s not shown now: %s", wave.id, outcome.reason)
            return 0
        message_id = outcome.message_id
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Wave)
                .where(Wave.id == wave.id)
                .values(
                    progress_message_id=message_id,
                    progress_shown_at=self.clock.now(),
                    progress_final=view.status != WaveStatus.SENDING.value,
                )
            )
        return 1

    async def _stop(self, wave_id: int) -> None:
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Wave).where(Wave.id == wave_id).values(progress_final=True)
            )
