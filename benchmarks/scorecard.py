"""The audit scorecard (``/stats``, ``surveybot stats``) over many approved audits.

Run from the repository root: ``.venv/bin/python -m benchmarks.scorecard [--audits N]``

Builds a SQLite database in a temporary folder with N approved pre-sale audits (15 scored
items each) at 20 branches over 30 days, then times the scorecard over the period three
times (the first run also parses the checklist) and prints each time and the row count.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from surveys.audits.checklists import ItemType, load_checklists
from surveys.audits.model import ChecklistCatalog
from surveys.audits.reports import build_scorecard
from surveys.reports.scope import ReportScope
from surveys.staff.roles import ensure_branch
from surveys.storage import Database, UnitOfWork
from surveys.storage.migrate import upgrade
from surveys.storage.tables import Audit, AuditAnswer

NOW = datetime(2026, 12, 8, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")


async def _fill(db: Database, audits: int) -> int:
    catalog = ChecklistCatalog()
    async with UnitOfWork(db) as uow:
        await catalog.sync(uow, load_checklists(), NOW)
        checklist_id, checklist = await catalog.latest(uow, "pre_sale")
        branches = [await ensure_branch(uow, f"B{n:02d}", NOW) for n in range(20)]
        scored = [item for item in checklist.items if item.scored]
        for n in range(audits):
            audit = Audit(
                checklist_id=checklist_id,
                checklist_key="pre_sale",
                branch_id=branches[n % len(branches)],
                shopper_user_id=n,
                window_start=date(2026, 11, 1),
                window_end=date(2026, 12, 5),
                opens_at=NOW,
                closes_at=NOW,
                status="approved",
                location_flagged=False,
                submitted_at=NOW - timedelta(days=n % 30),
                created_at=NOW,
            )
            uow.session.add(audit)
            await uow.session.flush()
            uow.session.add_all(
                AuditAnswer(
                    audit_id=audit.id,
                    item_id=item.id,
                    value=float(1 + (n + k) % 5 if item.type is ItemType.SCALE else (n + k) % 2),
                    answered_at=NOW,
                )
                for k, item in enumerate(scored)
            )
        return len(scored)


async def main(audits: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'scorecard.db'}")
        try:
            await upgrade(db)
            items = await _fill(db, audits)
            scope = ReportScope(date(2026, 11, 1), date(2026, 12, 8), ZONE)
            catalog = ChecklistCatalog()
            for run in range(1, 4):
                async with UnitOfWork(db, readonly=True) as uow:
                    started = time.perf_counter()
                    card = await build_scorecard(uow, catalog, scope)
                    elapsed = time.perf_counter() - started
                print(
                    f"run {run}: {audits} approved audits ({audits * items} answers), "
                    f"{len(card.audit_scores)} branches: scorecard in {elapsed * 1000:.0f} ms, "
                    f"{len(card.rows)} rows"
                )
        finally:
            await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audits", type=int, default=1000, help="approved audits to build")
    asyncio.run(main(parser.parse_args().audits))
