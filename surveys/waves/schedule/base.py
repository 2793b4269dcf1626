"""What every schedule parser shares: its error, the forms an admin may write, and the
normalising of what they typed (full-width digits, case, spaces)."""

from __future__ import annotations

import re
import unicodedata
from datetime import time, timedelta

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
