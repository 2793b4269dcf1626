"""Improvement actions: a failed item is the branch managers' to fix by a deadline, with a
reminder a day before and re-escalation (to level 2 and the admins) when it passes, as
complaints are; closed with a note and a photo of the fix. After the deadline a re-audit
of the failed items can be scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from surveys.audits.assignments import AuditRequest, create_audit
from surveys.audits.model import AuditError, AuditRules, ChecklistCatalog
from surveys.audits.states import ActionStatus, AuditStatus
from surveys.staff.roles import Role
from surveys.storage.tables import Audit, AuditAction, Branch, Notification, Staff
from surveys.storage.uow import UnitOfWork
from surveys.timemath import local_date

REMIND_BEFORE = timedelta(days=1)
NOTE_LIMIT = 1000


async def queue_notice(uow: UnitOfWork, chat_id: int, kind: str, now: datetime) -> None:
    """One message for the outbox (sent by the notifier, rendered when sent), once."""
    exists = await uow.session.execute(
        select(Notification.id).where(
            Notification.chat_id == chat_id,
            Notification.kind == kind,
            Notification.complaint_id.is_(None),
        )
    )
    if exists.first() is None:
        uow.session.add(
            Notification(chat_id=chat_id, kind=kind, level=1, due_at=now, created_at=now)
        )
        await uow.session.flush()  # the session does not autoflush: the next check sees it


async def managers_of(uow: UnitOfWork, branch_id: int, level: int) -> list[int]:
    """The branch's managers at ``level`` (the admins when the branch has none there)."""
    rows = await uow.session.execute(
        select(Staff.telegram_user_id).where(
            Staff.role == Role.MANAGER.value, Staff.branch_id == branch_id, Staff.level == level
        )
    )
    found = sorted(set(rows.scalars()))
    if found or level > 1:
        return found
    admins = await uow.session.execute(
        select(Staff.telegram_user_id).where(Staff.role == Role.ADMIN.value)
    )
    return sorted(set(admins.scalars()))


async def admins(uow: UnitOfWork) -> list[int]:
    rows = await uow.session.execute(
        select(Staff.telegram_user_id).where(Staff.role == Role.ADMIN.value)
    )
    return sorted(set(rows.scalars()))


async def open_action(uow: UnitOfWork, action_id: int) -> AuditAction:
    action = await uow.session.get(AuditAction, action_id)
    if action is None:
        raise AuditError("action_unknown", id=action_id)
    if action.status != ActionStatus.OPEN.value:
        raise AuditError("action_closed", id=action_id)
    return action


async def close_action(
    uow: UnitOfWork, action_id: int, user_id: int, note: str, photo_id: int, now: datetime
) -> AuditAction:
    action = await open_action(uow, action_id)
    action.status = ActionStatus.CLOSED.value
    action.note = note.strip()[:NOTE_LIMIT]
    action.photo_id = photo_id
    action.closed_at, action.closed_by = now, user_id
    return action


@dataclass(frozen=True, slots=True)
class ActionTick:
    reminded: int = 0
    escalated: int = 0


async def action_tick(uow: UnitOfWork, now: datetime) -> ActionTick:
    """Remind level 1 a day before the deadline; past it, tell level 2 and the admins."""
    rows = await uow.session.execute(
        select(AuditAction).where(
            AuditAction.status == ActionStatus.OPEN.value,
            AuditAction.escalated_at.is_(None),
            AuditAction.deadline_at <= now + REMIND_BEFORE,
        )
    )
    reminded = escalated = 0
    for action in rows.scalars():
        if now >= action.deadline_at:
            action.escalated_at, action.level = now, 2
            told = {*await managers_of(uow, action.branch_id, 2), *await admins(uow)}
            for user_id in sorted(told):
                await queue_notice(uow, user_id, f"ac_late:{action.id}", now)
            escalated += 1
        elif action.reminded_at is None:
            action.reminded_at = now
            for user_id in await managers_of(uow, action.branch_id, 1):
                await queue_notice(uow, user_id, f"ac_remind:{action.id}", now)
            reminded += 1
    return ActionTick(reminded, escalated)


async def schedule_reaudit(
    uow: UnitOfWork,
    catalog: ChecklistCatalog,
    rules: AuditRules,
    audit_id: int,
    window: tuple[date, date],
    shopper: int | None,
    now: datetime,
    created_by: int | None = None,
) -> Audit:
    """A re-audit of the items that failed in ``audit_id``, once their deadline has passed."""
    audit = await uow.session.get(Audit, audit_id)
    if audit is None:
        raise AuditError("audit_unknown", id=audit_id)
    if audit.status != AuditStatus.APPROVED.value:
        raise AuditError("audit_not_approved", id=audit_id)
    actions = list(
        (
            await uow.session.execute(select(AuditAction).where(AuditAction.audit_id == audit_id))
        ).scalars()
    )
    if not actions:
        raise AuditError("audit_nothing_failed", id=audit_id)
    deadline = local_date(max(a.deadline_at for a in actions), rules.zone)
    if window[0] <= deadline:
        raise AuditError("audit_reaudit_too_soon", date=deadline + timedelta(days=1))
    branch = await uow.session.get_one(Branch, audit.branch_id)
    request = AuditRequest(
        checklist=audit.checklist_key,
        branch=branch.name,
        first=window[0],
        last=window[1],
        shopper=shopper,
        created_by=created_by,
        items_only=tuple(sorted(a.item_id for a in actions)),
        parent_id=audit.id,
    )
    return await create_audit(uow, catalog, rules, request, now)
