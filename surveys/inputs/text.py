"""Stored text: no NUL, no lone surrogate, and no longer than its column, on every database.

PostgreSQL refuses a NUL byte and a lone surrogate cannot be encoded as UTF-8, while
SQLite takes both; PostgreSQL refuses text longer than a VARCHAR, SQLite keeps it whole.
Cleaning at the storage boundary makes both databases keep the same thing.
"""

from __future__ import annotations

import re
import unicodedata

TEXT_LIMIT = 16_000
"""The bound on an unbounded text column (a Telegram message is at most 4,096 characters)."""

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(value: str, limit: int | None = None) -> str:
    """``value`` without NUL and lone surrogates, cut to ``limit`` characters
    (:data:`TEXT_LIMIT` when None)."""
    cleaned = value if _storable(value) else _UNSTORABLE.sub("", value)
    bound = TEXT_LIMIT if limit is None else limit
    return cleaned if len(cleaned) <= bound else cleaned[:bound]


def _storable(value: str) -> bool:
    """The fast answer for nearly every value (every bound string passes here): the
    pattern costs microseconds on non-ASCII text, these tests a fraction of that."""
    if "\x00" in value:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def is_clean_name(value: str, limit: int) -> bool:
    """A name a person gives (a branch, a file): 1 to ``limit`` characters, none of them
    a control character or a lone surrogate, so it can be stored and shown as given."""
    if not value or len(value) > limit:
        return False
    return not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value)
