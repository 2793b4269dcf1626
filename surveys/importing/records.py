"""What reading an import file produces: one record or one error per data row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from surveys.i18n import Refusal

EventType = Literal["sale", "service"]
Language = Literal["zh", "en"]
FileFormat = Literal["csv", "xlsx"]


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A valid sale or service event together with the customer it belongs to.

    ``line`` is where the row starts in the file: the physical line of a CSV file (the header
    normally being line 1), or the row number of an XLSX sheet.
    """

    line: int
    event_id: str
    event_type: EventType
    occurred_at: datetime  # aware, UTC
    customer_id: str
    customer_name: str  # "" when the file has none
    phone: str | None  # E.164, None when empty
    language: Language | None  # None: use the default language
    branch: str | None
    staff: str | None
    vehicle: str | None


@dataclass(frozen=True, slots=True)
class RowError:
    """A data row that was not imported; ``reason`` names each column and its problem
    ("occurred_at: ...; phone: ..."). ``cells`` are the row as read (empty when the line
    could not be split into cells), for writing the bad rows back out."""

    line: int
    reason: str
    cells: Sequence[object] = field(default=(), compare=False, repr=False)


class ImportFileError(Refusal):
    """The file as a whole cannot be imported: unreadable, not CSV or XLSX, or no usable header."""
