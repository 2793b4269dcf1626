"""When to send: "now", "10:00", "2026-11-09 10:00", and the occurrences of a local time."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from surveys.timemath import as_utc, format_local, local_date, to_utc
from surveys.waves.schedule.base import (
    _DATE_TIME,
    _HHMM,
    _ONE_DAY,
    EVERY_DAY,
    SEND_FORMS,
    SEND_GRACE,
    ScheduleError,
    _normalize,
    _wall,
)
from surveys.waves.schedule.windows import _parse_date


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
