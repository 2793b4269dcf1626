"""Who hears about a complaint, and what is written down: the managers of each level
(then the admins), the timeline of codes, and the messages queued in the outbox.

Nothing is sent from here: ``notify`` queues one ``notifications`` row per chat
(unique per complaint, chat and kind), which :mod:`surveys.outbox.notifier` delivers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import select, update

from surveys.complaints.states import ACTIVE
from surveys.staff.roles import Role
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Branch, Complaint, ComplaintAction, Notification, Staff
from surveys.storage.uow import UnitOfWork


class Policy(Protocol):
    """Deadlines and waking hours, from the escalation rules; ``week`` is a branch's own
    working week ("mon-sun 09:00-18:00"), None for the rule file's."""

    def deadlines(
        self, severity: str, created: datetime, week: str | None = None
    ) -> tuple[datetime, datetime]: ...

    def wakes(self, severity: str, now: datetime, week: str | None = None) -> bool: ...


class Timeline:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    async def week_of(self, uow: UnitOfWork, branch_id: int | None) -> str | None:
        """The branch's own working week, or None for the rule file's."""
        if branch_id is None:
            return None
        return (
            await uow.session.execute(select(Branch.hours).where(Branch.id == branch_id))
        ).scalar_one_or_none()

    async def deadlines(
        self, uow: UnitOfWork, severity: str, branch_id: int | None, start: datetime
    ) -> tuple[datetime, datetime]:
        """Acknowledge and resolve deadlines from ``start``, in the branch's working hours."""
        return self.policy.deadlines(severity, start, await self.week_of(uow, branch_id))

    async def recipients(self, uow: UnitOfWork, branch_id: int | None, level: int) -> list[int]:
        """Who is told at ``level``: the branch's managers of that level, or, past the last
        level (or when the branch has nobody), the admins."""
        if branch_id is not None:
            managers = (
                (
                    await uow.session.execute(
                        select(Staff.telegram_user_id).where(
                            Staff.role == Role.MANAGER.value,
                            Staff.branch_id == branch_id,
                            Staff.level == level,
                        )
                    )
                )
                .scalars()
                .all()
            )
            if managers:
                return sorted(set(managers))
        admins = (
            (
                await uow.session.execute(
                    select(Staff.telegram_user_id).where(Staff.role == Role.ADMIN.value)
                )
            )
            .scalars()
            .all()
        )
        return sorted(set(admins))

    async def note(
        self,
        uow: UnitOfWork,
        complaint: Complaint,
        action: str,
        now: datetime,
        actor: int | None = None,
        detail: str | None = None,
    ) -> None:
        uow.session.add(
            ComplaintAction(
                complaint_id=complaint.id,
                at=now,
                actor_user_id=actor,
                action=action,
                detail=detail,
            )
        )
        complaint.updated_at = now
        await uow.session.execute(
            update(Notification)
            .where(
                Notification.complaint_id == complaint.id,
                Notification.kind == "card",
                Notification.message_id.is_not(None),
            )
            .values(needs_update=True)
        )

    async def notify(
        self,
        uow: UnitOfWork,
        complaint: Complaint,
        chat_ids: Sequence[int],
        kind: str,
        now: datetime,
        *,
        level: int = 1,
        wake: bool = True,
    ) -> None:
        """Queue a message of ``kind`` about the complaint to each chat (once per chat).

        It goes now, day or night; outside the branch's working hours it arrives silently
        (no sound) unless the complaint is critical. ``wake=False``: a reply to someone's
        own action, never silenced."""
        week = await self.week_of(uow, complaint.branch_id) if wake else None
        silent = wake and not self.policy.wakes(complaint.severity, now, week)
        for chat_id in chat_ids:
            await uow.session.execute(
                insert_ignore(
                    uow.dialect,
                    Notification.__table__,  # type: ignore[arg-type]
                    ["complaint_id", "chat_id", "kind"],
                    {
                        "complaint_id": complaint.id,
                        "chat_id": chat_id,
                        "kind": kind,
                        "level": level,
                        "status": "pending",
                        "due_at": now,
                        "silent": silent,
                        "attempts": 0,
                        "repeat": False,
                        "needs_update": False,
                        "created_at": now,
                    },
                )
            )


GONE_REASONS = ("chat_not_found", "blocked", "deactivated", "not_started", "forbidden")
"""Why a message could not reach a person: gone until they press /start (again)."""


async def resend_to(uow: UnitOfWork, user_id: int, now: datetime) -> int:
    """The person pressed /start: what could not reach them about complaints still open
    goes now; returns how many."""
    open_ones = select(Complaint.id).where(Complaint.status.in_(ACTIVE)).scalar_subquery()
    again = await uow.session.execute(
        update(Notification)
        .where(
            Notification.chat_id == user_id,
            Notification.status == "failed",
            Notification.last_error.in_(GONE_REASONS),
            Notification.complaint_id.in_(open_ones),
        )
        .values(status="pending", due_at=now, attempts=0, last_error=None, message_id=None)
    )
    return int(again.rowcount)  # type: ignore[attr-defined]


def staff_notice(chat_id: int, kind: str, now: datetime) -> Notification:
    """A notification to a staff member about no complaint (a digest, a report, an outage),
    due now."""
    return Notification(
        complaint_id=None,
        chat_id=chat_id,
        kind=kind,
        level=0,
        status="pending",
        due_at=now,
        attempts=0,
        repeat=False,
        needs_update=False,
        created_at=now,
    )
