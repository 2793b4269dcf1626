"""Local business time <-> UTC: tables of cases, with the daylight-saving policy."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from surveys.timemath import (
    as_utc,
    day_bounds,
    exists,
    format_local,
    local_date,
    repeats,
    to_local,
    to_utc,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # moves its clocks by half an hour
SANTIAGO = ZoneInfo("America/Santiago")  # changes its clocks at midnight

# Clock changes used below:
#   New York 2024: 02:00 EST -> 03:00 EDT on 10 March; 02:00 EDT -> 01:00 EST on 3 November.
#   Berlin 2024: 02:00 CET -> 03:00 CEST on 31 March; 03:00 CEST -> 02:00 CET on 27 October.
#   Lord Howe 2024: 02:00 -> 02:30 (+11) on 6 October.
#   Santiago 2024: 24:00 -> 01:00 (-03) on 8 September (the day starts at 01:00).


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "at", "zone", "expected"),
    [
        # Ordinary times: the zone's offset that day.
        (date(2024, 6, 1), time(9, 0), SHANGHAI, utc(2024, 6, 1, 1, 0)),
        (date(2024, 1, 1), time(0, 0), SHANGHAI, utc(2023, 12, 31, 16, 0)),
        (date(2024, 1, 15), time(9, 0), NEW_YORK, utc(2024, 1, 15, 14, 0)),
        (date(2024, 7, 15), time(9, 0), NEW_YORK, utc(2024, 7, 15, 13, 0)),
        (date(2024, 1, 15), time(9, 0), BERLIN, utc(2024, 1, 15, 8, 0)),
        (date(2024, 7, 15), time(9, 0), BERLIN, utc(2024, 7, 15, 7, 0)),
        # Spring forward in New York: 02:00-02:59 does not exist -> 03:00 EDT (07:00 UTC).
        (date(2024, 3, 10), time(1, 59), NEW_YORK, utc(2024, 3, 10, 6, 59)),
        (date(2024, 3, 10), time(2, 0), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        (date(2024, 3, 10), time(2, 30), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        (date(2024, 3, 10), time(2, 59), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        (date(2024, 3, 10), time(2, 30, 45), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        (date(2024, 3, 10), time(3, 0), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        (date(2024, 3, 10), time(3, 1), NEW_YORK, utc(2024, 3, 10, 7, 1)),
        # Fall back in New York: 01:00-01:59 happens twice -> the first time (EDT).
        (date(2024, 11, 3), time(0, 59), NEW_YORK, utc(2024, 11, 3, 4, 59)),
        (date(2024, 11, 3), time(1, 0), NEW_YORK, utc(2024, 11, 3, 5, 0)),
        (date(2024, 11, 3), time(1, 30), NEW_YORK, utc(2024, 11, 3, 5, 30)),
        (date(2024, 11, 3), time(1, 59), NEW_YORK, utc(2024, 11, 3, 5, 59)),
        (date(2024, 11, 3), time(2, 0), NEW_YORK, utc(2024, 11, 3, 7, 0)),
        # Berlin: the gap is 02:00-02:59 (-> 03:00 CEST), the repeat is 02:00-02:59.
        (date(2024, 3, 31), time(2, 30), BERLIN, utc(2024, 3, 31, 1, 0)),
        (date(2024, 3, 31), time(3, 0), BERLIN, utc(2024, 3, 31, 1, 0)),
        (date(2024, 10, 27), time(2, 30), BERLIN, utc(2024, 10, 27, 0, 30)),
        (date(2024, 10, 27), time(3, 0), BERLIN, utc(2024, 10, 27, 2, 0)),
        # Half-hour gap on Lord Howe: 02:15 -> 02:30 (+11).
        (date(2024, 10, 6), time(2, 15), LORD_HOWE, utc(2024, 10, 5, 15, 30)),
        # Midnight gap in Santiago: 00:00 and 00:30 -> 01:00 (-03).
        (date(2024, 9, 8), time(0, 0), SANTIAGO, utc(2024, 9, 8, 4, 0)),
        (date(2024, 9, 8), time(0, 30), SANTIAGO, utc(2024, 9, 8, 4, 0)),
        # A time zone on the time is ignored: the time is read on the local clock.
        (date(2024, 6, 1), time(9, 0, tzinfo=UTC), SHANGHAI, utc(2024, 6, 1, 1, 0)),
    ],
)
def test_to_utc(day: date, at: time, zone: ZoneInfo, expected: datetime) -> None:
    assert to_utc(day, at, zone) == expected
    assert to_utc(day, at, zone).tzinfo is UTC


@pytest.mark.parametrize(
    ("first", "last", "zone", "start", "hours"),
    [
        (date(2024, 6, 1), date(2024, 6, 1), SHANGHAI, utc(2024, 5, 31, 16, 0), 24),
        (date(2024, 12, 31), date(2025, 1, 1), SHANGHAI, utc(2024, 12, 30, 16, 0), 48),
        (date(2024, 2, 1), date(2024, 2, 29), SHANGHAI, utc(2024, 1, 31, 16, 0), 29 * 24),
        # Days on which the clocks change are 23 and 25 hours long and covered whole.
        (date(2024, 3, 10), date(2024, 3, 10), NEW_YORK, utc(2024, 3, 10, 5, 0), 23),
        (date(2024, 11, 3), date(2024, 11, 3), NEW_YORK, utc(2024, 11, 3, 4, 0), 25),
        (date(2024, 3, 31), date(2024, 3, 31), BERLIN, utc(2024, 3, 30, 23, 0), 23),
        (date(2024, 10, 27), date(2024, 10, 27), BERLIN, utc(2024, 10, 26, 22, 0), 25),
        (date(2024, 3, 9), date(2024, 3, 11), NEW_YORK, utc(2024, 3, 9, 5, 0), 71),
        (date(2024, 1, 1), date(2024, 12, 31), NEW_YORK, utc(2024, 1, 1, 5, 0), 366 * 24),
        # A local day that starts at 01:00 starts at its first minute.
        (date(2024, 9, 8), date(2024, 9, 8), SANTIAGO, utc(2024, 9, 8, 4, 0), 23),
    ],
)
def test_day_bounds(first: date, last: date, zone: ZoneInfo, start: datetime, hours: int) -> None:
    begins, ends = day_bounds(first, last, zone)
    assert (begins, ends - begins) == (start, timedelta(hours=hours))


def test_day_bounds_refuses_a_window_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        day_bounds(date(2024, 6, 2), date(2024, 6, 1), SHANGHAI)


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        (utc(2024, 6, 1, 15, 59), SHANGHAI, date(2024, 6, 1)),
        (utc(2024, 6, 1, 16, 0), SHANGHAI, date(2024, 6, 2)),
        (utc(2024, 12, 31, 16, 0), SHANGHAI, date(2025, 1, 1)),
        (utc(2024, 1, 1, 4, 59), NEW_YORK, date(2023, 12, 31)),
        (utc(2024, 1, 1, 5, 0), NEW_YORK, date(2024, 1, 1)),
        (utc(2024, 11, 4, 4, 59), NEW_YORK, date(2024, 11, 3)),  # the 25-hour day's last minute
        (
            datetime(2024, 6, 1, 23, 30, tzinfo=timezone(timedelta(hours=-4))),
            BERLIN,
            date(2024, 6, 2),
        ),
    ],
)
def test_local_date(instant: datetime, zone: ZoneInfo, expected: date) -> None:
    assert local_date(instant, zone) == expected


@pytest.mark.parametrize(
    ("day", "at", "zone", "happens", "twice"),
    [
        (date(2024, 6, 1), time(2, 30), SHANGHAI, True, False),
        (date(2024, 3, 10), time(1, 59), NEW_YORK, True, False),
        (date(2024, 3, 10), time(2, 0), NEW_YORK, False, False),
        (date(2024, 3, 10), time(2, 59), NEW_YORK, False, False),
        (date(2024, 3, 10), time(3, 0), NEW_YORK, True, False),
        (date(2024, 11, 3), time(0, 59), NEW_YORK, True, False),
        (date(2024, 11, 3), time(1, 0), NEW_YORK, True, True),
        (date(2024, 11, 3), time(1, 59), NEW_YORK, True, True),
        (date(2024, 11, 3), time(2, 0), NEW_YORK, True, False),
        (date(2024, 3, 31), time(2, 30), BERLIN, False, False),
        (date(2024, 10, 27), time(2, 30), BERLIN, True, True),
        (date(2024, 10, 6), time(2, 15), LORD_HOWE, False, False),
        (date(2024, 9, 8), time(0, 0), SANTIAGO, False, False),
    ],
)
def test_exists_and_repeats(
    day: date, at: time, zone: ZoneInfo, happens: bool, twice: bool
) -> None:
    assert (exists(day, at, zone), repeats(day, at, zone)) == (happens, twice)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2024, 6, 1, 9, 0), utc(2024, 6, 1, 9, 0)),
        (datetime(2024, 6, 1, 17, 0, tzinfo=SHANGHAI), utc(2024, 6, 1, 9, 0)),
        (datetime(2024, 6, 1, 5, 0, tzinfo=timezone(timedelta(hours=-4))), utc(2024, 6, 1, 9, 0)),
    ],
)
def test_as_utc(instant: datetime, expected: datetime) -> None:
    assert as_utc(instant) == expected
    assert as_utc(instant).tzinfo is UTC


def test_as_utc_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        as_utc(datetime(2024, 6, 1, 9, 0))


@pytest.mark.parametrize(
    ("instant", "zone", "shown", "fold"),
    [
        (utc(2024, 6, 1, 1, 0), SHANGHAI, "2024-06-01 09:00 CST", 0),
        (utc(2024, 3, 10, 7, 0), NEW_YORK, "2024-03-10 03:00 EDT", 0),
        (utc(2024, 11, 3, 5, 30), NEW_YORK, "2024-11-03 01:30 EDT", 0),
        (utc(2024, 11, 3, 6, 30), NEW_YORK, "2024-11-03 01:30 EST", 1),
        (utc(2024, 10, 27, 0, 30), BERLIN, "2024-10-27 02:30 CEST", 0),
        (utc(2024, 10, 27, 1, 30), BERLIN, "2024-10-27 02:30 CET", 1),
    ],
)
def test_to_local_and_format_local(
    instant: datetime, zone: ZoneInfo, shown: str, fold: int
) -> None:
    assert format_local(instant, zone) == shown
    assert to_local(instant, zone).fold == fold
    # Compare in UTC: Python treats an aware time inside a repeat as unequal to any
    # datetime in another zone, whatever the instant.
    assert as_utc(to_local(instant, zone)) == instant
