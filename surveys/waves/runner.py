"""The clockwork of waves: start those that fall due, run standing waves, close finished ones.

``(parent_id, send_at)`` is unique, so two processes ticking at once cannot create a run
of a standing wave twice. A wave that falls due inside quiet hours waits until they end.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from surveys.outbox.states import SendStatus
from surveys.ports import Clock
from surveys.storage.database import Database
from surveys.storage.faults import strike
from surveys.storage.tables import Delivery, Wave
from surveys.storage.uow import UnitOfWork
from surveys.waves.model import AudienceRules, WaveStatus
from surveys.waves.schedule import StandingWave, parse_recurrence, parse_window, resolve
from surveys.waves.service import materialize


class WaveRunner:
    """Starts waves that fall due, runs standing waves, and closes finished ones."""

    def __init__(self, db: Database, clock: Clock, rules: AudienceRules) -> None:
        self.db = db
        self.clock = clock
        self.rules = rules

    async def start_due(self) -> list[int]:
        now = self.clock.now()
        await self._spawn_standing_runs(now)
        quiet = self.rules.quiet_hours
        if quiet is not None and quiet.contains(now, self.rules.zone):
            return []
        async with UnitOfWork(self.db, readonly=True) as uow:
            due = (
                (
                    await uow.session.execute(
                        select(Wave.id)
                        .where(
                            Wave.status == WaveStatus.SCHEDULED.value,
                            Wave.recurrence.is_(None),
                            Wave.send_at <= now,
                        )
                        .order_by(Wave.send_at, Wave.id)
                    )
                )
                .scalars()
                .all()
            )
        started: list[int] = []
        for wave_id in due:
            try:
                async with UnitOfWork(self.db) as uow:
                    # Locked: a worker that ticks at the same moment waits, then finds the
                    # wave started and leaves it (each wave is materialised once).
                    wave = await uow.session.get(
                        Wave, wave_id, with_for_update=True, populate_existing=True
                    )
                    if wave is None or wave.status != WaveStatus.SCHEDULED.value:
                        continue
                    await materialize(uow, wave, self.rules, now)
                    started.append(wave_id)
            except Exception as error:
                await self._struck(wave_id, "start", error, now)
        return started

    async def _spawn_standing_runs(self, now: datetime) -> None:
        async with UnitOfWork(self.db, readonly=True) as uow:
            rules = (
                (
                    await uow.session.execute(
                        select(Wave.id).where(
                            Wave.status == WaveStatus.SCHEDULED.value,
                            Wave.recurrence.is_not(None),
                            Wave.send_at <= now,
                        )
                    )
                )
                .scalars()
                .all()
            )
        for rule_id in rules:
            try:
                async with UnitOfWork(self.db) as uow:
                    await self._spawn(uow, rule_id, now)
            except IntegrityError:
                continue  # another process created this run first
            except Exception as error:
                await self._struck(rule_id, "spawn", error, now)

    async def _struck(self, wave_id: int, stage: str, error: Exception, now: datetime) -> None:
        """A wave that cannot be started is tried again; after a few strikes it is set aside
        (its reason shows in ``wave show``) and the other waves go on."""
        aside = await strike(
            self.db, subject="wave", subject_id=wave_id, stage=stage, error=error, at=now
        )
        if aside:
            async with UnitOfWork(self.db) as uow:
                await uow.session.execute(
                    update(Wave)
                    .where(Wave.id == wave_id, Wave.status == WaveStatus.SCHEDULED.value)
                    .values(status=WaveStatus.STUCK.value)
                )

    async def _spawn(self, uow: UnitOfWork, rule_id: int, now: datetime) -> None:
        rule = await uow.session.get(Wave, rule_id, with_for_update=True, populate_existing=True)
        if rule is None or rule.status != WaveStatus.SCHEDULED.value or rule.send_at > now:
            return
        assert rule.recurrence is not None
        assert rule.window_relative is not None
        standing = StandingWave(
            parse_recurrence(rule.recurrence), parse_window(rule.window_relative)
        )
        first, last = resolve(standing.window, rule.send_at, self.rules.zone)
        child = Wave(
            template_id=rule.template_id,
            template_key=rule.template_key,
            event_kind=rule.event_kind,
            window_start=first,
            window_end=last,
            branch_id=rule.branch_id,
            staff_name=rule.staff_name,
            send_at=rule.send_at,
            parent_id=rule.id,
            status=WaveStatus.SCHEDULED.value,
            remind=rule.remind,
            paid_broadcast=rule.paid_broadcast,
            skipped={},
            created_by=rule.created_by,
            progress_chat_id=rule.progress_chat_id,
            progress_language=rule.progress_language,
            created_at=now,
        )
        uow.session.add(child)
        # The next run comes after both this run and now: a long outage does not replay days.
        rule.send_at = standing.next_run(max(rule.send_at, now), self.rules.zone).send_at
        await uow.session.flush()

    async def close_finished(self) -> list[int]:
        now = self.clock.now()
        open_statuses = (
            SendStatus.PENDING.value,
            SendStatus.CLAIMED.value,
            SendStatus.SENDING.value,
        )
        async with UnitOfWork(self.db) as uow:
            unfinished = (
                select(Delivery.wave_id)
                .where(Delivery.status.in_(open_statuses))
                .distinct()
                .scalar_subquery()
            )
            rows = await uow.session.execute(
                update(Wave)
                .where(Wave.status == WaveStatus.SENDING.value, Wave.id.not_in(unfinished))
                .values(status=WaveStatus.DONE.value, finished_at=now)
                .returning(Wave.id)
            )
            return list(rows.scalars())
