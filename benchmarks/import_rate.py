"""Import throughput: 100,000 generated rows through ``surveybot import`` into SQLite.

Run from the repository root: ``.venv/bin/python -m benchmarks.import_rate [--rows N]``
Prints rows/s for a first import, for re-importing the same file (nothing changes),
and the peak resident memory of the process, so that memory stays flat as files grow.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.support import peak_rss_mb
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.storage import Database
from surveys.storage.migrate import upgrade

ZONE = ZoneInfo("Asia/Shanghai")
BRANCHES = ("浦东店", "闵行店", "徐汇店", "Pudong East", "Hongqiao")


def write_rows(path: Path, rows: int) -> None:
    start = datetime(2025, 1, 1, 8, 0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "event_id",
                "event_type",
                "occurred_at",
                "customer_id",
                "customer_name",
                "phone",
                "language",
                "branch",
                "staff",
                "vehicle",
            ]
        )
        for n in range(rows):
            when = start + timedelta(minutes=5 * n)
            writer.writerow(
                [
                    f"E{n:07d}",
                    "service" if n % 4 else "sale",
                    when.strftime("%Y-%m-%d %H:%M"),
                    f"C{n % (rows * 4 // 5):07d}",
                    f"客户{n}",
                    f"138{n:08d}",
                    "zh" if n % 3 else "en",
                    BRANCHES[n % len(BRANCHES)],
                    f"顾问{n % 40}",
                    "Model 3" if n % 2 else "Model Y",
                ]
            )


async def import_once(db: Database, path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with open_events(path, timezone=ZONE, default_region="CN", now=datetime.now(ZONE)) as events:
        report = await EventImporter(db, lambda: datetime.now(ZONE)).run(events)
    assert not report.errors, report.errors[:3]
    return time.perf_counter() - started, report.rows


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a SQLite file in a temp directory")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="surveybot-import-bench-"))
    path = folder / "events.csv"
    write_rows(path, args.rows)
    db = Database(args.database_url or f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    await upgrade(db)
    before = peak_rss_mb()
    first, rows = await import_once(db, path)
    again, _ = await import_once(db, path)
    await db.dispose()
    print(f"database          {db.url.get_backend_name()}")
    print(f"rows              {rows:,} ({path.stat().st_size / 1e6:.1f} MB of CSV)")
    print(f"first import      {first:.1f} s  = {rows / first:,.0f} rows/s")
    print(f"same file again   {again:.1f} s  = {rows / again:,.0f} rows/s (no changes)")
    print(f"peak RSS          {peak_rss_mb():.0f} MB (before importing: {before:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
