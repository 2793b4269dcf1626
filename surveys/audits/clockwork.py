"""What time brings to audits, once a tick: shoppers are told of windows that opened,
improvement actions are reminded and re-escalated, audits never submitted lapse, and old
photos are emptied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from surveys.audits.actions import action_tick, queue_notice
from surveys.audits.assignments import due_to_tell, lapse_overdue
from surveys.audits.fieldwork import purge_photos
from surveys.audits.model import AuditRules
from surveys.ports import Clock
from surveys.storage.database import Database
from surveys.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class AuditTick:
    told: int = 0
    reminded: int = 0
    escalated: int = 0
    purged: int = 0
    lapsed: int = 0


class AuditClockwork:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        rules: AuditRules,
        purge_every: timedelta = timedelta(hours=1),
    ) -> None:
        self.db = db
        self.clock = clock
        self.rules = rules
        self.purge_every = purge_every
        self._purged_at: datetime | None = None

    async def tick(self) -> AuditTick:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            told = await due_to_tell(uow, now)
            for audit in told:
                assert audit.shopper_user_id is not None
                await queue_notice(uow, audit.shopper_user_id, f"au_told:{audit.id}", now)
            actions = await action_tick(uow, now)
            lapsed = await lapse_overdue(uow, now)
            purged = 0
            if self._purged_at is None or now - self._purged_at >= self.purge_every:
                self._purged_at = now
                purged = await purge_photos(uow, now, self.rules)
        return AuditTick(len(told), actions.reminded, actions.escalated, purged, len(lapsed))
