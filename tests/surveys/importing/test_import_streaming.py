"""Reading streams: memory does not grow with the rows read, only with the event-id index."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from surveys.importing import EventRecord, open_events
from surveys.importing.columns import FIELDS

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)


def write_rows(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(FIELDS)
        for i in range(count):
            writer.writerow(
                [
                    f"EV{i:07d}",
                    ("sale", "service")[i % 2],
                    f"2026-{i % 11 + 1:02d}-{i % 28 + 1:02d} {i % 12 + 8:02d}:{i % 60:02d}",
                    f"C{i % 5000:06d}",
                    ("张伟", "王芳", "John Smith")[i % 3],
                    f"13{i % 10**9:09d}",
                    ("zh", "en", "")[i % 3],
                    "北京朝阳店",
                    "王顾问",
                    "卡罗拉 2.0L",
                ]
            )
    return path


def peak_while_reading(path: Path) -> tuple[int, int]:
    """(records read, peak traced bytes while reading them)."""
    tracemalloc.start()
    try:
        count = 0
        with open_events(path, timezone=SHANGHAI, default_region="CN", now=NOW) as events:
            for result in events:
                assert isinstance(result, EventRecord), result
                count += 1
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_only_by_the_event_id_index(tmp_path: Path) -> None:
    peak_while_reading(write_rows(tmp_path / "warm-up.csv", 100))  # caches, lazy imports
    small_count, small_peak = peak_while_reading(write_rows(tmp_path / "small.csv", 5_000))
    large_count, large_peak = peak_while_reading(write_rows(tmp_path / "large.csv", 25_000))
    assert (small_count, large_count) == (5_000, 25_000)
    per_row = (large_peak - small_peak) / (large_count - small_count)
    # The index of event ids seen (for duplicates) costs about 130 bytes per id; keeping the
    # rows themselves would cost several times that.
    assert per_row < 250, f"{per_row:.0f} bytes per row"
    assert small_peak < 4_000_000, small_peak
