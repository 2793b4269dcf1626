"""Report periods: local dates to UTC bounds and ISO weeks, across clock changes."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from surveys.reports import ReportScope

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("first", "last", "zone", "start", "end"),
    [
        (
            date(2026, 11, 2),
            date(2026, 11, 15),
            SHANGHAI,
            datetime(2026, 11, 1, 16, tzinfo=UTC),
            datetime(2026, 11, 15, 16, tzinfo=UTC),
        ),
        # spring forward: the first day has 23 hours
        (
            date(2026, 3, 8),
            date(2026, 3, 8),
            NEW_YORK,
            datetime(2026, 3, 8, 5, tzinfo=UTC),
            datetime(2026, 3, 9, 4, tzinfo=UTC),
        ),
        # fall back: the day has 25 hours
        (
            date(2026, 11, 1),
            date(2026, 11, 1),
            NEW_YORK,
            datetime(2026, 11, 1, 4, tzinfo=UTC),
            datetime(2026, 11, 2, 5, tzinfo=UTC),
        ),
    ],
)
def test_bounds(first: date, last: date, zone: ZoneInfo, start: datetime, end: datetime) -> None:
    assert ReportScope(first, last, zone).bounds() == (start, end)


@pytest.mark.parametrize(
    ("first", "last", "weeks"),
    [
        (date(2026, 11, 2), date(2026, 11, 8), [("2026-W45", "11-02", "11-08")]),
        (
            date(2026, 11, 4),
            date(2026, 11, 10),
            [("2026-W45", "11-04", "11-08"), ("2026-W46", "11-09", "11-10")],
        ),
        (date(2026, 11, 8), date(2026, 11, 8), [("2026-W45", "11-08", "11-08")]),
        # ISO years: 2026-12-28 .. 2027-01-03 is week 53 of 2026
        (
            date(2026, 12, 30),
            date(2027, 1, 5),
            [("2026-W53", "12-30", "01-03"), ("2027-W01", "01-04", "01-05")],
        ),
    ],
)
def test_iso_weeks_are_clipped_to_the_period(
    first: date, last: date, weeks: list[tuple[str, str, str]]
) -> None:
    found = ReportScope(first, last, SHANGHAI).weeks()
    assert [(w.label, f"{w.first:%m-%d}", f"{w.last:%m-%d}") for w in found] == weeks
    assert found[0].start == ReportScope(first, last, SHANGHAI).bounds()[0]
    assert found[-1].end == ReportScope(first, last, SHANGHAI).bounds()[1]
    assert all(a.end == b.start for a, b in itertools.pairwise(found))


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends"):
        ReportScope(date(2026, 11, 2), date(2026, 11, 1), SHANGHAI)
