"""A branch's working week as an operator writes it: "mon-sun 09:00-18:00".

Days are a range ("mon-fri", "sat-sun", "fri-mon" wraps) or a list ("mon,wed,fri"), then
the opening hours on the local clock. Holidays and make-up days stay the rule file's. Pure:
the CLI checks what the operator typed with :func:`parse_week`, and deadlines read the
stored text back with :func:`branch_calendar`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time

from surveys.complaints.escalation.hours import BusinessCalendar

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEK = re.compile(
    r"^\s*(?P<days>[a-z]{3}(?:\s*[-,]\s*[a-z]{3})*)\s+"
    r"(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})\s*$"
)
FORMS = '"DAYS HH:MM-HH:MM", e.g. "mon-sun 09:00-18:00" or "mon,tue,thu 08:30-17:30"'


class WeekError(ValueError):
    """The working week cannot be read; the message says why and shows the form."""


def _day(name: str) -> int:
    try:
        return DAYS.index(name.strip())
    except ValueError:
        raise WeekError(f"{name.strip()!r} is not a day (use {', '.join(DAYS)})") from None


def _time(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise WeekError(f"{text!r} is not a time of day")
    return time(hours, minutes)


def parse_week(text: str) -> tuple[frozenset[int], time, time]:
    """Weekdays (Monday is 0) and the opening hours written in ``text``."""
    found = _WEEK.match(text.lower())
    if found is None:
        raise WeekError(f"{text!r}: write the working week as {FORMS}")
    days: set[int] = set()
    for part in found.group("days").split(","):
        ends = [_day(name) for name in part.split("-")]
        if len(ends) > 2:
            raise WeekError(f"{part.strip()!r}: a range has two ends, e.g. mon-fri")
        first, last = ends[0], ends[-1]
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    opens, closes = _time(found.group("opens")), _time(found.group("closes"))
    if not opens < closes:
        raise WeekError(f"{text!r}: opening hours close after they open, on the same day")
    return frozenset(days), opens, closes


def format_week(days: frozenset[int], opens: time, closes: time) -> str:
    """The canonical text of a working week ("mon-sun 09:00-18:00", "mon,wed 09:00-17:00")."""
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        names = f"{DAYS[ordered[0]]}-{DAYS[ordered[-1]]}"
    else:
        names = ",".join(DAYS[day] for day in ordered)
    return f"{names} {opens:%H:%M}-{closes:%H:%M}"


def branch_calendar(base: BusinessCalendar, week: str | None) -> BusinessCalendar:
    """The rule file's calendar with the branch's own days and hours, when it has them."""
    if not week:
        return base
    days, opens, closes = parse_week(week)
    return replace(base, weekdays=days, opens=opens, closes=closes)
