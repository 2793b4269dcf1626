"""Schedule maths: windows, send times, standing waves and quiet hours, from tables of cases.

"Now" is always an argument; no test reads the wall clock. Clock changes used below:

* New York 2024: 02:00 EST -> 03:00 EDT on Sunday 10 March, 02:00 EDT -> 01:00 EST on
  Sunday 3 November; 2025: 9 March and 2 November.
* Berlin 2024: 02:00 CET -> 03:00 CEST on Sunday 31 March, 03:00 CEST -> 02:00 CET on
  Sunday 27 October; 2025: 30 March and 26 October.
* Shanghai has no clock changes (UTC+8).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from surveys.timemath import day_bounds, exists, local_date
from surveys.waves.schedule import (
    DEFAULT_QUIET_HOURS,
    EVERY_DAY,
    WEEKDAYS,
    AbsoluteWindow,
    QuietHours,
    Recurrence,
    RelativeWindow,
    Run,
    ScheduleError,
    StandingWave,
    Window,
    bounds,
    next_occurrence,
    occurrences,
    parse_dates,
    parse_quiet_hours,
    parse_recurrence,
    parse_send_at,
    parse_time_of_day,
    parse_window,
    resolve,
    window_bounds,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
MICRO = timedelta(microseconds=1)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def days(n: int) -> RelativeWindow:
    return RelativeWindow("last_days", n)


YESTERDAY = RelativeWindow("yesterday")
TODAY = RelativeWindow("today")
LAST_WEEK = RelativeWindow("last_week")
LAST_MONTH = RelativeWindow("last_month")
DEFAULT = QuietHours(time(21, 0), time(9, 0))

# --- windows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", YESTERDAY),
        ("Yesterday", YESTERDAY),
        ("  today ", TODAY),
        ("last_week", LAST_WEEK),
        ("last week", LAST_WEEK),
        ("Last-Week", LAST_WEEK),
        ("LAST_MONTH", LAST_MONTH),
        ("last_7_days", days(7)),
        ("last 7 days", days(7)),
        ("last-30-days", days(30)),
        ("last_1_day", days(1)),
        ("last_90_days", days(90)),
        ("last_07_days", days(7)),
        ("ｌａｓｔ＿７＿ｄａｙｓ", days(7)),  # full-width input from a Chinese keyboard
    ],
)
def test_parse_window(text: str, expected: RelativeWindow) -> None:
    assert parse_window(text) == expected
    assert parse_window(expected.name) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "unknown window ''; use one of: today, yesterday, last_week"),
        ("tomorrow", "unknown window 'tomorrow'"),
        ("this_week", "last_N_days \\(N from 1 to 90, e.g. last_7_days\\)"),
        ("last_days", "unknown window"),
        ("last_7", "unknown window"),
        ("last_-1_days", "unknown window"),
        ("2024-01-01", "unknown window"),
        ("last_0_days", "last_N_days needs N from 1 to 90, not 0"),
        ("last_91_days", "needs N from 1 to 90, not 91"),
        ("last_365_days", "not 365"),
    ],
)
def test_parse_window_refuses(text: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_window(text)


@pytest.mark.parametrize(
    ("kind", "n", "message"),
    [
        ("last_days", 0, "N from 1 to 90"),
        ("last_days", 91, "N from 1 to 90"),
        ("yesterday", 3, "takes no number of days"),
        ("fortnight", 1, "unknown window kind 'fortnight'"),
    ],
)
def test_relative_window_refuses(kind: str, n: int, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        RelativeWindow(cast(Any, kind), n)


@pytest.mark.parametrize(
    ("window", "now", "zone", "first", "last"),
    [
        # "Yesterday" is the local yesterday, whatever the UTC date.
        (YESTERDAY, utc(2024, 6, 1, 15, 59), SHANGHAI, date(2024, 5, 31), date(2024, 5, 31)),
        (YESTERDAY, utc(2024, 6, 1, 16, 0), SHANGHAI, date(2024, 6, 1), date(2024, 6, 1)),
        (YESTERDAY, utc(2024, 12, 31, 16, 30), SHANGHAI, date(2024, 12, 31), date(2024, 12, 31)),
        (YESTERDAY, utc(2025, 1, 1, 3, 0), NEW_YORK, date(2024, 12, 30), date(2024, 12, 30)),
        (YESTERDAY, utc(2024, 3, 1, 2, 0), SHANGHAI, date(2024, 2, 29), date(2024, 2, 29)),
        (YESTERDAY, utc(2023, 3, 1, 2, 0), SHANGHAI, date(2023, 2, 28), date(2023, 2, 28)),
        (YESTERDAY, utc(2024, 4, 1, 7, 0), BERLIN, date(2024, 3, 31), date(2024, 3, 31)),
        (YESTERDAY, utc(2024, 11, 4, 4, 59), NEW_YORK, date(2024, 11, 2), date(2024, 11, 2)),
        (TODAY, utc(2024, 2, 29, 20, 0), SHANGHAI, date(2024, 3, 1), date(2024, 3, 1)),
        (TODAY, utc(2024, 3, 1, 4, 0), NEW_YORK, date(2024, 2, 29), date(2024, 2, 29)),
        # The N local days before today; today is not included.
        (days(1), utc(2024, 6, 1, 4, 0), SHANGHAI, date(2024, 5, 31), date(2024, 5, 31)),
        (days(7), utc(2024, 3, 3, 4, 0), SHANGHAI, date(2024, 2, 25), date(2024, 3, 2)),
        (days(7), utc(2025, 1, 3, 4, 0), SHANGHAI, date(2024, 12, 27), date(2025, 1, 2)),
        (days(90), utc(2024, 3, 31, 4, 0), SHANGHAI, date(2024, 1, 1), date(2024, 3, 30)),
        # The previous ISO week, Monday to Sunday.
        (LAST_WEEK, utc(2024, 6, 10, 4, 0), SHANGHAI, date(2024, 6, 3), date(2024, 6, 9)),
        (LAST_WEEK, utc(2024, 6, 9, 4, 0), SHANGHAI, date(2024, 5, 27), date(2024, 6, 2)),
        (LAST_WEEK, utc(2024, 6, 9, 16, 0), SHANGHAI, date(2024, 6, 3), date(2024, 6, 9)),
        (LAST_WEEK, utc(2025, 1, 1, 4, 0), SHANGHAI, date(2024, 12, 23), date(2024, 12, 29)),
        (LAST_WEEK, utc(2024, 1, 3, 4, 0), SHANGHAI, date(2023, 12, 25), date(2023, 12, 31)),
        (LAST_WEEK, utc(2024, 3, 13, 14, 0), NEW_YORK, date(2024, 3, 4), date(2024, 3, 10)),
        # The previous calendar month, across year ends and leap years.
        (LAST_MONTH, utc(2024, 1, 15, 4, 0), SHANGHAI, date(2023, 12, 1), date(2023, 12, 31)),
        (LAST_MONTH, utc(2024, 2, 29, 16, 0), SHANGHAI, date(2024, 2, 1), date(2024, 2, 29)),
        (LAST_MONTH, utc(2023, 3, 31, 4, 0), SHANGHAI, date(2023, 2, 1), date(2023, 2, 28)),
        (LAST_MONTH, utc(2024, 4, 30, 16, 0), SHANGHAI, date(2024, 4, 1), date(2024, 4, 30)),
        (LAST_MONTH, utc(2024, 5, 1, 3, 0), NEW_YORK, date(2024, 3, 1), date(2024, 3, 31)),
        (LAST_MONTH, utc(2024, 12, 31, 23, 0), BERLIN, date(2024, 12, 1), date(2024, 12, 31)),
        # Absolute windows are what they say.
        (
            AbsoluteWindow(date(2024, 1, 1), date(2024, 1, 31)),
            utc(2024, 6, 1),
            SHANGHAI,
            date(2024, 1, 1),
            date(2024, 1, 31),
        ),
    ],
)
def test_resolve(window: Window, now: datetime, zone: ZoneInfo, first: date, last: date) -> None:
    assert resolve(window, now, zone) == (first, last)


@pytest.mark.parametrize(
    ("window", "now", "zone", "start", "hours"),
    [
        (TODAY, utc(2024, 6, 1, 4, 0), SHANGHAI, utc(2024, 5, 31, 16, 0), 24),
        (YESTERDAY, utc(2024, 1, 1, 0, 0), SHANGHAI, utc(2023, 12, 30, 16, 0), 24),
        # A "yesterday" that was 23 or 25 hours long is covered from midnight to midnight.
        (YESTERDAY, utc(2024, 3, 11, 14, 0), NEW_YORK, utc(2024, 3, 10, 5, 0), 23),
        (YESTERDAY, utc(2024, 11, 4, 14, 0), NEW_YORK, utc(2024, 11, 3, 4, 0), 25),
        (YESTERDAY, utc(2024, 4, 1, 7, 0), BERLIN, utc(2024, 3, 30, 23, 0), 23),
        (YESTERDAY, utc(2024, 10, 28, 8, 0), BERLIN, utc(2024, 10, 26, 22, 0), 25),
        (LAST_WEEK, utc(2024, 3, 13, 14, 0), NEW_YORK, utc(2024, 3, 4, 5, 0), 7 * 24 - 1),
        (LAST_WEEK, utc(2024, 10, 30, 8, 0), BERLIN, utc(2024, 10, 20, 22, 0), 7 * 24 + 1),
        (LAST_MONTH, utc(2024, 12, 2, 14, 0), NEW_YORK, utc(2024, 11, 1, 4, 0), 30 * 24 + 1),
        (LAST_MONTH, utc(2024, 4, 10, 8, 0), BERLIN, utc(2024, 2, 29, 23, 0), 31 * 24 - 1),
        (days(7), utc(2024, 10, 30, 8, 0), BERLIN, utc(2024, 10, 22, 22, 0), 7 * 24 + 1),
        (days(3), utc(2025, 3, 11, 14, 0), NEW_YORK, utc(2025, 3, 8, 5, 0), 3 * 24 - 1),
    ],
)
def test_window_bounds(
    window: Window, now: datetime, zone: ZoneInfo, start: datetime, hours: int
) -> None:
    begins, ends = window_bounds(window, now, zone)
    assert (begins, ends - begins) == (start, timedelta(hours=hours))
    assert (begins, ends) == bounds(*resolve(window, now, zone), zone)
    assert (begins, ends) == day_bounds(*resolve(window, now, zone), zone)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2024-01-01", "2024-01-31", AbsoluteWindow(date(2024, 1, 1), date(2024, 1, 31))),
        ("2024-02-29", "2024-02-29", AbsoluteWindow(date(2024, 2, 29), date(2024, 2, 29))),
        (" 2024-12-31 ", "2025-01-01", AbsoluteWindow(date(2024, 12, 31), date(2025, 1, 1))),
        ("２０２４－０３－０１", "2024-03-02", AbsoluteWindow(date(2024, 3, 1), date(2024, 3, 2))),
    ],
)
def test_parse_dates(since: str, until: str, expected: AbsoluteWindow) -> None:
    assert parse_dates(since, until) == expected


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2023-02-29", "2023-03-01", "since '2023-02-29' is not a calendar date"),
        ("2024-01-01", "2024-13-01", "until '2024-13-01' is not a calendar date"),
        ("2024/01/01", "2024-01-02", "since must be a date YYYY-MM-DD, not '2024/01/01'"),
        ("20240101", "2024-01-02", "since must be a date YYYY-MM-DD"),
        ("yesterday", "2024-01-02", "since must be a date YYYY-MM-DD"),
        ("2024-01-31", "2024-01-01", "ends \\(2024-01-01\\) before it starts \\(2024-01-31\\)"),
    ],
)
def test_parse_dates_refuses(since: str, until: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_dates(since, until)


def test_bounds_refuses_a_window_that_ends_before_it_starts() -> None:
    with pytest.raises(ScheduleError, match="ends"):
        bounds(date(2024, 1, 2), date(2024, 1, 1), SHANGHAI)


# --- send times ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:00", time(9, 0)),
        (" 7:05 ", time(7, 5)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("０９：３０", time(9, 30)),
    ],
)
def test_parse_time_of_day(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("24:00", "'24:00' is not a time of day \\(00:00 to 23:59\\)"),
        ("12:60", "not a time of day"),
        ("9", "must be HH:MM \\(24-hour\\), not '9'"),
        ("9.00", "must be HH:MM"),
        ("9:5", "must be HH:MM"),
        ("09:00:00", "must be HH:MM"),
        ("9am", "must be HH:MM"),
        ("", "must be HH:MM"),
    ],
)
def test_parse_time_of_day_refuses(text: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_time_of_day(text)


NINE_IN_SHANGHAI = utc(2024, 6, 1, 1, 0)  # 2024-06-01 09:00 local


@pytest.mark.parametrize(
    ("text", "now", "zone", "expected"),
    [
        ("now", NINE_IN_SHANGHAI, SHANGHAI, NINE_IN_SHANGHAI),
        (" NOW ", NINE_IN_SHANGHAI, SHANGHAI, NINE_IN_SHANGHAI),
        ("now", datetime(2024, 6, 1, 9, 0, tzinfo=SHANGHAI), SHANGHAI, NINE_IN_SHANGHAI),
        # HH:MM: today if still ahead, else tomorrow.
        ("10:00", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 1, 2, 0)),
        ("09:01", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 1, 1, 1)),
        ("09:00", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 2, 1, 0)),
        ("8:59", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 2, 0, 59)),
        ("00:00", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 1, 16, 0)),
        ("07:00", utc(2024, 12, 31, 23, 30), SHANGHAI, utc(2025, 1, 1, 23, 0)),
        # A full date and time, in business time.
        ("2024-06-01 12:00", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 1, 4, 0)),
        ("2024-06-01T12:00", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 1, 4, 0)),
        ("2024-12-31 23:30", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 12, 31, 15, 30)),
        ("２０２４－０６－０１　１２：００", NINE_IN_SHANGHAI, SHANGHAI, utc(2024, 6, 1, 4, 0)),
        # Up to a minute late is taken as "now".
        ("2024-06-01 09:00", NINE_IN_SHANGHAI, SHANGHAI, NINE_IN_SHANGHAI),
        ("2024-06-01 09:00", utc(2024, 6, 1, 1, 0, 59), SHANGHAI, utc(2024, 6, 1, 1, 0, 59)),
        # Spring forward in New York: 02:30 does not exist and means 03:00 EDT.
        ("2024-03-10 02:30", utc(2024, 3, 9, 17, 0), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        ("02:30", utc(2024, 3, 10, 6, 0), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        ("02:30", utc(2024, 3, 10, 7, 30), NEW_YORK, utc(2024, 3, 11, 6, 30)),
        ("09:00", utc(2024, 3, 9, 15, 0), NEW_YORK, utc(2024, 3, 10, 13, 0)),
        # Fall back in New York: 01:30 happens twice and means the first time.
        ("2024-11-03 01:30", utc(2024, 11, 2, 12, 0), NEW_YORK, utc(2024, 11, 3, 5, 30)),
        ("01:30", utc(2024, 11, 3, 4, 30), NEW_YORK, utc(2024, 11, 3, 5, 30)),
        ("01:30", utc(2024, 11, 3, 5, 45), NEW_YORK, utc(2024, 11, 4, 6, 30)),
        ("01:30", utc(2024, 11, 3, 6, 10), NEW_YORK, utc(2024, 11, 4, 6, 30)),
        # The same in Berlin.
        ("2024-03-31 02:15", utc(2024, 3, 30, 12, 0), BERLIN, utc(2024, 3, 31, 1, 0)),
        ("2024-10-27 02:15", utc(2024, 10, 26, 12, 0), BERLIN, utc(2024, 10, 27, 0, 15)),
        ("02:30", utc(2024, 10, 27, 1, 45), BERLIN, utc(2024, 10, 28, 1, 30)),
    ],
)
def test_parse_send_at(text: str, now: datetime, zone: ZoneInfo, expected: datetime) -> None:
    sent = parse_send_at(text, now, zone)
    assert sent == expected
    assert sent.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "now", "zone", "message"),
    [
        (
            "2024-06-01 08:58",
            NINE_IN_SHANGHAI,
            SHANGHAI,
            "2024-06-01 08:58 CST is in the past: it is now 2024-06-01 09:00 CST in Asia/Shanghai",
        ),
        ("2023-06-01 10:00", NINE_IN_SHANGHAI, SHANGHAI, "in the past"),
        ("2024-06-01 09:00", utc(2024, 6, 1, 1, 1, 1), SHANGHAI, "in the past"),
        # 02:30 means 03:00 EDT that night, which is already five minutes ago.
        ("2024-03-10 02:30", utc(2024, 3, 10, 7, 5), NEW_YORK, "2024-03-10 03:00 EDT is in the"),
        (
            "yesterday",
            NINE_IN_SHANGHAI,
            SHANGHAI,
            "a send time must be 'now', 'HH:MM' or 'YYYY-MM-DD HH:MM' in business time "
            "\\(Asia/Shanghai\\), not 'yesterday'",
        ),
        ("", NINE_IN_SHANGHAI, SHANGHAI, "a send time must be"),
        ("2024-06-01", NINE_IN_SHANGHAI, SHANGHAI, "a send time must be"),
        ("tomorrow 10:00", NINE_IN_SHANGHAI, SHANGHAI, "a send time must be"),
        ("2024-06-01 10:00 UTC", NINE_IN_SHANGHAI, SHANGHAI, "a send time must be"),
        ("2024-02-30 10:00", NINE_IN_SHANGHAI, SHANGHAI, "not a calendar date"),
        ("25:00", NINE_IN_SHANGHAI, SHANGHAI, "'25:00' is not a time of day"),
        ("2024-06-02 24:00", NINE_IN_SHANGHAI, SHANGHAI, "not a time of day"),
    ],
)
def test_parse_send_at_refuses(text: str, now: datetime, zone: ZoneInfo, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_send_at(text, now, zone)


def test_parse_send_at_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        parse_send_at("now", datetime(2024, 6, 1, 9, 0), SHANGHAI)


# --- standing waves --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every day at 09:00", Recurrence(time(9, 0))),
        ("Every Day at 9:00", Recurrence(time(9, 0))),
        ("every day at ０９：００", Recurrence(time(9, 0))),
        ("every weekday at 18:30", Recurrence(time(18, 30), WEEKDAYS)),
        ("every monday at 10:00", Recurrence(time(10, 0), frozenset({0}))),
        ("every mon, thu at 10:00", Recurrence(time(10, 0), frozenset({0, 3}))),
        ("every saturday and sunday at 10:00", Recurrence(time(10, 0), frozenset({5, 6}))),
        ("every sun,sat,sun at 10:00", Recurrence(time(10, 0), frozenset({5, 6}))),
    ],
)
def test_parse_recurrence(text: str, expected: Recurrence) -> None:
    assert parse_recurrence(text) == expected
    assert parse_recurrence(str(expected)) == expected


@pytest.mark.parametrize(
    ("recurrence", "text"),
    [
        (Recurrence(time(9, 0)), "every day at 09:00"),
        (Recurrence(time(9, 0), WEEKDAYS), "every weekday at 09:00"),
        (Recurrence(time(7, 5), frozenset({4, 0})), "every monday,friday at 07:05"),
    ],
)
def test_recurrence_text(recurrence: Recurrence, text: str) -> None:
    assert str(recurrence) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("daily at 09:00", "must be 'every day at HH:MM', 'every weekday at HH:MM'"),
        ("every day", "a standing wave must be"),
        ("every day at", "a standing wave must be"),
        ("every day at 25:00", "not a time of day"),
        ("every day at 9", "must be HH:MM"),
        ("every funday at 09:00", "'funday' is not a day of the week"),
        ("every weekdays at 09:00", "'weekdays' is not a day of the week"),
    ],
)
def test_parse_recurrence_refuses(text: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_recurrence(text)


@pytest.mark.parametrize(
    ("at", "week", "message"),
    [
        (time(9, 0, tzinfo=UTC), EVERY_DAY, "local wall-clock time"),
        (time(9, 0), frozenset[int](), "at least one weekday"),
        (time(9, 0), frozenset({7}), "at least one weekday"),
    ],
)
def test_recurrence_refuses(at: time, week: frozenset[int], message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        Recurrence(at, week)
    with pytest.raises(ScheduleError, match=message):
        next_occurrence(at, SHANGHAI, NINE_IN_SHANGHAI, days=week)


@pytest.mark.parametrize(
    ("at", "zone", "after", "week", "expected"),
    [
        (time(9, 0), SHANGHAI, utc(2024, 6, 1, 0, 0), EVERY_DAY, utc(2024, 6, 1, 1, 0)),
        (time(9, 0), SHANGHAI, utc(2024, 6, 1, 0, 59, 59), EVERY_DAY, utc(2024, 6, 1, 1, 0)),
        # Strictly after: an occurrence exactly at "after" is the one already done.
        (time(9, 0), SHANGHAI, utc(2024, 6, 1, 1, 0), EVERY_DAY, utc(2024, 6, 2, 1, 0)),
        (time(9, 0), SHANGHAI, utc(2024, 12, 31, 2, 0), EVERY_DAY, utc(2025, 1, 1, 1, 0)),
        (time(0, 0), SHANGHAI, utc(2024, 2, 28, 16, 0), EVERY_DAY, utc(2024, 2, 29, 16, 0)),
        (time(23, 59), SHANGHAI, utc(2024, 2, 29, 16, 0), EVERY_DAY, utc(2024, 3, 1, 15, 59)),
        # New York, spring forward: 02:30 is skipped that night and happens at 03:00 EDT.
        (time(2, 30), NEW_YORK, utc(2024, 3, 9, 8, 0), EVERY_DAY, utc(2024, 3, 10, 7, 0)),
        (time(2, 30), NEW_YORK, utc(2024, 3, 10, 7, 0), EVERY_DAY, utc(2024, 3, 11, 6, 30)),
        (time(3, 0), NEW_YORK, utc(2024, 3, 9, 8, 0), EVERY_DAY, utc(2024, 3, 10, 7, 0)),
        (time(9, 0), NEW_YORK, utc(2024, 3, 9, 15, 0), EVERY_DAY, utc(2024, 3, 10, 13, 0)),
        # New York, fall back: 01:30 happens once, at the first 01:30 (EDT).
        (time(1, 30), NEW_YORK, utc(2024, 11, 3, 4, 0), EVERY_DAY, utc(2024, 11, 3, 5, 30)),
        (time(1, 30), NEW_YORK, utc(2024, 11, 3, 5, 30), EVERY_DAY, utc(2024, 11, 4, 6, 30)),
        (time(1, 30), NEW_YORK, utc(2024, 11, 3, 6, 10), EVERY_DAY, utc(2024, 11, 4, 6, 30)),
        (time(9, 0), NEW_YORK, utc(2024, 11, 2, 14, 0), EVERY_DAY, utc(2024, 11, 3, 14, 0)),
        # Berlin, both nights.
        (time(2, 30), BERLIN, utc(2024, 3, 30, 12, 0), EVERY_DAY, utc(2024, 3, 31, 1, 0)),
        (time(2, 30), BERLIN, utc(2024, 10, 26, 12, 0), EVERY_DAY, utc(2024, 10, 27, 0, 30)),
        (time(2, 30), BERLIN, utc(2024, 10, 27, 0, 30), EVERY_DAY, utc(2024, 10, 28, 1, 30)),
        # Weekdays are local weekdays (Monday is 0).
        (time(9, 0), NEW_YORK, utc(2024, 6, 7, 14, 0), WEEKDAYS, utc(2024, 6, 10, 13, 0)),
        (time(9, 0), NEW_YORK, utc(2024, 6, 7, 12, 0), WEEKDAYS, utc(2024, 6, 7, 13, 0)),
        (time(9, 0), SHANGHAI, utc(2024, 6, 8, 4, 0), WEEKDAYS, utc(2024, 6, 10, 1, 0)),
        (time(7, 0), SHANGHAI, utc(2024, 6, 9, 22, 0), WEEKDAYS, utc(2024, 6, 9, 23, 0)),
        (time(10, 0), SHANGHAI, utc(2024, 6, 9, 2, 0), frozenset({6}), utc(2024, 6, 16, 2, 0)),
        (time(2, 30), BERLIN, utc(2024, 3, 24, 12, 0), frozenset({6}), utc(2024, 3, 31, 1, 0)),
    ],
)
def test_next_occurrence(
    at: time, zone: ZoneInfo, after: datetime, week: frozenset[int], expected: datetime
) -> None:
    found = next_occurrence(at, zone, after, days=week)
    assert found == expected
    assert found.tzinfo is UTC
    assert Recurrence(at, week).next_after(after, zone) == expected


@pytest.mark.parametrize(
    ("at", "zone", "start", "end", "expected"),
    [
        # Across spring forward: 23.5 hours between the skipped night's 03:00 and its neighbours.
        (
            time(2, 30),
            NEW_YORK,
            utc(2024, 3, 9, 5, 0),
            utc(2024, 3, 12, 4, 0),
            [utc(2024, 3, 9, 7, 30), utc(2024, 3, 10, 7, 0), utc(2024, 3, 11, 6, 30)],
        ),
        # Across fall back: once on the night 01:30 happens twice.
        (
            time(1, 30),
            NEW_YORK,
            utc(2024, 11, 2, 4, 0),
            utc(2024, 11, 5, 5, 0),
            [utc(2024, 11, 2, 5, 30), utc(2024, 11, 3, 5, 30), utc(2024, 11, 4, 6, 30)],
        ),
        (
            time(2, 30),
            BERLIN,
            utc(2024, 10, 25, 22, 0),
            utc(2024, 10, 28, 23, 0),
            [utc(2024, 10, 26, 0, 30), utc(2024, 10, 27, 0, 30), utc(2024, 10, 28, 1, 30)],
        ),
        # [start, end): an occurrence at "start" counts, one at "end" does not.
        (
            time(9, 0),
            SHANGHAI,
            utc(2024, 6, 1, 1, 0),
            utc(2024, 6, 3, 1, 0),
            [utc(2024, 6, 1, 1, 0), utc(2024, 6, 2, 1, 0)],
        ),
        (time(9, 0), SHANGHAI, utc(2024, 6, 1, 1, 1), utc(2024, 6, 2, 1, 0), []),
    ],
)
def test_occurrences(
    at: time, zone: ZoneInfo, start: datetime, end: datetime, expected: list[datetime]
) -> None:
    assert occurrences(at, zone, start, end) == expected


def _year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


@pytest.mark.parametrize("zone", [NEW_YORK, BERLIN], ids=str)
@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize(
    "at",
    [
        *(time(0, 0), time(0, 30), time(1, 0), time(1, 30), time(2, 0), time(2, 30)),
        *(time(2, 59), time(3, 0), time(3, 30), time(9, 0), time(23, 59)),
    ],
    ids=str,
)
def test_a_standing_wave_runs_once_on_every_local_day_of_a_year(
    zone: ZoneInfo, year: int, at: time
) -> None:
    start, end = day_bounds(date(year, 1, 1), date(year, 12, 31), zone)
    runs = occurrences(at, zone, start, end)
    assert [local_date(run, zone) for run in runs] == _year(year)
    for run in runs:
        local = run.astimezone(zone)
        assert local.fold == 0, f"{run} is the second {at}"
        if exists(local.date(), at, zone):
            assert local.time() == at
        else:  # skipped by the clock: the first minute after the gap
            assert local.time() > at
            assert (run - timedelta(minutes=1)).astimezone(zone).time() < at
    assert {b - a for a, b in pairwise(runs)} <= {
        timedelta(hours=h, minutes=m) for h in (23, 24, 25) for m in range(60)
    }
    chained, after = [], start - MICRO
    while (after := next_occurrence(at, zone, after)) < end:
        chained.append(after)
    assert chained == runs
    weekdays = occurrences(at, zone, start, end, days=WEEKDAYS)
    assert [local_date(run, zone) for run in weekdays] == [
        day for day in _year(year) if day.weekday() < 5
    ]


@pytest.mark.parametrize(
    ("wave", "after", "zone", "expected"),
    [
        (
            StandingWave(Recurrence(time(9, 0)), YESTERDAY),
            utc(2024, 12, 31, 2, 0),
            SHANGHAI,
            Run(utc(2025, 1, 1, 1, 0), date(2024, 12, 31), date(2024, 12, 31)),
        ),
        (
            StandingWave(Recurrence(time(8, 0), frozenset({0})), LAST_WEEK),
            utc(2024, 3, 6, 12, 0),
            NEW_YORK,
            Run(utc(2024, 3, 11, 12, 0), date(2024, 3, 4), date(2024, 3, 10)),
        ),
        (
            StandingWave(Recurrence(time(7, 0)), LAST_MONTH),
            utc(2024, 2, 29, 12, 0),
            BERLIN,
            Run(utc(2024, 3, 1, 6, 0), date(2024, 2, 1), date(2024, 2, 29)),
        ),
        (
            StandingWave(Recurrence(time(0, 30)), days(7)),
            utc(2024, 6, 1, 0, 0),
            SHANGHAI,
            Run(utc(2024, 6, 1, 16, 30), date(2024, 5, 26), date(2024, 6, 1)),
        ),
    ],
)
def test_standing_wave_next_run(
    wave: StandingWave, after: datetime, zone: ZoneInfo, expected: Run
) -> None:
    assert wave.next_run(after, zone) == expected


# --- quiet hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DEFAULT_QUIET_HOURS, DEFAULT),
        ("21:00-09:00", DEFAULT),
        (" 21:00 - 09:00 ", DEFAULT),
        ("21:00~09:00", DEFAULT),
        ("21:00–09:00", DEFAULT),
        ("２１：００－０９：００", DEFAULT),
        ("21:00～9:00", DEFAULT),
        ("12:00-13:30", QuietHours(time(12, 0), time(13, 30))),
        ("0:00-7:00", QuietHours(time(0, 0), time(7, 0))),
        ("off", None),
        (" OFF ", None),
    ],
)
def test_parse_quiet_hours(text: str, expected: QuietHours | None) -> None:
    quiet = parse_quiet_hours(text)
    assert quiet == expected
    if quiet is not None:
        assert parse_quiet_hours(str(quiet)) == quiet


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "quiet hours must be 'off' or a range 'HH:MM-HH:MM', e.g. '21:00-09:00'"),
        ("on", "quiet hours must be 'off' or a range"),
        ("none", "quiet hours must be"),
        ("21:00", "quiet hours must be"),
        ("21:00-", "quiet hours must be"),
        ("21-9", "quiet hours '21-9': a time of day must be HH:MM"),
        ("25:00-09:00", "'25:00' is not a time of day"),
        ("21:00-09:60", "not a time of day"),
        ("21:00-09:00-10:00", "quiet hours '21:00-09:00-10:00'"),
        ("09:00-09:00", "start and end at the same time"),
    ],
)
def test_parse_quiet_hours_refuses(text: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_quiet_hours(text)


def _quiet(text: str) -> QuietHours:
    quiet = parse_quiet_hours(text)
    assert quiet is not None
    return quiet


@pytest.mark.parametrize(
    ("quiet", "instant", "zone", "expected"),
    [
        # Crossing midnight, in Shanghai: [21:00, 09:00).
        ("21:00-09:00", utc(2024, 6, 1, 12, 59), SHANGHAI, False),  # 20:59
        ("21:00-09:00", utc(2024, 6, 1, 13, 0), SHANGHAI, True),  # 21:00
        ("21:00-09:00", utc(2024, 6, 1, 15, 59), SHANGHAI, True),  # 23:59
        ("21:00-09:00", utc(2024, 6, 1, 16, 0), SHANGHAI, True),  # 00:00
        ("21:00-09:00", utc(2024, 6, 2, 0, 59), SHANGHAI, True),  # 08:59
        ("21:00-09:00", utc(2024, 6, 2, 1, 0), SHANGHAI, False),  # 09:00
        ("21:00-09:00", utc(2024, 6, 2, 4, 0), SHANGHAI, False),  # 12:00
        # Not crossing midnight: [12:00, 13:30).
        ("12:00-13:30", utc(2024, 6, 1, 3, 59), SHANGHAI, False),  # 11:59
        ("12:00-13:30", utc(2024, 6, 1, 4, 0), SHANGHAI, True),  # 12:00
        ("12:00-13:30", utc(2024, 6, 1, 5, 29), SHANGHAI, True),  # 13:29
        ("12:00-13:30", utc(2024, 6, 1, 5, 30), SHANGHAI, False),  # 13:30
        ("12:00-13:30", utc(2024, 6, 1, 16, 0), SHANGHAI, False),  # 00:00
        # The default across New York's spring-forward night.
        ("21:00-09:00", utc(2024, 3, 10, 6, 59), NEW_YORK, True),  # 01:59 EST
        ("21:00-09:00", utc(2024, 3, 10, 7, 0), NEW_YORK, True),  # 03:00 EDT
        ("21:00-09:00", utc(2024, 3, 10, 12, 59), NEW_YORK, True),  # 08:59 EDT
        ("21:00-09:00", utc(2024, 3, 10, 13, 0), NEW_YORK, False),  # 09:00 EDT
        # Starting inside the gap: quiet from 03:00 EDT.
        ("02:30-06:00", utc(2024, 3, 10, 6, 59), NEW_YORK, False),  # 01:59 EST
        ("02:30-06:00", utc(2024, 3, 10, 7, 0), NEW_YORK, True),  # 03:00 EDT
        ("02:30-06:00", utc(2024, 3, 10, 9, 59), NEW_YORK, True),  # 05:59 EDT
        ("02:30-06:00", utc(2024, 3, 10, 10, 0), NEW_YORK, False),  # 06:00 EDT
        # Ending inside the gap: allowed again from 03:00 EDT.
        ("22:00-02:30", utc(2024, 3, 10, 2, 59), NEW_YORK, False),  # 21:59 EST, 9 March
        ("22:00-02:30", utc(2024, 3, 10, 3, 0), NEW_YORK, True),  # 22:00 EST, 9 March
        ("22:00-02:30", utc(2024, 3, 10, 6, 59), NEW_YORK, True),  # 01:59 EST
        ("22:00-02:30", utc(2024, 3, 10, 7, 0), NEW_YORK, False),  # 03:00 EDT
        # Both ends inside the gap: no quiet period that night, the usual one the next.
        ("02:10-02:40", utc(2024, 3, 10, 7, 0), NEW_YORK, False),  # 03:00 EDT
        ("02:10-02:40", utc(2024, 3, 11, 6, 20), NEW_YORK, True),  # 02:20 EDT
        # Ending inside the repeat: the quiet period ends at the first 01:30.
        ("21:00-01:30", utc(2024, 11, 3, 5, 29), NEW_YORK, True),  # 01:29 EDT
        ("21:00-01:30", utc(2024, 11, 3, 5, 30), NEW_YORK, False),  # 01:30 EDT
        ("21:00-01:30", utc(2024, 11, 3, 6, 0), NEW_YORK, False),  # 01:00 EST
        ("21:00-01:30", utc(2024, 11, 3, 6, 30), NEW_YORK, False),  # 01:30 EST
        # Starting inside the repeat: quiet from the first 01:30 until 06:00.
        ("01:30-06:00", utc(2024, 11, 3, 5, 29), NEW_YORK, False),  # 01:29 EDT
        ("01:30-06:00", utc(2024, 11, 3, 5, 30), NEW_YORK, True),  # 01:30 EDT
        ("01:30-06:00", utc(2024, 11, 3, 6, 0), NEW_YORK, True),  # 01:00 EST
        ("01:30-06:00", utc(2024, 11, 3, 10, 59), NEW_YORK, True),  # 05:59 EST
        ("01:30-06:00", utc(2024, 11, 3, 11, 0), NEW_YORK, False),  # 06:00 EST
        # Berlin.
        ("21:00-09:00", utc(2024, 10, 27, 1, 30), BERLIN, True),  # 02:30 CET
        ("21:00-09:00", utc(2024, 3, 31, 6, 59), BERLIN, True),  # 08:59 CEST
        ("21:00-09:00", utc(2024, 3, 31, 7, 0), BERLIN, False),  # 09:00 CEST
        ("23:00-02:30", utc(2024, 10, 27, 0, 29), BERLIN, True),  # 02:29 CEST
        ("23:00-02:30", utc(2024, 10, 27, 0, 30), BERLIN, False),  # 02:30 CEST
        ("23:00-02:30", utc(2024, 10, 27, 1, 0), BERLIN, False),  # 02:00 CET
    ],
)
def test_quiet_hours_contains(
    quiet: str, instant: datetime, zone: ZoneInfo, expected: bool
) -> None:
    assert _quiet(quiet).contains(instant, zone) is expected
    assert _quiet(quiet).contains(instant.astimezone(zone), zone) is expected


@pytest.mark.parametrize(
    ("quiet", "instant", "zone", "expected"),
    [
        ("21:00-09:00", utc(2024, 6, 1, 4, 0), SHANGHAI, utc(2024, 6, 1, 4, 0)),  # 12:00
        ("21:00-09:00", utc(2024, 6, 1, 1, 0), SHANGHAI, utc(2024, 6, 1, 1, 0)),  # 09:00
        ("21:00-09:00", utc(2024, 6, 1, 13, 0), SHANGHAI, utc(2024, 6, 2, 1, 0)),  # 21:00
        ("21:00-09:00", utc(2024, 6, 1, 18, 0), SHANGHAI, utc(2024, 6, 2, 1, 0)),  # 02:00
        ("21:00-09:00", utc(2024, 12, 31, 15, 0), SHANGHAI, utc(2025, 1, 1, 1, 0)),  # New Year
        ("12:00-13:30", utc(2024, 6, 1, 4, 15), SHANGHAI, utc(2024, 6, 1, 5, 30)),  # 12:15
        # New York: ends in the gap -> 03:00 EDT; the 23-hour and 25-hour nights.
        ("22:00-02:30", utc(2024, 3, 10, 4, 0), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        ("21:00-09:00", utc(2024, 3, 10, 6, 0), NEW_YORK, utc(2024, 3, 10, 13, 0)),
        ("21:00-09:00", utc(2024, 11, 3, 6, 30), NEW_YORK, utc(2024, 11, 3, 14, 0)),
        ("21:00-01:30", utc(2024, 11, 3, 3, 0), NEW_YORK, utc(2024, 11, 3, 5, 30)),
        ("21:00-01:30", utc(2024, 11, 3, 6, 10), NEW_YORK, utc(2024, 11, 3, 6, 10)),
        ("01:30-06:00", utc(2024, 11, 3, 6, 10), NEW_YORK, utc(2024, 11, 3, 11, 0)),
        # A clock change swallows the only allowed half hour: wait for the next one.
        ("02:40-02:10", utc(2024, 3, 10, 6, 0), NEW_YORK, utc(2024, 3, 11, 6, 10)),
        # Berlin: the 25-hour and 23-hour nights.
        ("21:00-09:00", utc(2024, 10, 26, 20, 0), BERLIN, utc(2024, 10, 27, 8, 0)),
        ("21:00-09:00", utc(2024, 3, 30, 21, 0), BERLIN, utc(2024, 3, 31, 7, 0)),
        ("23:00-02:30", utc(2024, 3, 30, 23, 0), BERLIN, utc(2024, 3, 31, 1, 0)),
    ],
)
def test_quiet_hours_next_allowed(
    quiet: str, instant: datetime, zone: ZoneInfo, expected: datetime
) -> None:
    allowed = _quiet(quiet).next_allowed(instant, zone)
    assert allowed == expected
    assert allowed.tzinfo is UTC
    assert _quiet(quiet).next_allowed(instant.astimezone(zone), zone) == expected


def test_quiet_hours_refuse_an_aware_time_and_a_naive_instant() -> None:
    with pytest.raises(ScheduleError, match="local wall-clock time"):
        QuietHours(time(21, 0, tzinfo=UTC), time(9, 0))
    with pytest.raises(ValueError, match="no time zone"):
        DEFAULT.contains(datetime(2024, 6, 1, 12, 0), SHANGHAI)


# --- properties ------------------------------------------------------------------------------

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES = [
    NEW_YORK,
    BERLIN,
    SHANGHAI,
    ZoneInfo("Europe/London"),
    ZoneInfo("Australia/Sydney"),
    ZoneInfo("Australia/Lord_Howe"),  # half-hour changes
    ZoneInfo("America/Santiago"),  # changes at midnight
]
zones = st.sampled_from(ZONES)
instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=UTC)
)
# Times of day, half of them in the small hours where clocks usually change.
minutes = st.one_of(st.times(), st.times(max_value=time(3, 59))).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def _clock_changes(zone: ZoneInfo) -> list[datetime]:
    """Local midnights (in UTC) just after the zone's clock changes of 2020-2030."""
    found = []
    day = date(2020, 1, 1)
    while day.year <= 2030:
        noon, next_noon = (
            datetime.combine(moment, time(12), tzinfo=zone).utcoffset()
            for moment in (day, day + timedelta(days=1))
        )
        if noon != next_noon:
            found.append(day_bounds(day, day, zone)[1])
        day += timedelta(days=1)
    return found


CLOCK_CHANGES = {zone: _clock_changes(zone) for zone in ZONES}


@st.composite
def moments(draw: st.DrawFn) -> tuple[ZoneInfo, datetime]:
    """A zone and an instant: half of the time within 36 hours of one of its clock changes."""
    zone = draw(zones)
    changes = CLOCK_CHANGES[zone]
    near_a_change = draw(st.booleans())
    if changes and near_a_change:
        offset = timedelta(seconds=draw(st.integers(-36 * 3600, 36 * 3600)))
        return zone, draw(st.sampled_from(changes)) + offset
    return zone, draw(instants)


weeks = st.frozensets(st.integers(0, 6), min_size=1)


def _lands_on(run: datetime, at: time, zone: ZoneInfo) -> bool:
    """At local ``at`` (its first time), or at the first valid minute after a gap that hid it."""
    local = run.astimezone(zone)
    if local.fold:
        return False
    if exists(local.date(), at, zone):
        return local.time() == at
    before = (run - timedelta(minutes=1)).astimezone(zone).replace(tzinfo=None)
    return local.second == 0 and local.time() > at and before < datetime.combine(local.date(), at)


@PROFILE
@given(at=minutes, moment=moments())
def test_next_occurrence_properties(at: time, moment: tuple[ZoneInfo, datetime]) -> None:
    zone, after = moment
    run = next_occurrence(at, zone, after)
    assert after < run <= after + timedelta(hours=25)
    assert _lands_on(run, at, zone)
    assert occurrences(at, zone, after + MICRO, run) == []
    assert occurrences(at, zone, after + MICRO, run + MICRO) == [run]
    following = next_occurrence(at, zone, run)
    assert timedelta(hours=23) <= following - run <= timedelta(hours=25)
    assert local_date(following, zone) == local_date(run, zone) + timedelta(days=1)


@PROFILE
@given(at=minutes, moment=moments(), week=weeks)
def test_next_occurrence_on_some_weekdays(
    at: time, moment: tuple[ZoneInfo, datetime], week: frozenset[int]
) -> None:
    zone, after = moment
    run = next_occurrence(at, zone, after, days=week)
    assert after < run <= after + timedelta(days=7, hours=1)
    assert local_date(run, zone).weekday() in week
    assert _lands_on(run, at, zone)
    assert occurrences(at, zone, after + MICRO, run, days=week) == []


@PROFILE
@given(start=minutes, end=minutes, moment=moments())
def test_next_allowed_properties(start: time, end: time, moment: tuple[ZoneInfo, datetime]) -> None:
    assume(start != end)
    zone, instant = moment
    quiet = QuietHours(start, end)
    allowed = quiet.next_allowed(instant, zone)
    assert allowed >= instant
    assert not quiet.contains(allowed, zone)
    if allowed == instant:
        assert not quiet.contains(instant, zone)
    else:  # the earliest allowed instant: just before it, it was still quiet
        assert quiet.contains(instant, zone)
        assert quiet.contains(allowed - MICRO, zone)
        assert allowed - instant <= timedelta(hours=49)


windows = st.one_of(
    st.sampled_from([TODAY, YESTERDAY, LAST_WEEK, LAST_MONTH]),
    st.integers(1, 90).map(days),
)


@PROFILE
@given(window=windows, moment=moments(), offset=st.integers(-86400, 100 * 86400))
def test_window_properties(
    window: RelativeWindow, moment: tuple[ZoneInfo, datetime], offset: int
) -> None:
    zone, event = moment  # an event, often near a clock change, and "now" up to 100 days later
    now = event + timedelta(seconds=offset)
    first, last = resolve(window, now, zone)
    today = local_date(now, zone)
    assert first <= last <= today
    assert (last == today) is (window == TODAY)
    start, end = window_bounds(window, now, zone)
    length = (last - first).days + 1
    assert abs(end - start - timedelta(days=length)) <= timedelta(hours=1)
    assert (start <= event < end) is (first <= local_date(event, zone) <= last)
    assert parse_window(window.name) == window
