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

from surveys.waves.schedule.base import (
    DAY_NAMES,
    DEFAULT_QUIET_HOURS,
    EVERY_DAY,
    MAX_WINDOW_DAYS,
    QUIET_FORMS,
    RECURRENCE_FORMS,
    SEND_FORMS,
    SEND_GRACE,
    WEEKDAYS,
    WINDOW_FORMS,
    ScheduleError,
)
from surveys.waves.schedule.quiet import QuietHours, parse_quiet_hours
from surveys.waves.schedule.send_times import (
    next_occurrence,
    occurrences,
    parse_send_at,
    parse_time_of_day,
)
from surveys.waves.schedule.standing import Recurrence, Run, StandingWave, parse_recurrence
from surveys.waves.schedule.windows import (
    AbsoluteWindow,
    RelativeWindow,
    Window,
    bounds,
    parse_dates,
    parse_window,
    resolve,
    window_bounds,
)

__all__ = [
    "DAY_NAMES",
    "DEFAULT_QUIET_HOURS",
    "EVERY_DAY",
    "MAX_WINDOW_DAYS",
    "QUIET_FORMS",
    "RECURRENCE_FORMS",
    "SEND_FORMS",
    "SEND_GRACE",
    "WEEKDAYS",
    "WINDOW_FORMS",
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
