"""Reading customers and their sale/service events from CSV or XLSX files.

Reading is pure parsing and validation, with time passed in: ``open_events`` (or
``read_events``) streams a file and yields one ``EventRecord`` or ``RowError`` per data row.
Nothing here touches the database.
"""

from surveys.importing.reader import EventFile, open_events, read_events
from surveys.importing.records import (
    EventRecord,
    EventType,
    FileFormat,
    ImportFileError,
    Language,
    RowError,
)
from surveys.importing.values import MAX_TEXT_LENGTH, to_utc

__all__ = [
    "MAX_TEXT_LENGTH",
    "EventFile",
    "EventRecord",
    "EventType",
    "FileFormat",
    "ImportFileError",
    "Language",
    "RowError",
    "open_events",
    "read_events",
    "to_utc",
]
