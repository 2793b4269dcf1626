"""One scheduler tick: everything time-driven, read from and written to the database.

The scheduler only calls :meth:`Ticker.tick` every few seconds; it holds no
business state, so a restart or a second process loses and duplicates nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from surveys.audits.clockwork import AuditClockwork, AuditTick
from surveys.complaints.clockwork import ComplaintClockwork, ComplaintTick
from surveys.engine import SurveyEngine
from surveys.outbox.dispatch import Dispatcher, TickResult
from surveys.outbox.notifier import Notifier
from surveys.outbox.owed_replies import OwedReplies
from surveys.outbox.reminders import Reminders
from surveys.outbox.wave_progress import WaveProgress
from surveys.ports import Clock
from surveys.waves.runner import WaveRunner

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class TickReport:
    started_waves: list[int] = field(default_factory=list)
    dispatch: TickResult = field(default_factory=TickResult)
    expired: int = 0
    reminded: int = 0
    finished_waves: list[int] = field(default_factory=list)
    progress_shown: int = 0
    complaints: ComplaintTick | None = None
    notified: int = 0
    audits: AuditTick | None = None
    replies_again: int = 0


class Ticker:
    def __init__(
        self,
        engine: SurveyEngine,
        waves: WaveRunner,
        dispatcher: Dispatcher,
        reminders: Reminders,
        progress: WaveProgress,
        complaints: ComplaintClockwork,
        notifier: Notifier,
        clock: Clock,
        housekeeping_every: timedelta = timedelta(hours=1),
        audits: AuditClockwork | None = None,
        owed: OwedReplies | None = None,
    ) -> None:
        self.engine = engine
        self.waves = waves
        self.dispatcher = dispatcher
        self.reminders = reminders
        self.progress = progress
        self.complaints = complaints
        self.notifier = notifier
        self.clock = clock
        self.housekeeping_every = housekeeping_every
        self.audits = audits
        self.owed = owed
        self._last_housekeeping: datetime | None = None
        self._failing: dict[str, str] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    async def tick(self) -> TickReport:
        """Every stage once, each on its own: one that fails is logged and the others go on.

        Escalations are decided before anything is sent, and the senders (replies still
        owed, surveys, reminders, manager cards) share the courier at once, so a long
        reminder batch never holds up a card."""
        report = TickReport()
        report.started_waves = await self._stage("waves", self.waves.start_due(), [])
        report.complaints = await self._stage("complaints", self.complaints.tick(), None)
        if self.audits is not None:
            report.audits = await self._stage("audits", self.audits.tick(), None)
        (
            report.replies_again,
            report.dispatch,
            report.reminded,
            report.notified,
        ) = await asyncio.gather(
            self._stage("replies", self._owed(), 0),
            self._stage("surveys", self.dispatcher.tick(), TickResult()),
            self._stage("reminders", self.reminders.send_due(), 0),
            self._stage("notifications", self.notifier.tick(), 0),
        )
        report.expired = await self._stage("expiry", self.reminders.expire(), 0)
        report.finished_waves = await self._stage("closing", self.waves.close_finished(), [])
        report.progress_shown = await self._stage("progress", self.progress.update(), 0)
        now = self.clock.now()
        last = self._last_housekeeping
        if last is None or now - last >= self.housekeeping_every:
            self._last_housekeeping = now
            await self._stage("housekeeping", self.engine.forget_old_updates(), 0)
        return report

    async def _owed(self) -> int:
        return 0 if self.owed is None else await self.owed.send_due()

    async def _stage(self, name: str, work: Awaitable[T], fallback: T) -> T:
        """Run one stage; a failure is logged (with its traceback the first time in a row)."""
        try:
            result = await work
        except Exception as error:
            again = self._failing.get(name) == type(error).__name__
            self._failing[name] = type(error).__name__
            if again:
                log.debug("the %s stage failed again: %r", name, error)
            else:
                log.exception("the %s stage failed; the other stages go on", name)
            return fallback
        if self._failing.pop(name, None) is not None:
            log.warning("the %s stage works again", name)
        return result

    async def safe_tick(self) -> None:
        """For the scheduler: a failing tick is logged and the next one tries again."""
        self._idle.clear()
        try:
            await self.tick()
        except Exception:
            log.exception("scheduler tick failed; retrying at the next tick")
        finally:
            self._idle.set()

    async def wait_idle(self) -> None:
        """Until the tick in progress (if any) has finished: for a clean shutdown."""
        await self._idle.wait()
