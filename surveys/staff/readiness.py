"""Whether staff can be reached: a card goes only to someone who has pressed /start.

Telegram lets a bot write to a person only after they started it. A branch whose level-1
managers never did gets its cards refused ("chat not found"); the start of ``surveybot
run`` warns about such branches and about a deployment with no admin at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from surveys.staff.roles import Role
from surveys.storage.tables import Branch, Staff
from surveys.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class StaffingGaps:
    """What keeps complaints from reaching a person."""

    no_admin: bool
    branches_unreached: tuple[str, ...]
    """Branches with no level-1 manager who has started the bot."""


async def staff_started(uow: UnitOfWork, user_id: int, chat_id: int) -> None:
    """The person pressed /start: the bot may write to them now."""
    await uow.session.execute(
        update(Staff).where(Staff.telegram_user_id == user_id).values(chat_id=chat_id)
    )


async def staffing_gaps(uow: UnitOfWork) -> StaffingGaps:
    admins = (
        await uow.session.execute(select(Staff.id).where(Staff.role == Role.ADMIN.value).limit(1))
    ).first()
    reached = (
        select(Staff.branch_id)
        .where(
            Staff.role == Role.MANAGER.value,
            Staff.level == 1,
            Staff.chat_id.is_not(None),
            Staff.branch_id.is_not(None),
        )
        .scalar_subquery()
    )
    unreached = (
        (
            await uow.session.execute(
                select(Branch.name).where(Branch.id.not_in(reached)).order_by(Branch.name)
            )
        )
        .scalars()
        .all()
    )
    return StaffingGaps(no_admin=admins is None, branches_unreached=tuple(unreached))
