"""Schedule maths for survey waves: event windows, send times, standing waves, quiet hours.

Everything here is pure. "Now" is always an argument (an aware datetime, normally
from the Clock), the business time zone is an argument, and results are local
dates or aware UTC datetimes. Admins write dates and times in the business's
IANA time zone; the database stores UTC.

Daylight-saving policy (what the product promises)
---------------------------------------------------
In zones with daylight saving time the local clock jumps twice a year, so some
local times do not happen at all and some happen twice.

* A local time that does not exist, because the clocks jump forward, moves
  forward to the first valid minute after the jump. In New York on a
  spring-forward night 02:30 does not exist; a survey set for 02:30 is sent at
  03:00. It is never skipped.
* A local time that happens twice, because the clocks fall back, means its
  first occurrence. In New York on a fall-back night 01:30 happens twice; a
  survey set for 01:30 is sent at the first 01:30 and not again an hour later.
* A standing wave ("every day at 09:00") is sent exactly once on each local
  day: by the two rules above on the nights the clocks change.
* Event windows ("yesterday", "last week", dates from/to) are whole local days,
  from local midnight to local midnight, however long the day is. A day on
  which the clocks change lasts 23 or 25 hours and is covered completely.
* Quiet hours are read on the local clock, and each quiet period starts and
  ends by the same two rules. A start or end time that does not exist that
  night moves to the first valid minute after the jump; one that happens twice
  means the first time. So "21:00-01:30" ends at the first 01:30 of a
  fall-back night, and messages may go out while the clock shows 01:00-01:29
  a second time; and "01:30-06:00" starts at the first 01:30 and stays quiet
  until 06:00.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeAlias
from zoneinfo import ZoneInfo

from surveys.timemath import as_utc, day_bounds, format_local, local_date, to_utc

__all__ = [
    "DEFAULT_QUIET_HOURS",
    "EVERY_DAY",
    "MAX_WINDOW_DAYS",
    "SEND_GRACE",
    "WEEKDAYS",
    "AbsoluteWindow",
    "QuietHours",
    "Recurrence",
    "RelativeWindow",
    "Run",
    "ScheduleError",
    "StandingWave",
    "Window",
    "bounds",
    "next_occurrence",
    "occurrences",
    "parse_dates",
    "parse_quiet_hours",
    "parse_recurrence",
    "parse_send_at",
    "parse_time_of_day",
    "parse_window",
    "resolve",
    "window_bounds",
]

MAX_WINDOW_DAYS = 90
SEND_GRACE = timedelta(minutes=1)
DEFAULT_QUIET_HOURS = "21:00-09:00"
EVERY_DAY: frozenset[int] = frozenset(range(7))
WEEKDAYS: frozenset[int] = frozenset(range(5))
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_ONE_DAY = timedelta(days=1)
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LAST_DAYS = re.compile(r"last_(\d+)_days?")
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\s+|t)(\d{1,2}:\d{2})")
_RECURRENCE = re.compile(r"every\s+(.+?)\s+at\s+(\S+)")
_QUIET = re.compile(r"(\S+)\s*[-–—~]\s*(\S+)")

WINDOW_FORMS = (
    "today, yesterday, last_week (Monday to Sunday), last_month, "
    f"last_N_days (N from 1 to {MAX_WINDOW_DAYS}, e.g. last_7_days)"
)
SEND_FORMS = "'now', 'HH:MM' or 'YYYY-MM-DD HH:MM'"
RECURRENCE_FORMS = (
    "'every day at HH:MM', 'every weekday at HH:MM' (Monday to Friday) "
    "or 'every monday,thursday at HH:MM'"
)
QUIET_FORMS = "'off' or a range 'HH:MM-HH:MM', e.g. '21:00-09:00' or '12:00-13:30'"


class ScheduleError(ValueError):
    """A window, send time, recurrence or quiet-hours setting is invalid; the message says why."""


def _normalize(text: str) -> str:
    """Full-width digits and colons to ASCII, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _wall(at: time, what: str) -> time:
    if at.tzinfo is not None:
        raise ScheduleError(f"{what} is a local wall-clock time; pass it without a time zone")
    return at


# --- windows of event dates --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AbsoluteWindow:
    """Local event dates ``since`` .. ``until``, both inclusive."""

    since: date
    until: date

    def __post_init__(self) -> None:
        if self.until < self.since:
            raise ScheduleError(f"the window ends ({self.until}) before it starts ({self.since})")


RelativeKind = Literal["today", "yesterday", "last_days", "last_week", "last_month"]


@dataclass(frozen=True, slots=True)
class RelativeWindow:
    """A window named relative to "now": resolved on local dates when it is used."""

    kind: RelativeKind
    days: int = 1

    def __post_init__(self) -> None:
        if self.kind not in ("today", "yesterday", "last_days", "last_week", "last_month"):
            raise ScheduleError(f"unknown window kind {self.kind!r}; use one of: {WINDOW_FORMS}")
        if self.kind == "last_days":
            if not 1 <= self.days <= MAX_WINDOW_DAYS:
                raise ScheduleError(
                    f"last_N_days needs N from 1 to {MAX_WINDOW_DAYS}, not {self.days}"
                )
        elif self.days != 1:
            raise ScheduleError(f"the window {self.kind!r} takes no number of days")

    @property
    def name(self) -> str:
        """The name an admin writes, e.g. ``last_7_days``; :func:`parse_window` reads it back."""
        return f"last_{self.days}_days" if self.kind == "last_days" else self.kind

    def __str__(self) -> str:
        return self.name


Window: TypeAlias = AbsoluteWindow | RelativeWindow

_NAMED: dict[str, RelativeKind] = {
    "today": "today",
    "yesterday": "yesterday",
    "last_week": "last_week",
    "last_month": "last_month",
}


def parse_window(text: str) -> RelativeWindow:
    """Read a relative window name; case, spaces and hyphens do not matter."""
    name = re.sub(r"[\s\-]+", "_", _normalize(text))
    if name in _NAMED:
        return RelativeWindow(_NAMED[name])
    found = _LAST_DAYS.fullmatch(name)
    if found:
        days = int(found.group(1))
        if not 1 <= days <= MAX_WINDOW_DAYS:
            raise ScheduleError(f"last_N_days needs N from 1 to {MAX_WINDOW_DAYS}, not {days}")
        return RelativeWindow("last_days", days)
    raise ScheduleError(f"unknown window {text!r}; use one of: {WINDOW_FORMS}")


def _parse_date(text: str, what: str) -> date:
    found = _DATE.fullmatch(_normalize(text))
    if found is None:
        raise ScheduleError(f"{what} must be a date YYYY-MM-DD, not {text!r}")
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        raise ScheduleError(f"{what} {text!r} is not a calendar date") from None


def parse_dates(since: str, until: str) -> AbsoluteWindow:
    """Read an absolute window from two ``YYYY-MM-DD`` local dates, both inclusive."""
    return AbsoluteWindow(_parse_date(since, "since"), _parse_date(until, "until"))


def resolve(window: Window, now: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last local event dates of ``window`` as seen at ``now`` in ``zone``."""
    if isinstance(window, AbsoluteWindow):
        return window.since, window.until
    today = local_date(as_utc(now), zone)
    if window.kind == "today":
        return today, today
    if window.kind == "yesterday":
        return today - _ONE_DAY, today - _ONE_DAY
    if window.kind == "last_days":
        return today - timedelta(days=window.days), today - _ONE_DAY
    if window.kind == "last_week":
        monday = today - timedelta(days=today.weekday() + 7)
        return monday, monday + timedelta(days=6)
    last = today.replace(day=1) - _ONE_DAY
    return last.replace(day=1), last


def bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` from local midnight of ``first`` to local midnight after ``last``."""
    if last < first:
        raise ScheduleError(f"the window ends ({last}) before it starts ({first})")
    return day_bounds(first, last, zone)


def window_bounds(window: Window, now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """:func:`resolve` then :func:`bounds`: the UTC ``[start, end)`` events are selected in."""
    return bounds(*resolve(window, now, zone), zone)


# --- send times ----------------------------------------------------------------------------


def parse_time_of_day(text: str) -> time:
    """Read a local wall-clock time ``HH:MM`` (24-hour; ``9:05`` and full-width digits too)."""
    found = _HHMM.fullmatch(_normalize(text))
    if found is None:
        raise ScheduleError(f"a time of day must be HH:MM (24-hour), not {text!r}")
    hour, minute = int(found.group(1)), int(found.group(2))
    if hour > 23 or minute > 59:
        raise ScheduleError(f"{text!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


def parse_send_at(
    text: str, now: datetime, zone: ZoneInfo, *, grace: timedelta = SEND_GRACE
) -> datetime:
    """The UTC instant an admin means by ``text``, in business time at ``now``.

    ``now`` sends at once; ``HH:MM`` is today at that time if it is still ahead,
    else tomorrow; ``YYYY-MM-DD HH:MM`` is that local time and must not be in
    the past (up to ``grace`` late is accepted and sends at once). Times that a
    clock change skips or repeats follow the policy in the module docstring.
    """
    now = as_utc(now)
    written = _normalize(text)
    if written == "now":
        return now
    if _HHMM.fullmatch(written):
        return next_occurrence(parse_time_of_day(written), zone, now)
    found = _DATE_TIME.fullmatch(written)
    if found is None:
        raise ScheduleError(
            f"a send time must be {SEND_FORMS} in business time ({zone.key}), not {text!r}"
        )
    day = _parse_date(found.group(1), "the send date")
    instant = to_utc(day, parse_time_of_day(found.group(2)), zone)
    if instant < now - grace:
        raise ScheduleError(
            f"{format_local(instant, zone)} is in the past: it is now "
            f"{format_local(now, zone)} in {zone.key}"
        )
    return max(instant, now)


# --- standing waves ------------------------------------------------------------------------


def next_occurrence(
    at: time, zone: ZoneInfo, after: datetime, *, days: frozenset[int] = EVERY_DAY
) -> datetime:
    """The first UTC instant strictly after ``after`` at which the local time is ``at``.

    Only local dates whose weekday (Monday is 0) is in ``days`` count. On a
    spring-forward day a skipped ``at`` happens at the first valid minute after
    the gap; on a fall-back day a repeated ``at`` happens once, the first time.
    """
    _wall(at, "the time of a standing wave")
    if not days or not days <= EVERY_DAY:
        raise ScheduleError("a recurrence needs at least one weekday from 0 (Monday) to 6")
    after = as_utc(after)
    day = local_date(after, zone) - _ONE_DAY
    for _ in range(16):
        if day.weekday() in days:
            candidate = to_utc(day, at, zone)
            if candidate > after:
                return candidate
        day += _ONE_DAY
    raise AssertionError("a weekday set that is not empty recurs within a week")  # pragma: no cover


def occurrences(
    at: time,
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    *,
    days: frozenset[int] = EVERY_DAY,
) -> list[datetime]:
    """Every occurrence of local ``at`` in UTC ``[start, end)``, one per qualifying local day."""
    _wall(at, "the time of a standing wave")
    start, end = as_utc(start), as_utc(end)
    found: list[datetime] = []
    day, last = local_date(start, zone) - _ONE_DAY, local_date(end, zone) + _ONE_DAY
    while day <= last:
        if day.weekday() in days:
            instant = to_utc(day, at, zone)
            if start <= instant < end:
                found.append(instant)
        day += _ONE_DAY
    return found


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A local wall-clock time on some weekdays (Monday is 0), e.g. every day at 09:00."""

    at: time
    days: frozenset[int] = EVERY_DAY

    def __post_init__(self) -> None:
        _wall(self.at, "the time of a standing wave")
        if not self.days or not self.days <= EVERY_DAY:
            raise ScheduleError("a recurrence needs at least one weekday from 0 (Monday) to 6")

    def next_after(self, after: datetime, zone: ZoneInfo) -> datetime:
        return next_occurrence(self.at, zone, after, days=self.days)

    def __str__(self) -> str:
        if self.days == EVERY_DAY:
            which = "day"
        elif self.days == WEEKDAYS:
            which = "weekday"
        else:
            which = ",".join(DAY_NAMES[day] for day in sorted(self.days))
        return f"every {which} at {self.at:%H:%M}"


def _day_number(word: str, text: str) -> int:
    for number, name in enumerate(DAY_NAMES):
        if word in (name, name[:3]):
            return number
    raise ScheduleError(f"{word!r} is not a day of the week in {text!r}; use {RECURRENCE_FORMS}")


def parse_recurrence(text: str) -> Recurrence:
    """Read ``every day|weekday|<day names> at HH:MM``."""
    found = _RECURRENCE.fullmatch(_normalize(text))
    if found is None:
        raise ScheduleError(f"a standing wave must be {RECURRENCE_FORMS}, not {text!r}")
    which, at = found.group(1), parse_time_of_day(found.group(2))
    if which == "day":
        return Recurrence(at)
    if which == "weekday":
        return Recurrence(at, WEEKDAYS)
    words = [word for word in re.split(r"[\s,]+|\band\b", which) if word]
    return Recurrence(at, frozenset(_day_number(word, text) for word in words))


@dataclass(frozen=True, slots=True)
class Run:
    """One run of a standing wave: when it is sent and which local event dates it covers."""

    send_at: datetime
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class StandingWave:
    """A recurring wave: ``recurrence`` with ``window`` resolved at each run's send time."""

    recurrence: Recurrence
    window: RelativeWindow

    def next_run(self, after: datetime, zone: ZoneInfo) -> Run:
        send_at = self.recurrence.next_after(after, zone)
        return Run(send_at, *resolve(self.window, send_at, zone))


# --- quiet hours ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local ``[start, end)`` in which no unrequested message is sent; may cross midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        _wall(self.start, "the start of quiet hours")
        _wall(self.end, "the end of quiet hours")
        if self.start == self.end:
            raise ScheduleError("quiet hours that start and end at the same time are ambiguous")

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start

    def period(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """UTC ``[start, end)`` of the quiet period that begins on local ``day``.

        It is empty when both ends fall in the same spring-forward gap.
        """
        end_day = day + _ONE_DAY if self.crosses_midnight else day
        return to_utc(day, self.start, zone), to_utc(end_day, self.end, zone)

    def _containing(self, instant: datetime, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
        today = local_date(instant, zone)
        for day in (today - 2 * _ONE_DAY, today - _ONE_DAY, today):
            start, end = self.period(day, zone)
            if start <= instant < end:
                return start, end
        return None

    def contains(self, instant: datetime, zone: ZoneInfo) -> bool:
        """Whether ``instant`` is inside a quiet period in ``zone``."""
        return self._containing(as_utc(instant), zone) is not None

    def next_allowed(self, instant: datetime, zone: ZoneInfo) -> datetime:
        """``instant`` (in UTC) if it is allowed, else the UTC instant its quiet period ends."""
        instant = as_utc(instant)
        for _ in range(4):
            period = self._containing(instant, zone)
            if period is None:
                return instant
            # Two periods touch only when a clock change swallows the time between them.
            instant = period[1]
        raise AssertionError("quiet periods never overlap for days")  # pragma: no cover

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_quiet_hours(text: str) -> QuietHours | None:
    """Read the quiet-hours setting: ``off`` (None) or ``HH:MM-HH:MM`` in business time."""
    written = _normalize(text)
    if written == "off":
        return None
    found = _QUIET.fullmatch(written)
    if found is None:
        raise ScheduleError(f"quiet hours must be {QUIET_FORMS}, not {text!r}")
    try:
        return QuietHours(parse_time_of_day(found.group(1)), parse_time_of_day(found.group(2)))
    except ScheduleError as error:
        raise ScheduleError(f"quiet hours {text!r}: {error}; use {QUIET_FORMS}") from None
