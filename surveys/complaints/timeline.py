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

from surveys.staff.roles import Role
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Complaint, ComplaintAction, Notification, Staff
from surveys.storage.uow import UnitOfWork


class Policy(Protocol):
    """Deadlines and waking hours, from the escalation rules."""

    def deadlines(self, severity: str, created: datetime) -> tuple[datetime, datetime]: ...

    def notify_at(self, severity: str, now: datetime) -> datetime: ...


class Timeline:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy

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
        """Queue a message of ``kind`` about the complaint to each chat (once per chat)."""
        due = self.policy.notify_at(complaint.severity, now) if wake else now
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
                        "due_at": due,
                        "attempts": 0,
                        "repeat": False,
                        "needs_update": False,
                        "created_at": now,
                    },
                )
            )


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
