"""One scheduler tick: everything time-driven, read from and written to the database.

The scheduler only calls :meth:`Ticker.tick` every few seconds; it holds no
business state, so a restart or a second process loses and duplicates nothing.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from surveys.complaints.clockwork import ComplaintClockwork, ComplaintTick
from surveys.engine import SurveyEngine
from surveys.outbox.dispatch import Dispatcher, TickResult
from surveys.outbox.notifier import Notifier
from surveys.outbox.reminders import Reminders
from surveys.outbox.wave_progress import WaveProgress
from surveys.ports import Clock
from surveys.waves.runner import WaveRunner

log = logging.getLogger(__name__)


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
        self._last_housekeeping: datetime | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    async def tick(self) -> TickReport:
        report = TickReport()
        report.started_waves = await self.waves.start_due()
        report.dispatch = await self.dispatcher.tick()
        report.expired = await self.reminders.expire()
        report.reminded = await self.reminders.send_due()
        report.finished_waves = await self.waves.close_finished()
        report.progress_shown = await self.progress.update()
        report.complaints = await self.complaints.tick()
        report.notified = await self.notifier.tick()
        now = self.clock.now()
        last = self._last_housekeeping
        if last is None or now - last >= self.housekeeping_every:
            self._last_housekeeping = now
            await self.engine.forget_old_updates()
        return report

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
