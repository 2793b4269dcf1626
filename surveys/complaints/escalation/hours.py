"""Business hours: working time between instants, and the deadlines of complaints.

Everything here is pure: instants are aware datetimes passed in, results are UTC.

Policy (what the product promises)
----------------------------------
* A working day is a local date whose weekday is a working weekday, or that is an extra
  working date (a make-up day, 调休上班, when a holiday is "paid back" on a weekend), and
  that is not a holiday. A date cannot be both a holiday and an extra working date.
* Each working day is open from ``opens`` to ``closes`` on the local clock, read with the
  daylight-saving policy of :mod:`surveys.timemath`: an opening or closing time that a
  clock change skips moves to the first valid minute after the jump; one that happens twice
  means the first time. Opening hours do not cross midnight.
* Working time is elapsed time inside those hours. A start outside hours counts from the
  next opening. Adding a duration that exactly fills the day ends at the closing time
  (a deadline of "today 18:00", not "tomorrow 09:00"); adding nothing gives the next
  opening.
* One business day is the nominal length of a working day on the clock (``closes -
  opens``, 9 hours for 09:00-18:00), so "1 business day" from Tuesday 15:00 ends on the
  next working day at 15:00, and from Friday 17:00 (Monday to Friday) ends Monday 17:00.
  This keeps business days and hours one quantity: deadlines are monotonic in their
  duration and never depend on what time of day a complaint arrived. A working day that a
  clock change shortens or lengthens (only when opening hours cover 02:00-03:00) still
  counts its real elapsed time.
* Around the clock, an hour is an elapsed hour and a day is 24 elapsed hours, whatever the
  local clock does.
* Outside working hours only severities whose deadlines run around the clock wake anyone
  (critical, in the shipped rules); the others are held until the next opening
  (:func:`wakes_people`, :func:`notify_at`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

from surveys.timemath import as_utc, local_date, to_utc

__all__ = [
    "AROUND_THE_CLOCK_DAY",
    "BusinessCalendar",
    "Deadlines",
    "ServiceLevel",
    "ServiceLevels",
    "Span",
    "deadlines",
    "notify_at",
    "wakes_people",
]

AROUND_THE_CLOCK_DAY = timedelta(hours=24)
_ONE_DAY = timedelta(days=1)
_SPAN = re.compile(r"(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?")
SPAN_FORMS = "a duration such as '30m', '4h', '1h30m', '2d' or '1d4h'"


@dataclass(frozen=True, slots=True)
class Span:
    """A deadline's length: whole days plus hours and minutes.

    In business hours a day is one business day (:meth:`BusinessCalendar.business_days`);
    around the clock it is 24 hours.
    """

    days: int = 0
    time: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.days < 0 or self.time < timedelta(0):
            raise ValueError("a span cannot be negative")

    @classmethod
    def parse(cls, text: str) -> Span:
        """Read ``2d``, ``4h``, ``30m`` or combinations in that order, e.g. ``1d4h``."""
        found = _SPAN.fullmatch(text.strip().lower())
        if not text.strip() or found is None:
            raise ValueError(f"{text!r} is not {SPAN_FORMS}")
        days, hours, minutes = (int(part) if part else 0 for part in found.groups())
        span = cls(days, timedelta(hours=hours, minutes=minutes))
        if span.days == 0 and span.time == timedelta(0):
            raise ValueError(f"{text!r} is zero; a deadline needs some time")
        return span

    def __str__(self) -> str:
        hours, seconds = divmod(int(self.time.total_seconds()), 3600)
        parts = [f"{self.days}d" if self.days else "", f"{hours}h" if hours else ""]
        parts.append(f"{seconds // 60}m" if seconds // 60 else "")
        return "".join(parts) or "0m"


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When managers work: weekdays (Monday is 0), local hours, holidays and make-up days."""

    zone: ZoneInfo
    weekdays: frozenset[int] = frozenset(range(5))
    opens: time = time(9, 0)
    closes: time = time(18, 0)
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError("working weekdays must be at least one of 0 (Monday) to 6 (Sunday)")
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("opening hours are local wall-clock times; pass them without a zone")
        if not self.opens < self.closes:
            raise ValueError(
                f"opening hours must close after they open on the same day, "
                f"not {self.opens:%H:%M}-{self.closes:%H:%M}"
            )
        both = sorted(self.holidays & self.extra_working_days)
        if both:
            listed = ", ".join(day.isoformat() for day in both)
            raise ValueError(f"{listed}: a date cannot be both a holiday and a working day")

    # --- days -------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() in self.weekdays or day in self.extra_working_days

    @property
    def day_length(self) -> timedelta:
        """The nominal length of a working day on the local clock."""
        return datetime.combine(date.min, self.closes) - datetime.combine(date.min, self.opens)

    def business_days(self, count: int) -> timedelta:
        """``count`` business days as working time: ``count`` times the day length."""
        if count < 0:
            raise ValueError("a number of business days cannot be negative")
        return count * self.day_length

    def working_time(self, span: Span) -> timedelta:
        """A span read in business hours: its days are business days."""
        return self.business_days(span.days) + span.time

    def hours(self, day: date) -> tuple[datetime, datetime] | None:
        """UTC ``[opening, closing)`` of local ``day``; None when closed all day."""
        if not self.is_working_day(day):
            return None
        start, end = to_utc(day, self.opens, self.zone), to_utc(day, self.closes, self.zone)
        return (start, end) if start < end else None  # both ends in one skipped hour

    def _windows(self, after: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working hours that end after ``after`` (UTC), in order, without end.

        Finite: there is a working weekday and the holidays are a finite set.
        """
        day = local_date(after, self.zone) - _ONE_DAY
        while True:
            window = self.hours(day)
            if window is not None and window[1] > after:
                yield window
            day += _ONE_DAY

    # --- instants ---------------------------------------------------------------------------

    def is_open(self, instant: datetime) -> bool:
        """Whether ``instant`` is inside working hours (open at opening, closed at closing)."""
        instant = as_utc(instant)
        start, _ = next(self._windows(instant))
        return start <= instant

    def next_open(self, instant: datetime) -> datetime:
        """``instant`` (UTC) when open, else the next opening."""
        instant = as_utc(instant)
        start, _ = next(self._windows(instant))
        return max(start, instant)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The UTC instant when ``duration`` of working time has passed after ``start``."""
        if duration < timedelta(0):
            raise ValueError("cannot add a negative duration of working time")
        instant = as_utc(start)
        remaining = duration
        for opening, closing in self._windows(instant):
            begin = max(opening, instant)
            room = closing - begin
            if remaining <= room:
                return begin + remaining
            remaining -= room
        raise AssertionError("working hours never run out")  # pragma: no cover

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time in ``[start, end)``; zero when ``end`` is not after ``start``."""
        start, end = as_utc(start), as_utc(end)
        total = timedelta(0)
        if end <= start:
            return total
        for opening, closing in self._windows(start):
            if opening >= end:
                return total
            total += min(closing, end) - max(opening, start)
        raise AssertionError("working hours never run out")  # pragma: no cover

    def holiday_years(self) -> frozenset[int]:
        """Years that have holidays configured, so a caller can warn about a stale calendar."""
        return frozenset(day.year for day in self.holidays)


# --- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    """How fast a complaint of one severity must be acknowledged and resolved."""

    acknowledge: Span
    resolve: Span
    around_the_clock: bool = False

    def length(self, span: Span, calendar: BusinessCalendar) -> timedelta:
        """``span`` as working time (business hours) or elapsed time (around the clock)."""
        if self.around_the_clock:
            return span.days * AROUND_THE_CLOCK_DAY + span.time
        return calendar.working_time(span)


class ServiceLevels(Protocol):
    """What deadlines need: a calendar and a service level per severity (e.g. a RuleSet)."""

    @property
    def calendar(self) -> BusinessCalendar: ...

    @property
    def service_levels(self) -> Mapping[str, ServiceLevel]: ...


class Deadlines(NamedTuple):
    acknowledge: datetime
    resolve: datetime


def _level(severity: str, rules: ServiceLevels) -> ServiceLevel:
    try:
        return rules.service_levels[severity]
    except KeyError:
        known = ", ".join(rules.service_levels)
        raise ValueError(f"unknown severity {severity!r} (use one of {known})") from None


def deadlines(severity: str, created_at: datetime, rules: ServiceLevels) -> Deadlines:
    """UTC deadlines to acknowledge and to resolve a complaint created at ``created_at``."""
    level = _level(severity, rules)
    created = as_utc(created_at)
    ends: list[datetime] = []
    for span in (level.acknowledge, level.resolve):
        length = level.length(span, rules.calendar)
        ends.append(
            created + length if level.around_the_clock else rules.calendar.add(created, length)
        )
    return Deadlines(ends[0], ends[1])


def wakes_people(severity: str, instant: datetime, rules: ServiceLevels) -> bool:
    """Whether a notification about a complaint of ``severity`` may go out at ``instant``.

    Inside working hours everything goes out; outside them only severities whose deadlines
    run around the clock do (critical in the shipped rules).
    """
    return _level(severity, rules).around_the_clock or rules.calendar.is_open(instant)


def notify_at(severity: str, instant: datetime, rules: ServiceLevels) -> datetime:
    """When to notify managers: ``instant`` if it :func:`wakes_people`, else the next opening."""
    if wakes_people(severity, instant, rules):
        return as_utc(instant)
    return rules.calendar.next_open(instant)
