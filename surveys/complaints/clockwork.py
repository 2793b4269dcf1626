"""What time does to complaints: deadlines pass, silence closes, the morning digest goes out.

Run by the scheduler tick; everything it needs is in the database, so a restart
loses no deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.timeline import staff_notice
from surveys.ports import Clock
from surveys.staff.roles import Role
from surveys.storage.database import Database
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import AppState, Staff
from surveys.storage.uow import UnitOfWork

WEEKLY_REPORT_DAY = 0  # Monday: last week's numbers and chart, with the morning digest


@dataclass
class ComplaintTick:
    escalated: list[int]
    closed: list[int]
    digests: int


class ComplaintClockwork:
    def __init__(
        self,
        db: Database,
        desk: ComplaintDesk,
        clock: Clock,
        zone: ZoneInfo,
        digest_at: time | None = time(9, 0),
    ) -> None:
        self.db = db
        self.desk = desk
        self.clock = clock
        self.zone = zone
        self.digest_at = digest_at

    async def tick(self) -> ComplaintTick:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            escalated = await self.desk.escalate_overdue(uow, now)
            closed = await self.desk.close_unanswered(uow, now)
        digests = await self.queue_digests(now)
        return ComplaintTick(escalated, closed, digests)

    async def queue_digests(self, now: datetime) -> int:
        """Once a day, at the digest time in business time, one summary per staff member."""
        if self.digest_at is None:
            return 0
        local = now.astimezone(self.zone)
        if local.time() < self.digest_at:
            return 0
        day = local.date().isoformat()
        async with UnitOfWork(self.db) as uow:
            first = await uow.session.execute(
                insert_ignore(
                    uow.dialect,
                    AppState.__table__,  # type: ignore[arg-type]
                    ["key"],
                    {"key": f"digest:{day}", "value": now.isoformat()},
                )
            )
            if first.rowcount != 1:  # type: ignore[attr-defined]
                return 0
            people = sorted(
                set(
                    (
                        await uow.session.execute(
                            select(Staff.telegram_user_id).where(
                                Staff.role.in_((Role.MANAGER.value, Role.ADMIN.value)),
                            )
                        )
                    ).scalars()
                )
            )
            kinds = [f"digest:{day}"]
            if local.weekday() == WEEKLY_REPORT_DAY:
                kinds.append(f"weekly:{day}")
            uow.session.add_all(staff_notice(u, k, now) for u in people for k in kinds)
        return len(people) * len(kinds)
