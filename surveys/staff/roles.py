"""Staff and their roles: who may do what, by Telegram user id (never by username).

A person may be an admin (all branches) and a manager of several branches,
each with an escalation level (1 is told first, then 2, ...). A mystery shopper belongs
to no branch: branch staff must not know them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, select

from surveys.i18n import Refusal
from surveys.inputs import BIG_ID_MAX, is_clean_name
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Branch, Staff
from surveys.storage.uow import UnitOfWork

BRANCH_NAME_LIMIT = 200
"""As long as a branch name may be (its column's width)."""


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    SHOPPER = "shopper"


class StaffError(Refusal):
    """The staff change cannot be made as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class StaffRow:
    user_id: int
    role: str
    branch: str | None
    level: int
    name: str | None


@dataclass(frozen=True, slots=True)
class Permissions:
    """What one Telegram user may do."""

    user_id: int
    admin: bool = False
    branches: dict[int, int] = field(default_factory=dict)
    shopper: bool = False

    @property
    def is_staff(self) -> bool:
        return self.admin or bool(self.branches)

    def manages(self, branch_id: int | None) -> bool:
        return self.admin or (branch_id is not None and branch_id in self.branches)

    @property
    def report_branches(self) -> tuple[int, ...]:
        """The branches this person's reports cover: () for every branch (admins)."""
        return () if self.admin else tuple(sorted(self.branches))


async def ensure_branch(uow: UnitOfWork, name: str, now: datetime) -> int:
    await uow.session.execute(
        insert_ignore(uow.dialect, Branch.__table__, ["name"], {"name": name, "created_at": now})  # type: ignore[arg-type]
    )
    return (await uow.session.execute(select(Branch.id).where(Branch.name == name))).scalar_one()


async def add_staff(
    uow: UnitOfWork,
    *,
    user_id: int,
    role: Role,
    branch: str | None,
    level: int,
    now: datetime,
    name: str | None = None,
) -> StaffRow:
    if not 0 < user_id <= BIG_ID_MAX:
        raise StaffError("bad_user_id")
    if not 1 <= level <= 9:
        raise StaffError("bad_level")
    if role is Role.MANAGER and not branch:
        raise StaffError("manager_needs_branch")
    if branch is not None:
        _check_branch_name(branch)
    if role is Role.SHOPPER and branch:
        raise StaffError("shopper_no_branch")
    branch_id = await ensure_branch(uow, branch, now) if branch else None
    if role is Role.ADMIN:
        branch_id = None
    existing = (
        await uow.session.execute(
            select(Staff).where(
                Staff.telegram_user_id == user_id,
                Staff.role == role.value,
                Staff.branch_id.is_(None) if branch_id is None else Staff.branch_id == branch_id,
            )
        )
    ).scalar_one_or_none()
    if existing is None:
        existing = Staff(
            telegram_user_id=user_id,
            role=role.value,
            branch_id=branch_id,
            level=level,
            display_name=name,
            created_at=now,
        )
        uow.session.add(existing)
    else:
        existing.level = level
        if name:
            existing.display_name = name
    await uow.session.flush()
    return StaffRow(
        user_id, role.value, branch if branch_id else None, level, existing.display_name
    )


async def remove_staff(uow: UnitOfWork, *, user_id: int, branch: str | None = None) -> int:
    """Remove the user's roles (only in ``branch`` when given); returns how many."""
    statement = delete(Staff).where(Staff.telegram_user_id == user_id)
    if branch is not None:
        _check_branch_name(branch)
        branch_id = (
            await uow.session.execute(select(Branch.id).where(Branch.name == branch))
        ).scalar_one_or_none()
        if branch_id is None:
            raise StaffError("no_branch", name=branch)
        statement = statement.where(Staff.branch_id == branch_id)
    result = await uow.session.execute(statement)
    return int(result.rowcount)  # type: ignore[attr-defined]


def _check_branch_name(name: str) -> None:
    """Refuse a name that could not be stored as given (its column is 200 wide)."""
    if not is_clean_name(name, BRANCH_NAME_LIMIT):
        raise StaffError("bad_branch_name", limit=BRANCH_NAME_LIMIT)


async def list_staff(uow: UnitOfWork) -> list[StaffRow]:
    rows = await uow.session.execute(
        select(Staff, Branch.name)
        .outerjoin(Branch, Branch.id == Staff.branch_id)
        .order_by(Staff.role, Branch.name, Staff.level, Staff.telegram_user_id)
    )
    return [
        StaffRow(staff.telegram_user_id, staff.role, branch, staff.level, staff.display_name)
        for staff, branch in rows.all()
    ]


async def permissions(uow: UnitOfWork, user_id: int) -> Permissions:
    rows = (
        await uow.session.execute(
            select(Staff.role, Staff.branch_id, Staff.level).where(
                Staff.telegram_user_id == user_id
            )
        )
    ).all()
    admin = any(role == Role.ADMIN.value for role, _, _ in rows)
    branches = {
        branch_id: level
        for role, branch_id, level in rows
        if role == Role.MANAGER.value and branch_id is not None
    }
    shopper = any(role == Role.SHOPPER.value for role, _, _ in rows)
    return Permissions(user_id=user_id, admin=admin, branches=branches, shopper=shopper)
