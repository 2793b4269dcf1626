"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from surveys.inputs.text import clean_text


class UTCDateTime(TypeDecorator[datetime]):
    """Stores instants in UTC and always hands back aware UTC datetimes.

    SQLite has no time zone type, so values are kept there as naive UTC;
    PostgreSQL gets ``timestamptz``. Naive values are refused on the way in
    so that a local time can never be stored by mistake.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class CleanString(TypeDecorator[str]):
    """A VARCHAR(n) whose values are cleaned (:func:`~surveys.inputs.clean_text`) on the way
    in: no NUL, no lone surrogate, at most n characters, the same on SQLite and PostgreSQL.

    Every text column is one of these (or :class:`CleanText`), so nothing a person types
    can make an insert fail on one database and pass on the other.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        length = getattr(self.impl, "length", None)
        return clean_text(str(value), length)


class CleanText(CleanString):
    """A TEXT column, cleaned like :class:`CleanString` and bounded at
    :data:`~surveys.inputs.TEXT_LIMIT` characters."""

    impl = Text
    cache_ok = True
