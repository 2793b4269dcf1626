"""Storing imported rows: idempotent, batched, and respectful of erased customers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from surveys.importing import open_events
from surveys.importing.service import EventImporter, ImportReport
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Branch, Customer, Event

NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")

HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)
ROWS = [
    "S-1,service,2026-11-29 10:15,C-1,Alex Chen,13800138000,en,Pudong,Li Wei,Model 3",
    "S-2,service,2026-11-29 11:00,C-2,王芳,+86 139 0013 9000,,Pudong,Zhao Lei,",
    "S-3,sale,2026/11/28 16:30,C-1,Alex Chen,13800138000,en,Minhang,Sun Yu,Model Y",
    "S-4,rental,2026-11-29 10:15,C-3,Bad Type,13700137000,,Pudong,,",
    "S-5,service,2026-13-01 10:15,C-4,Bad Date,13700137001,,Pudong,,",
]


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


async def _import(db: Database, path: Path, dry_run: bool = False) -> ImportReport:
    with open_events(path, timezone=ZONE, default_region="CN", now=NOW) as events:
        return await EventImporter(db, lambda: NOW).run(events, dry_run=dry_run)


async def _count(db: Database, table: type) -> int:
    async with UnitOfWork(db, readonly=True) as uow:
        return int(
            (await uow.session.execute(select(func.count()).select_from(table))).scalar_one()
        )


async def test_import_keeps_good_rows_and_reports_bad_ones(db: Database, tmp_path: Path) -> None:
    report = await _import(db, _write(tmp_path / "events.csv", ROWS))
    assert report.rows == 5
    assert [e.line for e in report.errors] == [5, 6]
    assert "event_type" in report.errors[0].reason
    assert (report.events_new, report.customers_new, report.branches_new) == (3, 2, 2)
    async with UnitOfWork(db, readonly=True) as uow:
        alex = (
            await uow.session.execute(select(Customer).where(Customer.external_id == "C-1"))
        ).scalar_one()
        wang = (
            await uow.session.execute(select(Customer).where(Customer.external_id == "C-2"))
        ).scalar_one()
        event = (
            await uow.session.execute(select(Event).where(Event.external_id == "S-1"))
        ).scalar_one()
    assert (alex.phone, alex.language) == ("+8613800138000", "en")
    assert (wang.name, wang.phone, wang.language) == ("王芳", "+8613900139000", None)
    assert event.occurred_at == datetime(2026, 11, 29, 2, 15, tzinfo=UTC)
    assert (event.staff_name, event.vehicle) == ("Li Wei", "Model 3")


async def test_importing_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "events.csv", ROWS)
    await _import(db, path)
    async with UnitOfWork(db, readonly=True) as uow:
        before = [
            (c.id, c.updated_at)
            for c in (await uow.session.execute(select(Customer).order_by(Customer.id))).scalars()
        ]
    again = await _import(db, path)
    assert (again.events_new, again.events_updated, again.events_unchanged) == (0, 0, 3)
    assert (again.customers_new, again.customers_updated) == (0, 0)
    async with UnitOfWork(db, readonly=True) as uow:
        after = [
            (c.id, c.updated_at)
            for c in (await uow.session.execute(select(Customer).order_by(Customer.id))).scalars()
        ]
    assert after == before
    assert await _count(db, Event) == 3
    assert await _count(db, Branch) == 2


async def test_changed_rows_are_updated(db: Database, tmp_path: Path) -> None:
    await _import(db, _write(tmp_path / "a.csv", ROWS[:2]))
    changed = [ROWS[0].replace("Model 3", "Model 3 Highland"), ROWS[1].replace("王芳", "王芳芳")]
    report = await _import(db, _write(tmp_path / "b.csv", changed))
    assert (report.events_updated, report.customers_updated) == (1, 1)


async def test_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    report = await _import(db, _write(tmp_path / "events.csv", ROWS), dry_run=True)
    assert report.good_rows == 3
    assert await _count(db, Event) == 0


async def test_forgotten_customers_stay_forgotten(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "events.csv", ROWS[:1])
    await _import(db, path)
    async with UnitOfWork(db) as uow:
        alex = (
            await uow.session.execute(select(Customer).where(Customer.external_id == "C-1"))
        ).scalar_one()
        alex.name, alex.phone, alex.forgotten_at = "", None, NOW
    later = ROWS[0].replace("S-1", "S-9").replace("2026-11-29", "2026-11-30")
    await _import(db, _write(tmp_path / "later.csv", [ROWS[0], later]))
    async with UnitOfWork(db, readonly=True) as uow:
        alex = (
            await uow.session.execute(select(Customer).where(Customer.external_id == "C-1"))
        ).scalar_one()
        new_event = (
            await uow.session.execute(select(Event).where(Event.external_id == "S-9"))
        ).scalar_one()
    assert (alex.name, alex.phone) == ("", None)
    assert new_event.vehicle is None
