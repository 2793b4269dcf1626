"""Quiet hours: business time in which nothing unsolicited is sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from surveys.timemath import as_utc, local_date, to_utc
from surveys.waves.schedule.base import (
    _ONE_DAY,
    _QUIET,
    QUIET_FORMS,
    ScheduleError,
    _normalize,
    _wall,
)
from surveys.waves.schedule.send_times import parse_time_of_day


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
