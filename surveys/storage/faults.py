"""Strikes against rows that make a stage fail, so one poison row never stops the rest.

A stage that fails on one row records a strike with the error's name and moves on to
the next row. After :data:`STRIKES` strikes of the same row at the same stage the row
is set aside: the stage marks it so it is not picked again, and its reason is shown
where the row is shown (``wave show``, the complaint). Only names of exception classes
are kept, never a customer's words.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from surveys.storage.database import Database
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Fault
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

STRIKES = 3


async def strike(
    db: Database, *, subject: str, subject_id: int, stage: str, error: BaseException, at: datetime
) -> bool:
    """Count one failure of ``stage`` on a row; True when the row is now set aside."""
    reason = type(error).__name__[:200]
    async with UnitOfWork(db) as uow:
        added = await uow.session.execute(
            insert_ignore(
                uow.dialect,
                Fault.__table__,  # type: ignore[arg-type]
                ["subject", "subject_id", "stage"],
                {
                    "subject": subject,
                    "subject_id": subject_id,
                    "stage": stage,
                    "reason": reason,
                    "strikes": 1,
                    "set_aside": STRIKES <= 1,
                    "first_at": at,
                    "last_at": at,
                },
            )
        )
        if added.rowcount != 1:  # type: ignore[attr-defined]
            await uow.session.execute(
                update(Fault)
                .where(
                    Fault.subject == subject,
                    Fault.subject_id == subject_id,
                    Fault.stage == stage,
                )
                .values(
                    strikes=Fault.strikes + 1,
                    reason=reason,
                    last_at=at,
                    set_aside=Fault.strikes + 1 >= STRIKES,
                )
            )
        aside = (
            await uow.session.execute(
                select(Fault.set_aside).where(
                    Fault.subject == subject,
                    Fault.subject_id == subject_id,
                    Fault.stage == stage,
                )
            )
        ).scalar_one()
    if aside:
        log.error(
            "%s %s set aside: %s failed %d times (%s)", subject, subject_id, stage, STRIKES, reason
        )
    else:
        log.warning(
            "%s %s: %s failed (%s); trying again later",
            subject,
            subject_id,
            stage,
            reason,
            exc_info=error,
        )
    return bool(aside)


async def set_aside(uow: UnitOfWork, subject: str, ids: Sequence[int]) -> dict[int, str]:
    """The rows of ``subject`` among ``ids`` that were set aside, with their reasons."""
    if not ids:
        return {}
    rows = await uow.session.execute(
        select(Fault.subject_id, Fault.stage, Fault.reason).where(
            Fault.subject == subject, Fault.subject_id.in_(ids), Fault.set_aside.is_(True)
        )
    )
    return {int(row_id): f"{stage}: {reason}" for row_id, stage, reason in rows.all()}
