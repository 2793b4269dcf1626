"""Business-hours maths and complaint deadlines, from tables of cases and properties.

No test reads the wall clock. Calendars and clock changes used below:

* Shanghai (UTC+8, no clock changes) with the shipped rules: Monday to Friday 09:00-18:00,
  the 2026 holidays and make-up days (Spring Festival 15-23 February, worked Saturday 14
  and 28 February; National Day 1-7 October, worked Sunday 20 September and Saturday 10
  October; New Year 1-3 January, worked Sunday 4 January). 1 December 2026 is a Tuesday.
* New York 2024: 02:00 EST -> 03:00 EDT on Sunday 10 March; 02:00 EDT -> 01:00 EST on
  Sunday 3 November.
* Berlin 2024: 02:00 CET -> 03:00 CEST on Sunday 31 March (Easter: Good Friday 29 March,
  Easter Monday 1 April); 03:00 CEST -> 02:00 CET on Sunday 27 October.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.complaints.escalation import (
    BusinessCalendar,
    Deadlines,
    Span,
    deadlines,
    default_rules,
    notify_at,
    wakes_people,
)
from surveys.timemath import local_date, to_utc

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = frozenset(range(7))

RULES = default_rules()  # the shipped rules: seven working days, China's holidays
CHINA = replace(RULES.calendar, weekdays=frozenset(range(5)))  # a Monday-to-Friday office
NY_OFFICE = BusinessCalendar(NEW_YORK, opens=time(9), closes=time(17))
NY_NIGHTS = BusinessCalendar(NEW_YORK, EVERY_DAY, time(1), time(5))
NY_GAP = BusinessCalendar(NEW_YORK, EVERY_DAY, time(2, 30), time(5))
BERLIN_OFFICE = BusinessCalendar(BERLIN, holidays=frozenset({date(2024, 3, 29), date(2024, 4, 1)}))
BERLIN_NIGHTS = BusinessCalendar(BERLIN, EVERY_DAY, time(1), time(5))


def at(zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """The UTC instant of a local time, by the shared daylight-saving policy."""
    return to_utc(date(year, month, day), time(hour, minute), zone)


def sh(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return at(SHANGHAI, year, month, day, hour, minute)


def h(hours: float) -> timedelta:
    return timedelta(hours=hours)


# --- spans --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "shown"),
    [
        ("30m", Span(0, timedelta(minutes=30)), "30m"),
        ("4h", Span(0, h(4)), "4h"),
        ("1h30m", Span(0, h(1.5)), "1h30m"),
        ("1h 30m", Span(0, h(1.5)), "1h30m"),
        ("24h", Span(0, h(24)), "24h"),
        ("2d", Span(2), "2d"),
        (" 1D4H ", Span(1, h(4)), "1d4h"),
    ],
)
def test_span_parse(text: str, span: Span, shown: str) -> None:
    assert Span.parse(text) == span
    assert str(span) == shown


@pytest.mark.parametrize("text", ["", "4 hours", "h", "0h", "0d0m", "-1h", "1.5h", "4h2d"])
def test_span_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|zero"):
        Span.parse(text)


# --- the calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"weekdays": frozenset()}, "at least one"),
        ({"weekdays": frozenset({7})}, "at least one"),
        ({"opens": time(18), "closes": time(9)}, "close after they open"),
        ({"opens": time(9), "closes": time(9)}, "close after they open"),
        ({"opens": time(9, tzinfo=UTC)}, "wall-clock"),
        (
            {"holidays": frozenset({date(2026, 1, 1)}), "extra_working_days": {date(2026, 1, 1)}},
            "2026-01-01: a date cannot be both",
        ),
    ],
)
def test_calendar_refuses(kwargs: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        BusinessCalendar(SHANGHAI, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 1), True),  # Tuesday
        (date(2026, 12, 5), False),  # Saturday
        (date(2026, 2, 14), True),  # Saturday, worked before the Spring Festival
        (date(2026, 2, 16), False),  # Monday in the Spring Festival
        (date(2026, 2, 28), True),  # Saturday, worked after it
        (date(2026, 9, 20), True),  # Sunday, worked before National Day
        (date(2026, 10, 1), False),
        (date(2026, 10, 8), True),
        (date(2026, 1, 4), True),  # Sunday, worked after New Year
    ],
)
def test_working_days_with_holidays_and_make_up_days(day: date, working: bool) -> None:
    assert CHINA.is_working_day(day) is working


def test_business_days_are_multiples_of_the_working_day() -> None:
    assert CHINA.day_length == h(9)
    assert CHINA.business_days(2) == h(18)
    assert NY_OFFICE.business_days(1) == h(8)
    assert CHINA.working_time(Span(1, h(4))) == h(13)
    with pytest.raises(ValueError, match="negative"):
        CHINA.business_days(-1)


@pytest.mark.parametrize(
    ("calendar", "instant", "is_open", "next_open"),
    [
        (CHINA, sh(12, 1, 10), True, sh(12, 1, 10)),
        (CHINA, sh(12, 1, 9), True, sh(12, 1, 9)),  # open at opening
        (CHINA, sh(12, 1, 18), False, sh(12, 2, 9)),  # closed at closing
        (CHINA, sh(12, 1, 8, 59), False, sh(12, 1, 9)),
        (CHINA, sh(12, 4, 20), False, sh(12, 7, 9)),  # Friday night
        (CHINA, sh(2, 13, 19), False, sh(2, 14, 9)),  # to a make-up Saturday
        (CHINA, sh(2, 14, 19), False, sh(2, 24, 9)),  # over the Spring Festival
        (NY_OFFICE, at(NEW_YORK, 2024, 3, 9, 12), False, at(NEW_YORK, 2024, 3, 11, 9)),
        # opening time skipped by the clocks: opens at the first minute after the jump
        (NY_GAP, at(NEW_YORK, 2024, 3, 10, 0), False, datetime(2024, 3, 10, 7, tzinfo=UTC)),
        # 01:30 happens twice on 3 November; both are inside 01:00-05:00
        (NY_NIGHTS, datetime(2024, 11, 3, 5, 30, tzinfo=UTC), True, None),
        (NY_NIGHTS, datetime(2024, 11, 3, 6, 30, tzinfo=UTC), True, None),
        (BERLIN_OFFICE, at(BERLIN, 2024, 3, 29, 10), False, at(BERLIN, 2024, 4, 2, 9)),
    ],
)
def test_is_open_and_next_open(
    calendar: BusinessCalendar, instant: datetime, is_open: bool, next_open: datetime | None
) -> None:
    assert calendar.is_open(instant) is is_open
    assert calendar.next_open(instant) == (next_open or instant)


def test_instants_must_carry_a_zone() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        CHINA.is_open(datetime(2026, 12, 1, 10))
    with pytest.raises(ValueError, match="negative"):
        CHINA.add(sh(12, 1, 10), -h(1))


# --- adding working time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "start", "duration", "end"),
    [
        # inside hours, the same day, to the closing time and over the night
        (CHINA, sh(12, 1, 10), h(2), sh(12, 1, 12)),
        (CHINA, sh(12, 1, 10), h(8), sh(12, 1, 18)),
        (CHINA, sh(12, 1, 10), h(8) + timedelta(minutes=1), sh(12, 2, 9, 1)),
        (CHINA, sh(12, 1, 17), h(4), sh(12, 2, 12)),
        (CHINA, sh(12, 1, 15), h(9), sh(12, 2, 15)),  # 1 business day: same time tomorrow
        # starting outside hours counts from the next opening
        (CHINA, sh(12, 1, 20), h(1), sh(12, 2, 10)),
        (CHINA, sh(12, 1, 6), h(1), sh(12, 1, 10)),
        (CHINA, sh(12, 1, 18), h(1), sh(12, 2, 10)),
        # nothing to add: the start if open, else the next opening
        (CHINA, sh(12, 1, 10), h(0), sh(12, 1, 10)),
        (CHINA, sh(12, 1, 18), h(0), sh(12, 2, 9)),
        (CHINA, sh(12, 5, 11), h(0), sh(12, 7, 9)),
        # weekends
        (CHINA, sh(12, 4, 17), h(4), sh(12, 7, 12)),
        (CHINA, sh(12, 5, 11), h(1), sh(12, 7, 10)),
        (CHINA, sh(11, 30, 9), h(90), sh(12, 11, 18)),  # 10 business days end at a closing
        # holidays and make-up working days
        (CHINA, sh(2, 13, 17), h(4), sh(2, 14, 12)),
        (CHINA, sh(2, 14, 17), h(2), sh(2, 24, 10)),
        (CHINA, sh(9, 30, 17), h(9), sh(10, 8, 17)),
        (CHINA, sh(10, 9, 17), h(2), sh(10, 10, 10)),
        (CHINA, sh(9, 18, 17), h(2), sh(9, 20, 10)),
        (CHINA, sh(12, 31, 17, year=2025), h(2), sh(1, 4, 10)),
        # office hours over a clock change: New York and Berlin
        (NY_OFFICE, at(NEW_YORK, 2024, 3, 8, 16), h(2), at(NEW_YORK, 2024, 3, 11, 10)),
        (NY_OFFICE, at(NEW_YORK, 2024, 11, 1, 16), h(2), at(NEW_YORK, 2024, 11, 4, 10)),
        (BERLIN_OFFICE, at(BERLIN, 2024, 3, 28, 17), h(4), at(BERLIN, 2024, 4, 2, 12)),
        (BERLIN_OFFICE, at(BERLIN, 2024, 10, 25, 17), h(2), at(BERLIN, 2024, 10, 28, 10)),
        # hours that contain the change: elapsed time inside the local window
        (NY_NIGHTS, at(NEW_YORK, 2024, 3, 10, 1), h(3), datetime(2024, 3, 10, 9, tzinfo=UTC)),
        (
            NY_NIGHTS,
            at(NEW_YORK, 2024, 3, 10, 1),
            h(3.5),
            at(NEW_YORK, 2024, 3, 11, 1, 30),
        ),
        (NY_NIGHTS, at(NEW_YORK, 2024, 11, 3, 1), h(4), datetime(2024, 11, 3, 9, tzinfo=UTC)),
        (NY_NIGHTS, at(NEW_YORK, 2024, 11, 3, 1), h(5), datetime(2024, 11, 3, 10, tzinfo=UTC)),
        (NY_GAP, at(NEW_YORK, 2024, 3, 10, 0), h(1), datetime(2024, 3, 10, 8, tzinfo=UTC)),
        (BERLIN_NIGHTS, at(BERLIN, 2024, 3, 31, 0), h(3), datetime(2024, 3, 31, 3, tzinfo=UTC)),
        (BERLIN_NIGHTS, at(BERLIN, 2024, 10, 27, 0), h(5), datetime(2024, 10, 27, 4, tzinfo=UTC)),
    ],
)
def test_add(
    calendar: BusinessCalendar, start: datetime, duration: timedelta, end: datetime
) -> None:
    assert calendar.add(start, duration) == end
    assert calendar.between(start, end) == duration


@pytest.mark.parametrize(
    ("calendar", "start", "end", "working"),
    [
        (CHINA, sh(12, 1, 10), sh(12, 2, 10), h(9)),
        (CHINA, sh(12, 4, 17), sh(12, 7, 10), h(2)),
        (CHINA, sh(12, 1, 19), sh(12, 1, 23), h(0)),
        (CHINA, sh(12, 2, 10), sh(12, 1, 10), h(0)),  # end before start
        (BERLIN_NIGHTS, at(BERLIN, 2024, 3, 31, 0), at(BERLIN, 2024, 3, 31, 12), h(3)),
        (BERLIN_NIGHTS, at(BERLIN, 2024, 10, 27, 0), at(BERLIN, 2024, 10, 27, 12), h(5)),
    ],
)
def test_between(
    calendar: BusinessCalendar, start: datetime, end: datetime, working: timedelta
) -> None:
    assert calendar.between(start, end) == working


# --- deadlines and who is woken -------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "created", "acknowledge", "resolve"),
    [
        # critical runs around the clock: nights and weekends count
        ("critical", sh(12, 5, 23, 30), sh(12, 6, 0, 30), sh(12, 6, 23, 30)),
        ("critical", sh(2, 16, 12), sh(2, 16, 13), sh(2, 17, 12)),
        # the others count business hours (1 business day = 9 hours)
        ("high", sh(12, 1, 16), sh(12, 2, 11), sh(12, 3, 16)),
        # the week has seven working days: a Saturday counts like a Tuesday
        ("high", sh(12, 5, 10), sh(12, 5, 14), sh(12, 7, 10)),
        ("medium", sh(12, 1, 16), sh(12, 2, 16), sh(12, 6, 16)),
        ("low", sh(12, 1, 16), sh(12, 3, 16), sh(12, 11, 16)),
        ("high", sh(2, 13, 17), sh(2, 14, 12), sh(2, 24, 17)),
    ],
)
def test_deadlines_of_the_shipped_rules(
    severity: str, created: datetime, acknowledge: datetime, resolve: datetime
) -> None:
    assert deadlines(severity, created, RULES) == Deadlines(acknowledge, resolve)


def test_around_the_clock_hours_are_elapsed_hours_over_a_clock_change() -> None:
    rules = default_rules(NEW_YORK)
    created = at(NEW_YORK, 2024, 3, 9, 12)
    ack, resolve = deadlines("critical", created, rules)
    assert ack == created + h(1)
    assert resolve == at(NEW_YORK, 2024, 3, 10, 13)  # 24 elapsed hours: 13:00 EDT
    assert deadlines("high", at(NEW_YORK, 2024, 3, 8, 16), rules).acknowledge == at(
        NEW_YORK, 2024, 3, 9, 11
    )


def test_unknown_severity() -> None:
    with pytest.raises(ValueError, match="unknown severity 'urgent'"):
        deadlines("urgent", sh(12, 1, 10), RULES)


@pytest.mark.parametrize(
    ("severity", "instant", "wakes", "notify"),
    [
        ("critical", sh(12, 6, 3), True, sh(12, 6, 3)),  # Sunday night
        ("high", sh(12, 6, 3), False, sh(12, 6, 9)),  # Sunday morning is a working day
        ("medium", sh(12, 1, 18), False, sh(12, 2, 9)),
        ("low", sh(12, 1, 10), True, sh(12, 1, 10)),
        ("medium", sh(2, 16, 10), False, sh(2, 24, 9)),
        ("critical", sh(2, 16, 10), True, sh(2, 16, 10)),
    ],
)
def test_outside_hours_only_critical_wakes_people(
    severity: str, instant: datetime, wakes: bool, notify: datetime
) -> None:
    assert wakes_people(severity, instant, RULES) is wakes
    assert notify_at(severity, instant, RULES) == notify


# --- properties -----------------------------------------------------------------------------

PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
calendars = st.sampled_from([CHINA, NY_OFFICE, NY_NIGHTS, NY_GAP, BERLIN_OFFICE, BERLIN_NIGHTS])
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 30), timezones=st.just(UTC)
)
durations = st.integers(0, 15 * 9 * 60).map(lambda minutes: timedelta(minutes=minutes))


def _at_a_closing(calendar: BusinessCalendar, instant: datetime) -> bool:
    hours = calendar.hours(local_date(instant, calendar.zone))
    return hours is not None and hours[1] == instant


@PROFILE
@given(calendar=calendars, start=instants, duration=durations)
def test_add_ends_in_hours_or_at_a_closing_and_never_before_the_start(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> None:
    end = calendar.add(start, duration)
    assert end >= start
    assert calendar.is_open(end) or _at_a_closing(calendar, end)
    assert calendar.between(start, end) == duration


@PROFILE
@given(calendar=calendars, start=instants, first=durations, second=durations)
def test_add_is_monotonic_in_the_duration(
    calendar: BusinessCalendar, start: datetime, first: timedelta, second: timedelta
) -> None:
    shorter, longer = sorted((first, second))
    assert calendar.add(start, shorter) <= calendar.add(start, longer)


@PROFILE
@given(calendar=calendars, start=instants, first=durations, second=durations)
def test_adding_in_two_steps_is_adding_once(
    calendar: BusinessCalendar, start: datetime, first: timedelta, second: timedelta
) -> None:
    if second:  # a step of nothing from a closing moves to the next opening
        assert calendar.add(calendar.add(start, first), second) == calendar.add(
            start, first + second
        )


@PROFILE
@given(calendar=calendars, instant=instants)
def test_next_open_is_open_and_not_before(calendar: BusinessCalendar, instant: datetime) -> None:
    opening = calendar.next_open(instant)
    assert opening >= instant
    assert calendar.is_open(opening)
    assert (opening == instant) is calendar.is_open(instant)
    assert calendar.between(instant, opening) == timedelta(0)
