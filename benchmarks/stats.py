"""``/stats`` on a large SQLite database: 1,000,000 answers over half a year.

Run from the repository root: ``.venv/bin/python -m benchmarks.stats [--answers N] [--keep PATH]``

A child process builds the database (about 139,000 surveys at 8 branches with 40
staff over 26 weeks, 80 % answered, every answered survey answering its 9
questions, complaints for the unhappy ones), so that the peak memory printed
is that of the reports alone. The parent then times the ``/stats`` summary
(CSAT, NPS, response rate, touchpoint averages and the branch ranking) and the
full report (plus staff ranking and weekly trend) over the whole half year and
over its last four weeks, first without and then with the indexes proposed for
the reports, and finally a CSV and an XLSX export of every survey, each in a process of
its own. Target: the summary in under 2 s. Prints the peak resident memory (VmHWM) of
each measuring process.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

from benchmarks.support import peak_rss_mb
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.reports import ReportScope, build_report
from surveys.reports.export import write_csv, write_xlsx
from surveys.storage import Database, UnitOfWork
from surveys.storage.migrate import upgrade
from surveys.storage.tables import (
    Answer,
    Branch,
    Complaint,
    Customer,
    Delivery,
    Event,
    Wave,
)

ZONE = ZoneInfo("Asia/Shanghai")
FIRST, WEEKS = date(2026, 5, 4), 26
LAST = FIRST + timedelta(weeks=WEEKS, days=-1)
NOW = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)
BRANCHES = (
    "浦东店",
    "静安店",
    "徐汇店",
    "闵行店",
    "虹桥店",
    "杭州西湖店",
    "苏州园区店",
    "南京河西店",
)
STAFF_PER_BRANCH = 5
ANSWER_RATE = 0.8
BATCH = 20_000

#: Indexes the report queries use; measured here, added by a migration.
INDEXES = {
    "ix_events_occurred_at": "events (occurred_at)",
    "ix_complaints_created_at": "complaints (created_at)",
}


# ---------------------------------------------------------------- building


async def _insert(db: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    """Core INSERT executemany in batches (every row carries every key, so one statement)."""
    statement = insert(table.__table__)
    for start in range(0, len(rows), BATCH):
        async with UnitOfWork(db) as uow:
            connection = await uow.session.connection()
            await connection.execute(statement, rows[start : start + BATCH])


def _answers(
    rng: random.Random, delivery_id: int, questions: list[tuple[str, str]], at: datetime
) -> tuple[list[dict[str, Any]], int]:
    mood = rng.random()
    overall = 5 if mood > 0.45 else 4 if mood > 0.2 else 3 if mood > 0.08 else rng.choice((1, 2))
    rows: list[dict[str, Any]] = []
    for question_id, kind in questions:
        row: dict[str, Any] = {
            "delivery_id": delivery_id,
            "question_id": question_id,
            "kind": kind,
            "value_int": None,
            "value_choice": None,
            "value_text": None,
            "skipped": rng.random() < 0.03,
            "sentiment_label": None,
            "topics": None,
            "answered_at": at,
        }
        if row["skipped"]:
            pass
        elif question_id == "overall":
            row["value_int"] = overall
        elif kind == "nps":
            row["value_int"] = min(10, max(0, overall * 2 + rng.randint(-2, 1)))
        elif kind == "rating":
            row["value_int"] = min(5, max(1, overall + rng.randint(-1, 1)))
        elif kind == "yesno":
            row["value_int"] = int(overall > 2 or rng.random() < 0.5)
        elif kind == "choice":
            row["value_choice"] = rng.choice(("price", "staff_attitude", "process", "other"))
        else:
            negative = overall <= 2 or rng.random() < 0.1
            row["value_text"] = "等太久了，收费也不透明" if negative else "服务很好，谢谢"
            row["sentiment_label"] = "negative" if negative else "positive"
            row["topics"] = rng.choice(("wait_time,price", "staff_attitude", "work_quality"))
            if not negative:
                row["topics"] = None
        rows.append(row)
    return rows, overall


async def build(path: Path, answers: int) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db)
    rng = random.Random(20261102)
    created = datetime(2026, 5, 1, tzinfo=UTC)
    templates = load_templates()
    async with UnitOfWork(db) as uow:
        await TemplateCatalog().sync(uow, templates, created)
    async with UnitOfWork(db) as uow:
        stored = (await uow.session.execute(text("SELECT id, key FROM survey_templates"))).all()
    template_ids = {key: tid for tid, key in stored}
    questions = {
        key: [(q.id, q.type.value) for q in template.questions]
        for key, template in templates.items()
    }
    await _insert(db, Branch, [{"name": name, "created_at": created} for name in BRANCHES])
    waves: list[dict[str, Any]] = []
    for week in range(WEEKS):
        for key in ("post_sale", "post_service"):
            waves.append(
                {
                    "template_id": template_ids[key],
                    "template_key": key,
                    "event_kind": "sale" if key == "post_sale" else "service",
                    "send_at": created + timedelta(weeks=week),
                    "status": "done",
                    "skipped": {},
                    "remind": True,
                    "progress_final": True,
                    "created_at": created,
                }
            )
    await _insert(db, Wave, waves)
    answered = -(-answers // 9)
    total = int(answered / (ANSWER_RATE * 49 / 50)) + 1
    span = (WEEKS * 7 * 86400) - 1
    start = datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=ZONE).astimezone(UTC)
    chunk = 10_000
    complaint_rows: list[dict[str, Any]] = []
    for first in range(0, total, chunk):
        numbers = range(first, min(total, first + chunk))
        customers, events, deliveries, answer_rows = [], [], [], []
        for n in numbers:
            at = start + timedelta(seconds=int(span * n / total))
            week = min(WEEKS - 1, (at - start).days // 7)
            branch = n % len(BRANCHES)
            staff = f"{BRANCHES[branch][:2]}顾问{(n // len(BRANCHES)) % STAFF_PER_BRANCH + 1}"
            key = "post_sale" if n % 3 == 0 else "post_service"
            responded = rng.random() < ANSWER_RATE
            customers.append(
                {
                    "id": n + 1,
                    "external_id": f"C{n:07d}",
                    "name": f"客户{n}",
                    "phone": f"+86139{n:08d}",
                    "language": "zh",
                    "opted_out": False,
                    "unreachable": False,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            events.append(
                {
                    "id": n + 1,
                    "external_id": f"E{n:07d}",
                    "kind": "sale" if key == "post_sale" else "service",
                    "occurred_at": at,
                    "customer_id": n + 1,
                    "branch_id": branch + 1,
                    "staff_name": staff,
                    "vehicle": "Model Y",
                    "created_at": created,
                }
            )
            sent_at = at + timedelta(hours=20)
            deliveries.append(
                {
                    "id": n + 1,
                    "wave_id": week * 2 + (1 if key == "post_sale" else 2),
                    "customer_id": n + 1,
                    "event_id": n + 1,
                    "template_id": template_ids[key],
                    "language": "zh",
                    "status": "sent" if n % 50 else "failed",
                    "due_at": sent_at,
                    "sent_at": sent_at if n % 50 else None,
                    "attempts": 1,
                    "survey_state": "completed" if responded and n % 50 else "expired",
                    "started_at": sent_at + timedelta(hours=1) if responded and n % 50 else None,
                    "completed_at": sent_at + timedelta(hours=1) if responded and n % 50 else None,
                    "created_at": created,
                }
            )
            if responded and n % 50:
                rows, overall = _answers(rng, n + 1, questions[key], sent_at)
                answer_rows.extend(rows)
                if overall <= 2:
                    opened = sent_at + timedelta(hours=1)
                    resolved = rng.random() < 0.8
                    complaint_rows.append(
                        {
                            "delivery_id": n + 1,
                            "customer_id": n + 1,
                            "event_id": n + 1,
                            "branch_id": branch + 1,
                            "staff_name": staff,
                            "source": "survey",
                            "severity": "high",
                            "status": "closed" if resolved else "open",
                            "triggers": "overall",
                            "topics": rng.choice(("wait_time,price", "staff_attitude", None)),
                            "level": 1,
                            "reopened": 0,
                            "ack_deadline": opened + timedelta(hours=2),
                            "escalate_at": opened + timedelta(hours=2),
                            "resolve_deadline": opened + timedelta(hours=48),
                            "created_at": opened,
                            "resolved_at": opened + timedelta(hours=rng.randint(1, 72))
                            if resolved
                            else None,
                            "updated_at": opened,
                        }
                    )
        await _insert(db, Customer, customers)
        await _insert(db, Event, events)
        await _insert(db, Delivery, deliveries)
        await _insert(db, Answer, answer_rows)
    # Only the columns this schema has (the complaint desk may add or drop some).
    known = set(Complaint.__table__.c.keys())
    await _insert(
        db, Complaint, [{k: v for k, v in r.items() if k in known} for r in complaint_rows]
    )
    await db.dispose()


# ---------------------------------------------------------------- measuring


async def _timed(work: Callable[[], Awaitable[Any]], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = await work()
        best = min(best, time.perf_counter() - started)
    return best, result


async def measure(db: Database, label: str) -> float:
    worst = 0.0
    for name, scope in (
        (f"{WEEKS} weeks", ReportScope(FIRST, LAST, ZONE)),
        ("last 4 weeks", ReportScope(LAST - timedelta(days=27), LAST, ZONE)),
    ):

        async def stats(scope: ReportScope = scope) -> Any:
            async with UnitOfWork(db, readonly=True) as uow:
                return await build_report(uow, scope, now=NOW, staff=False, weeks=False)

        async def full(scope: ReportScope = scope) -> Any:
            async with UnitOfWork(db, readonly=True) as uow:
                return await build_report(uow, scope, now=NOW)

        seconds, report = await _timed(stats)
        full_seconds, _ = await _timed(full, repeat=1)
        worst = max(worst, seconds)
        s = report.summary.scores
        print(
            f"  {label:<16} {name:<13} /stats {seconds:6.3f} s   full report {full_seconds:6.3f} s"
            f"   ({s.csat_responses:,} CSAT answers, CSAT {s.csat}, NPS {s.nps},"
            f" response rate {s.response_rate}, {len(report.branches)} branches)"
        )
    return worst


async def main_async(path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    async with UnitOfWork(db, readonly=True) as uow:
        counts = (
            await uow.session.execute(
                text(
                    "SELECT (SELECT count(*) FROM answers), (SELECT count(*) FROM deliveries),"
                    " (SELECT count(*) FROM complaints)"
                )
            )
        ).one()
    print(f"database: {counts[0]:,} answers, {counts[1]:,} surveys, {counts[2]:,} complaints")
    async with UnitOfWork(db) as uow:
        for name in INDEXES:
            await uow.session.execute(text(f"DROP INDEX IF EXISTS {name}"))
    await measure(db, "without indexes")
    async with UnitOfWork(db) as uow:
        for name, columns in INDEXES.items():
            await uow.session.execute(text(f"CREATE INDEX {name} ON {columns}"))
    worst = await measure(db, "with indexes")
    verdict = "met" if worst < 2.0 else "MISSED"
    print(f"/stats summary worst case: {worst:.3f} s (target < 2 s: {verdict})")
    print(f"peak memory of the measuring process: {peak_rss_mb():.0f} MB (VmHWM)")
    await db.dispose()


async def export_only(path: Path, suffix: str) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    writer = write_xlsx if suffix == "xlsx" else write_csv
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"surveys.{suffix}"
        started = time.perf_counter()
        rows = await writer(db, ReportScope(FIRST, LAST, ZONE), target, include_phone=True)
        seconds = time.perf_counter() - started
        size = target.stat().st_size
    await db.dispose()
    print(
        f"{suffix.upper()} export: {rows:,} rows, {size / 1e6:.0f} MB in {seconds:.1f} s,"
        f" peak memory {peak_rss_mb():.0f} MB (VmHWM, separate process)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build into (or reuse) this database file")
    parser.add_argument("--no-export", action="store_true", help="skip the export timings")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--export-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        asyncio.run(build(args.build, args.answers))
        return
    if args.export_only:
        asyncio.run(export_only(args.export_only, args.format))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "stats.db"
        if not path.exists():
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.stats",
                    "--build",
                    str(path),
                    "--answers",
                    str(args.answers),
                ],
                check=True,
            )
            print(f"built {path.name} in {time.perf_counter() - started:.0f} s")
        asyncio.run(main_async(path))
        for suffix in () if args.no_export else ("csv", "xlsx"):
            subprocess.run(
                [
                    *(sys.executable, "-m", "benchmarks.stats"),
                    *("--export-only", str(path), "--format", suffix),
                ],
                check=True,
            )


if __name__ == "__main__":
    main()
