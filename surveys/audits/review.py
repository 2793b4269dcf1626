"""Review: an admin approves a submitted audit (it then counts, and its failed items open
improvement actions for the branch's managers) or sends it back with a note.

Branch staff learn of an audit only here, once it is approved: nothing before names the
audit or its shopper to them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from surveys.audits.actions import managers_of, queue_notice
from surveys.audits.fieldwork import audit_items
from surveys.audits.model import AuditError, AuditRules, ChecklistCatalog
from surveys.audits.scoring import AuditScores, score_audit
from surveys.audits.states import ActionStatus, AuditStatus
from surveys.storage.tables import Audit, AuditAction, AuditAnswer
from surveys.storage.uow import UnitOfWork

NOTE_LIMIT = 1000


async def answers_of(uow: UnitOfWork, audit_id: int) -> dict[str, float | None]:
    rows = await uow.session.execute(
        select(AuditAnswer.item_id, AuditAnswer.value).where(AuditAnswer.audit_id == audit_id)
    )
    return {item_id: value for item_id, value in rows.all()}


async def scores_of(uow: UnitOfWork, catalog: ChecklistCatalog, audit: Audit) -> AuditScores:
    checklist = await catalog.get(uow, audit.checklist_id)
    return score_audit(audit_items(checklist, audit), await answers_of(uow, audit.id))


async def _submitted(uow: UnitOfWork, audit_id: int) -> Audit:
    audit = await uow.session.get(Audit, audit_id)
    if audit is None:
        raise AuditError("audit_unknown", id=audit_id)
    if audit.status != AuditStatus.SUBMITTED.value:
        raise AuditError("audit_not_submitted", id=audit_id)
    return audit


async def approve(
    uow: UnitOfWork,
    catalog: ChecklistCatalog,
    rules: AuditRules,
    audit_id: int,
    reviewer: int | None,
    now: datetime,
) -> list[AuditAction]:
    """The audit counts from now; each failed item opens an action (returned)."""
    audit = await _submitted(uow, audit_id)
    scores = await scores_of(uow, catalog, audit)
    audit.status = AuditStatus.APPROVED.value
    audit.open_slot = None
    audit.score = scores.overall
    audit.reviewed_at, audit.reviewed_by = now, reviewer
    actions = [
        AuditAction(
            audit_id=audit.id,
            branch_id=audit.branch_id,
            item_id=item_id,
            status=ActionStatus.OPEN.value,
            level=1,
            deadline_at=now + rules.action_days,
            created_at=now,
        )
        for item_id in scores.failed_items
    ]
    uow.session.add_all(actions)
    await uow.session.flush()
    if audit.parent_id is not None:
        earlier = await uow.session.execute(
            select(AuditAction).where(AuditAction.audit_id == audit.parent_id)
        )
        for action in earlier.scalars():
            action.reaudit_id = audit.id
    managers = await managers_of(uow, audit.branch_id, 1)
    for action in actions:
        for user_id in managers:
            await queue_notice(uow, user_id, f"ac_open:{action.id}", now)
    if audit.shopper_user_id is not None:
        await queue_notice(uow, audit.shopper_user_id, f"au_ok:{audit.id}", now)
    return actions


async def send_back(
    uow: UnitOfWork, audit_id: int, reviewer: int | None, note: str, now: datetime
) -> Audit:
    """Back to the shopper with the reviewer's note; they answer again and resubmit."""
    audit = await _submitted(uow, audit_id)
    audit.status = AuditStatus.RETURNED.value
    audit.review_note = note.strip()[:NOTE_LIMIT]
    audit.reviewed_at, audit.reviewed_by = now, reviewer
    if audit.shopper_user_id is not None:
        await queue_notice(uow, audit.shopper_user_id, f"au_back:{audit.id}", now)
    return audit
