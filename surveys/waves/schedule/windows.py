"""Windows of event dates: "yesterday", "last_7_days", 2026-11-01..2026-11-07, as whole
local days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias
from zoneinfo import ZoneInfo

from surveys.timemath import as_utc, day_bounds, local_date
from surveys.waves.schedule.base import (
    _DATE,
    _LAST_DAYS,
    _ONE_DAY,
    MAX_WINDOW_DAYS,
    WINDOW_FORMS,
    ScheduleError,
    _normalize,
)


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
