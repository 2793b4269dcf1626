"""Storing imported events and their customers, in batches, idempotently.

Importing the same file twice changes nothing: rows are upserted by their
external ids and only written when a value really differs. Customers who
asked to be forgotten are never brought back by a later import: their record
stays erased, and their new events are kept without personal details.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from surveys.importing.records import EventRecord, RowError
from surveys.storage.database import Database
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Branch, Customer, Event
from surveys.storage.uow import UnitOfWork

BATCH_SIZE = 1000


@dataclass
class ImportReport:
    rows: int = 0
    events_new: int = 0
    events_updated: int = 0
    events_unchanged: int = 0
    customers_new: int = 0
    customers_updated: int = 0
    branches_new: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def good_rows(self) -> int:
        return self.rows - len(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "good_rows": self.good_rows,
            "bad_rows": len(self.errors),
            "events_new": self.events_new,
            "events_updated": self.events_updated,
            "events_unchanged": self.events_unchanged,
            "customers_new": self.customers_new,
            "customers_updated": self.customers_updated,
            "branches_new": self.branches_new,
            "dry_run": self.dry_run,
            "errors": [{"line": e.line, "reason": e.reason} for e in self.errors],
        }


def _insert(dialect: str, table: Table) -> Any:
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


class EventImporter:
    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self.db = db
        self.now = now
        self._branches: dict[str, int] = {}

    async def run(
        self,
        rows: Iterable[EventRecord | RowError],
        *,
        dry_run: bool = False,
        on_progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        report = ImportReport(dry_run=dry_run)
        batch: list[EventRecord] = []
        for row in rows:
            report.rows += 1
            if isinstance(row, RowError):
                report.errors.append(row)
            else:
                batch.append(row)
            if len(batch) >= BATCH_SIZE:
                await self._store(batch, report, dry_run)
                if on_progress:
                    on_progress(report.rows)
                batch = []
        if batch:
            await self._store(batch, report, dry_run)
        if on_progress:
            on_progress(report.rows)
        return report

    async def _store(self, batch: list[EventRecord], report: ImportReport, dry_run: bool) -> None:
        if dry_run:
            return
        now = self.now()
        async with UnitOfWork(self.db) as uow:
            branch_ids = await self._branch_ids(
                uow, {r.branch for r in batch if r.branch}, now, report
            )
            customer_ids = await self._customers(uow, batch, now, report)
            await self._events(uow, batch, customer_ids, branch_ids, now, report)

    async def _branch_ids(
        self, uow: UnitOfWork, names: set[str], now: datetime, report: ImportReport
    ) -> dict[str, int]:
        missing = sorted(names - set(self._branches))
        if missing:
            inserted = await uow.session.execute(
                insert_ignore(uow.dialect, Branch.__table__, ["name"]).returning(Branch.id),  # type: ignore[arg-type]
                [{"name": name, "created_at": now} for name in missing],
            )
            report.branches_new += len(inserted.all())
            rows = await uow.session.execute(
                select(Branch.name, Branch.id).where(Branch.name.in_(missing))
            )
            self._branches.update({name: branch_id for name, branch_id in rows.all()})
        return self._branches

    async def _customers(
        self, uow: UnitOfWork, batch: list[EventRecord], now: datetime, report: ImportReport
    ) -> dict[str, int]:
        latest: dict[str, EventRecord] = {}
        for record in batch:
            latest[record.customer_id] = record
        ids = list(latest)
        existing = {
            external_id: (customer_id, forgotten)
            for external_id, customer_id, forgotten in (
                await uow.session.execute(
                    select(
                        Customer.external_id, Customer.id, Customer.forgotten_at.is_not(None)
                    ).where(Customer.external_id.in_(ids))
                )
            ).all()
        }
        values = [
            {
                "external_id": r.customer_id,
                "name": r.customer_name,
                "phone": r.phone,
                "language": r.language,
                "opted_out": False,
                "unreachable": False,
                "created_at": now,
                "updated_at": now,
            }
            for r in latest.values()
        ]
        table = Customer.__table__
        statement = _insert(uow.dialect, table)  # type: ignore[arg-type]
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=["external_id"],
            set_={
                "name": excluded.name,
                "phone": excluded.phone,
                "language": func.coalesce(excluded.language, Customer.language),
                "updated_at": excluded.updated_at,
            },
            where=(Customer.forgotten_at.is_(None))
            & or_(
                Customer.name.is_distinct_from(excluded.name),
                Customer.phone.is_distinct_from(excluded.phone),
                (excluded.language.is_not(None))
                & Customer.language.is_distinct_from(excluded.language),
            ),
        ).returning(Customer.external_id)
        written = set((await uow.session.execute(statement, values)).scalars())
        report.customers_new += sum(1 for i in ids if i not in existing)
        report.customers_updated += sum(1 for i in written if i in existing)
        rows = await uow.session.execute(
            select(Customer.external_id, Customer.id).where(Customer.external_id.in_(ids))
        )
        return {external_id: customer_id for external_id, customer_id in rows.all()}

    async def _events(
        self,
        uow: UnitOfWork,
        batch: list[EventRecord],
        customer_ids: dict[str, int],
        branch_ids: dict[str, int],
        now: datetime,
        report: ImportReport,
    ) -> None:
        forgotten = set(
            (
                await uow.session.execute(
                    select(Customer.id).where(
                        Customer.id.in_(list(customer_ids.values())),
                        Customer.forgotten_at.is_not(None),
                    )
                )
            ).scalars()
        )
        ids = [r.event_id for r in batch]
        existing = set(
            (
                await uow.session.execute(
                    select(Event.external_id).where(Event.external_id.in_(ids))
                )
            ).scalars()
        )
        values = []
        for r in batch:
            customer_id = customer_ids[r.customer_id]
            values.append(
                {
                    "external_id": r.event_id,
                    "kind": r.event_type,
                    "occurred_at": r.occurred_at,
                    "customer_id": customer_id,
                    "branch_id": branch_ids.get(r.branch) if r.branch else None,
                    "staff_name": r.staff,
                    "vehicle": None if customer_id in forgotten else r.vehicle,
                    "created_at": now,
                }
            )
        table = Event.__table__
        statement = _insert(uow.dialect, table)  # type: ignore[arg-type]
        excluded = statement.excluded
        changed_columns = (
            "kind",
            "occurred_at",
            "customer_id",
            "branch_id",
            "staff_name",
            "vehicle",
        )
        statement = statement.on_conflict_do_update(
            index_elements=["external_id"],
            set_={name: excluded[name] for name in changed_columns},
            where=or_(
                *(table.c[name].is_distinct_from(excluded[name]) for name in changed_columns)
            ),
        ).returning(Event.external_id)
        written = set((await uow.session.execute(statement, values)).scalars())
        new = sum(1 for i in ids if i not in existing)
        updated = sum(1 for i in written if i in existing)
        report.events_new += new
        report.events_updated += updated
        report.events_unchanged += len(ids) - new - updated
