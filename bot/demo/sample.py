"""The demo's import file, written from the cast with dates relative to today."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.demo.personas import CAST

HEADER = (
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
)


def write_sample(path: Path, visit_day: date, zone: ZoneInfo) -> Path:
    """One event per persona on ``visit_day`` (two for the repeat visitor), plus one bad row."""
    rows: list[tuple[str, ...]] = []
    start = datetime.combine(visit_day, time(9, 0), tzinfo=zone)
    for number, persona in enumerate(CAST):
        when = start + timedelta(minutes=35 * number)
        rows.append(_row(f"EV-{persona.customer_id}-1", persona, when))
        if persona.extra_visit:
            rows.append(_row(f"EV-{persona.customer_id}-2", persona, when + timedelta(hours=6)))
    bad = CAST[0]
    rows.append(
        (
            "EV-BAD-1",
            "service",
            f"{visit_day:%Y}-02-30 10:00",
            "C1999",
            "吴刚",
            "13800138999",
            "zh",
            bad.branch,
            bad.staff,
            bad.vehicle,
        )
    )
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _row(event_id: str, persona: object, when: datetime) -> tuple[str, ...]:
    from bot.demo.personas import Persona

    assert isinstance(persona, Persona)
    return (
        event_id,
        persona.event,
        when.strftime("%Y-%m-%d %H:%M"),
        persona.customer_id,
        persona.name,
        persona.phone,
        persona.language,
        persona.branch,
        persona.staff,
        persona.vehicle,
    )
