"""``SURVEYBOT_ADMINS``: the first admins, made by ``surveybot run`` when it first sees them.

The setting seeds; it does not keep: each id is made admin once, and remembered, so that
``surveybot staff remove`` sticks even while the id stays in the setting (``staff add`` puts
the person back). Other commands never write admins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from surveys.ports import Clock
from surveys.staff.audit import Actor, record
from surveys.staff.roles import Role
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import AppState, Staff

SEEDED_KEY = "seeded_admins"
"""AppState key: the ids that SURVEYBOT_ADMINS has made admins, comma-separated."""


@dataclass
class Seeded:
    """What seeding did: ids made admin now, already admin, and removed since being seeded."""

    added: list[int] = field(default_factory=list)
    present: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


def _ids(text: str | None) -> set[int]:
    return {int(part) for part in (text or "").split(",") if part.strip().isdigit()}


async def seed_admins(db: Database, admins: tuple[int, ...], clock: Clock) -> Seeded:
    """Make each id of ``admins`` an admin unless it is one, or was one and was removed."""
    result = Seeded()
    if not admins:
        return result
    now = clock.now()
    async with UnitOfWork(db) as uow:
        existing = set(
            (
                await uow.session.execute(
                    select(Staff.telegram_user_id).where(Staff.role == Role.ADMIN.value)
                )
            ).scalars()
        )
        state = await uow.session.get(AppState, SEEDED_KEY)
        seeded = _ids(state.value if state is not None else None)
        for user_id in admins:
            if user_id in existing:
                result.present.append(user_id)
            elif user_id in seeded:
                result.removed.append(user_id)
            else:
                uow.session.add(
                    Staff(telegram_user_id=user_id, role=Role.ADMIN.value, level=1, created_at=now)
                )
                await record(
                    uow,
                    at=now,
                    actor=Actor.SYSTEM,
                    action="staff.seed_admin",
                    object_type="staff",
                    object_id=user_id,
                )
                result.added.append(user_id)
        value = ",".join(str(i) for i in sorted(seeded | set(admins)))
        if state is None:
            uow.session.add(AppState(key=SEEDED_KEY, value=value))
        else:
            state.value = value
    return result
