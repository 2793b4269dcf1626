"""Standing waves: "every weekday at 10:00, survey yesterday's service customers"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from surveys.waves.schedule.base import (
    _RECURRENCE,
    DAY_NAMES,
    EVERY_DAY,
    RECURRENCE_FORMS,
    WEEKDAYS,
    ScheduleError,
    _normalize,
    _wall,
)
from surveys.waves.schedule.send_times import next_occurrence, parse_time_of_day
from surveys.waves.schedule.windows import RelativeWindow, resolve


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
