"""What audits are run by: the deployment's rules, the reasons a request is refused, and the
checklist versions kept in the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from surveys.audits.checklists import Checklist, parse_checklist
from surveys.i18n import Refusal
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import AuditChecklist
from surveys.storage.uow import UnitOfWork


class AuditError(Refusal):
    """The audit request cannot be done as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class AuditRules:
    """The settings audits follow (``SURVEYBOT_AUDIT_*``)."""

    zone: ZoneInfo
    shopper_gap: timedelta = timedelta(days=90)
    """No shopper is sent to the same branch twice within this (they would be known)."""
    radius_m: float = 500.0
    """A shared location further than this from the branch is flagged."""
    photo_retention: timedelta = timedelta(days=365)
    action_days: timedelta = timedelta(days=7)
    """An improvement action's deadline after the audit is approved."""
    calibration_gap: timedelta = timedelta(days=14)
    """Two audits of one branch this close are compared item by item."""


class ChecklistCatalog:
    """Every checklist version the database holds, parsed once; new audits take the newest."""

    def __init__(self) -> None:
        self._by_id: dict[int, Checklist] = {}

    async def sync(
        self, uow: UnitOfWork, checklists: Mapping[str, Checklist], now: datetime
    ) -> None:
        for checklist in checklists.values():
            await uow.session.execute(
                insert_ignore(
                    uow.dialect,
                    AuditChecklist.__table__,  # type: ignore[arg-type]
                    ["key", "checksum"],
                    {
                        "key": checklist.key,
                        "checksum": checklist.checksum,
                        "definition": dict(checklist.raw),
                        "created_at": now,
                    },
                )
            )

    async def get(self, uow: UnitOfWork, checklist_id: int) -> Checklist:
        cached = self._by_id.get(checklist_id)
        if cached is None:
            row = await uow.session.get(AuditChecklist, checklist_id)
            if row is None:
                raise AuditError("audit_no_checklist", name=str(checklist_id), known="")
            cached = parse_checklist(row.definition, f"checklist {row.key} #{row.id}")
            self._by_id[checklist_id] = cached
        return cached

    async def latest(self, uow: UnitOfWork, key: str) -> tuple[int, Checklist]:
        row_id = (
            await uow.session.execute(
                select(AuditChecklist.id)
                .where(AuditChecklist.key == key)
                .order_by(AuditChecklist.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        if row_id is None:
            known = ", ".join(await self.keys(uow))
            raise AuditError("audit_no_checklist", name=key, known=known)
        return row_id, await self.get(uow, row_id)

    async def keys(self, uow: UnitOfWork) -> list[str]:
        rows = await uow.session.execute(select(AuditChecklist.key).distinct())
        return sorted(rows.scalars())
