"""The audit log: who did what to which object, and whether it was allowed.

Entries hold ids and action names only, never free text, so that erasing a
customer's words never has to touch the audit trail.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from surveys.storage.tables import AuditEntry
from surveys.storage.uow import UnitOfWork


class Actor(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    CLI = "cli"
    SYSTEM = "system"


async def record(
    uow: UnitOfWork,
    *,
    at: datetime,
    actor: Actor,
    action: str,
    user_id: int | None = None,
    object_type: str | None = None,
    object_id: int | str | None = None,
    allowed: bool = True,
) -> None:
    uow.session.add(
        AuditEntry(
            at=at,
            actor_kind=actor.value,
            actor_user_id=user_id,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            outcome="ok" if allowed else "refused",
        )
    )
