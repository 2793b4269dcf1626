"""Reading single cell values: text, event type, language and the time of the event.

Each parser returns the value or raises ``ValueProblem`` whose message describes the problem
without the column name (the row parser adds it).
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from surveys.importing.records import EventType, Language

MAX_TEXT_LENGTH = 200
"""Longest accepted text value, in characters, after cleaning."""

EARLIEST_YEAR = 1970
"""Events before this year are taken for typing mistakes ("0226-11-29")."""

FUTURE_TOLERANCE = timedelta(days=1)
"""How far after ``now`` an event may be (clocks and time zones differ a little)."""

_SHOWN_LENGTH = 40


class ValueProblem(ValueError):
    """A cell value that cannot be used; the message is a short phrase."""


def show(value: str) -> str:
    """A value quoted for a reason text, shortened when long."""
    if len(value) > _SHOWN_LENGTH:
        value = value[: _SHOWN_LENGTH - 1] + "…"
    return repr(value)


def cell_text(value: object) -> str:
    """The text of a cell as a spreadsheet user sees it (XLSX cells may be numbers or dates)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


# Control characters (C0, DEL, C1) and invisible formatting characters that only cause
# trouble in names: zero-width space, direction marks and overrides, byte order mark.
# Line breaks and tabs become spaces; the rest are removed.
_INVISIBLE = (
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    *(0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
)
_CLEANUP = {code: (" " if chr(code).isspace() else None) for code in _INVISIBLE}


def clean_text(value: str) -> str:
    """Trim, drop control characters, and collapse runs of white space to one space."""
    if value.isprintable() and "  " not in value:
        return value.strip()
    return " ".join(value.translate(_CLEANUP).split())


def checked_text(value: str) -> str:
    """``clean_text``, refusing values longer than ``MAX_TEXT_LENGTH``."""
    text = clean_text(value)
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueProblem(f"longer than {MAX_TEXT_LENGTH} characters ({len(text)})")
    return text


_EVENT_TYPES: dict[str, EventType] = {
    "sale": "sale",
    "sales": "sale",
    "销售": "sale",
    "新车销售": "sale",
    "购车": "sale",
    "service": "service",
    "售后": "service",
    "售后服务": "service",
    "服务": "service",
}
"""Words that mean sale or service; a kind of visit ("repair", "保养") is not guessed."""

_LANGUAGES: dict[str, Language] = {
    "zh": "zh",
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "简体中文": "zh",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
}

# "zh-CN", "zh_Hans", "en-GB": a language tag whose first part is zh or en.
_LANGUAGE_TAG = re.compile(r"(zh|en)(?:[-_][a-z0-9]{1,8})+")


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def parse_event_type(text: str) -> EventType:
    """The event type, from the English or Chinese words dealership systems use."""
    event_type = _EVENT_TYPES.get(_key(text))
    if event_type is None:
        raise ValueProblem(f"{show(text)} is not sale or service")
    return event_type


def parse_language(text: str) -> Language | None:
    """The language, or None for an empty cell (use the default language)."""
    key = _key(text)
    if not key:
        return None
    language = _LANGUAGES.get(key)
    if language is None:
        tag = _LANGUAGE_TAG.fullmatch(key)
        if tag is None:
            raise ValueProblem(f"{show(text)} is not zh or en")
        language = "zh" if tag.group(1) == "zh" else "en"
    return language


# 2026-12-02, 2026/12/02, 2026.12.02 and 2026年12月2日 (the day mark optional before a time).
_DATE = (
    r"(?:(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
    r"|(?P<cn_year>[0-9]{4}) *年 *(?P<cn_month>[0-9]{1,2}) *月 *(?P<cn_day>[0-9]{1,2}) *日?)"
)
_DATETIME = re.compile(
    _DATE
    + r"(?:[Tt]| +|(?<=日))(?P<hour>[0-9]{1,2})(?::|时|点)(?P<minute>[0-9]{2})分?"
    + r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,6}))?)?"
    + r" *(?P<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_DATE_ONLY = re.compile(_DATE)
_EXPECTED = "expected YYYY-MM-DD HH:MM"


def parse_occurred_at(value: object, *, zone: ZoneInfo, now: datetime) -> datetime:
    """The moment of an event as an aware UTC datetime.

    Accepts "YYYY-MM-DD HH:MM[:SS]", "YYYY/MM/DD HH:MM[:SS]", "YYYY.MM.DD HH:MM[:SS]" and
    "YYYY年MM月DD日 HH:MM" (one-digit month, day and hour too, as spreadsheets and dealer
    systems write them), ISO 8601 with or without an offset ("Z", "+08:00"), and datetime
    cells. A time without offset is wall-clock time in ``zone``; see ``to_utc`` for
    wall-clock times that a DST change skips or repeats. Events more than a day after ``now``
    and before ``EARLIEST_YEAR`` are refused.
    """
    if isinstance(value, datetime):
        shown = show(value.isoformat(sep=" "))
        try:
            moment = to_utc(value, zone) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:
            raise ValueProblem(f"{shown} is out of range") from None
    elif isinstance(value, date):
        raise ValueProblem(f"{show(value.isoformat())} has no time ({_EXPECTED})")
    elif isinstance(value, time):
        raise ValueProblem(f"{show(value.isoformat())} has no date ({_EXPECTED})")
    else:
        text = clean_text(cell_text(value))
        shown = show(text)
        moment = _parse_text(text, shown, zone)
    if moment.year < EARLIEST_YEAR:
        raise ValueProblem(f"{shown} is before {EARLIEST_YEAR}")
    if moment > now + FUTURE_TOLERANCE:
        raise ValueProblem(f"{shown} is more than 1 day in the future")
    return moment


def _parse_text(text: str, shown: str, zone: ZoneInfo) -> datetime:
    normalized = unicodedata.normalize("NFKC", text)
    match = _DATETIME.fullmatch(normalized)
    if match is None:
        if _DATE_ONLY.fullmatch(normalized):
            raise ValueProblem(f"{shown} has no time ({_EXPECTED})")
        raise ValueProblem(f"{shown} is not a date and time ({_EXPECTED})")
    parts = match.groupdict()
    year = parts["year"] or parts["cn_year"]
    month = parts["month"] or parts["cn_month"]
    day_of_month = parts["day"] or parts["cn_day"]
    try:
        day = date(int(year), int(month), int(day_of_month))
    except ValueError:
        raise ValueProblem(f"{shown} is not a valid date") from None
    fraction = (parts["fraction"] or "").ljust(6, "0")
    try:
        clock = time(
            int(parts["hour"]), int(parts["minute"]), int(parts["second"] or 0), int(fraction)
        )
    except ValueError:
        raise ValueProblem(f"{shown} is not a valid time of day") from None
    naive = datetime.combine(day, clock)
    offset = parts["offset"]
    try:
        if offset is None:
            return to_utc(naive, zone)
        return naive.replace(tzinfo=_fixed_offset(offset, shown)).astimezone(UTC)
    except OverflowError:
        raise ValueProblem(f"{shown} is out of range") from None


def _fixed_offset(text: str, shown: str) -> timezone:
    if text in ("Z", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueProblem(f"{shown} has an invalid UTC offset")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """Convert a naive wall-clock time in ``zone`` to aware UTC.

    Policy for the two DST edge cases (``fold=0``): a time that occurs twice when clocks go
    back means its first occurrence (01:30 in New York on the first Sunday of November is
    05:30 UTC, still daylight time); a time skipped when clocks go forward is read with the
    offset before the change, which moves it forward by the gap (02:30 on the second Sunday of
    March in New York is 07:30 UTC, i.e. 03:30 daylight time).
    """
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
