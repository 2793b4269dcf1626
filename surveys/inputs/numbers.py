"""Numbers typed in commands: ASCII digits only, within the column's integer range.

``str.isdigit`` accepts ``²`` and ``①`` (and ``int`` then fails), and ``int`` accepts
any length (the database then overflows); this is the one parser every command uses.
"""

from __future__ import annotations

import re

ID_MAX = 2**31 - 1
"""The largest INTEGER on PostgreSQL (and SQLite): complaint, wave and row ids."""

BIG_ID_MAX = 2**63 - 1
"""The largest BIGINT: Telegram user and chat ids."""

_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_number(
    text: str | None, *, minimum: int = 1, maximum: int = ID_MAX, prefix: str = ""
) -> int | None:
    """The whole number ``text`` spells in ASCII digits (after an optional ``prefix`` such as
    ``#``, and surrounding spaces) when it lies in ``minimum..maximum``; otherwise None."""
    if text is None:
        return None
    cleaned = text.strip()
    if prefix and cleaned.startswith(prefix):
        cleaned = cleaned[len(prefix) :]
    if not _DIGITS.fullmatch(cleaned):
        return None
    value = int(cleaned)
    return value if minimum <= value <= maximum else None
