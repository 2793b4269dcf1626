"""Opening an import file and streaming its events.

``open_events`` checks the file as a whole (readable, CSV or XLSX, a usable header) and
raises ``ImportFileError`` if it is not; iterating the ``EventFile`` it returns then gives
one ``EventRecord`` or ``RowError`` per data row, reading the file as it goes.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol
from zoneinfo import ZoneInfo

from surveys.customers.phones import check_region
from surveys.i18n import Text
from surveys.importing.columns import Header, read_header, repeats_header
from surveys.importing.conflicts import PhoneConflicts
from surveys.importing.csvfile import CsvRows
from surveys.importing.records import EventRecord, FileFormat, ImportFileError, RowError
from surveys.importing.rows import RowParser
from surveys.importing.values import cell_text, show

HEADER_SEARCH_ROWS = 10
"""The header is the first of this many non-blank rows that names every required column
(exports often put a title row or two above it)."""

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and other OLE2 files
_XLSX_SUFFIXES = (".xlsx", ".xlsm")

RawRow = tuple[int, Sequence[object]]


class RowSource(Protocol):
    """A file opened for reading rows: what it is, and its rows in order."""

    @property
    def format(self) -> FileFormat: ...

    @property
    def encoding(self) -> str | None: ...

    @property
    def delimiter(self) -> str | None: ...

    @property
    def sheet(self) -> str | None: ...

    @property
    def notes(self) -> Sequence[Text]: ...

    def rows(self) -> Iterator[RawRow | RowError]: ...

    def close(self) -> None: ...


class EventFile:
    """An import file whose header has been read: its facts, its warnings, and its rows.

    Iterate it once to get the rows; use it as a context manager (or call ``close``) to
    release the file. ``warnings`` grows while iterating (rows with too many cells are
    counted) and is complete once iteration ends.
    """

    def __init__(
        self,
        path: Path,
        source: RowSource,
        rows: Iterator[RawRow | RowError],
        header: Header,
        header_line: int,
        parser: RowParser,
        warnings: list[Text],
        header_cells: Sequence[object] = (),
    ) -> None:
        self.path = path
        self.header_line = header_line
        self.header_cells: tuple[object, ...] = tuple(header_cells)
        """The header row as written, for writing bad rows back out under it."""
        self._source = source
        self._rows = rows
        self._header = header
        self._parser = parser
        self._warnings = warnings
        self._records: Generator[EventRecord | RowError] | None = None
        self._closed = False
        self._released = False

    @property
    def format(self) -> FileFormat:
        """The format, "csv" or "xlsx", told from the file's content."""
        return self._source.format

    @property
    def encoding(self) -> str | None:
        """Codec the CSV file is read with ("utf-8", "utf-8-sig", "gb18030", ...); None for XLSX."""
        return self._source.encoding

    @property
    def delimiter(self) -> str | None:
        """The CSV delimiter; None for XLSX."""
        return self._source.delimiter

    @property
    def sheet(self) -> str | None:
        """The worksheet read (XLSX); None for CSV."""
        return self._source.sheet

    @property
    def columns(self) -> Mapping[str, str]:
        """Each field found, with the column name the file uses for it."""
        return dict(self._header.labels)

    @property
    def warnings(self) -> tuple[Text, ...]:
        """Things about the file as a whole worth telling the person importing it."""
        return tuple(self._warnings)

    def __iter__(self) -> Iterator[EventRecord | RowError]:
        if self._records is not None or self._closed:
            raise RuntimeError("the rows of an EventFile can be read only once")
        self._records = self._parse_rows()
        return self._records

    def close(self) -> None:
        """Stop reading and release the file; safe to call more than once."""
        self._closed = True
        if self._records is not None:
            self._records.close()
        self._release()

    def __enter__(self) -> EventFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _parse_rows(self) -> Generator[EventRecord | RowError]:
        width = self._header.width
        needed = self._header.needed if self.format == "csv" else 0
        too_wide = too_short = 0
        first_too_wide = first_too_short = 0
        headers: list[int] = []
        phones = PhoneConflicts()
        try:
            for item in self._rows:
                if isinstance(item, RowError):
                    yield item
                    continue
                line, cells = item
                if _is_blank(cells):
                    continue
                if repeats_header(self._header, cells):
                    headers.append(line)
                    continue
                if len(cells) > width and not _is_blank(cells[width:]):
                    too_wide += 1
                    first_too_wide = first_too_wide or line
                if len(cells) < needed:
                    too_short += 1
                    first_too_short = first_too_short or line
                parsed = self._parser.parse(line, cells)
                if isinstance(parsed, EventRecord):
                    phones.see(parsed)
                yield parsed
        finally:
            if headers:
                self._warnings.append(
                    Text("import_header_repeated", count=len(headers), line=headers[0])
                )
            if too_wide:
                self._warnings.append(Text("import_too_wide", count=too_wide, line=first_too_wide))
            if too_short:
                self._warnings.append(
                    Text("import_too_short", count=too_short, line=first_too_short)
                )
            conflict = phones.warning()
            if conflict is not None:
                self._warnings.append(conflict)
            self._closed = True
            self._release()

    def _release(self) -> None:
        if not self._released:
            self._released = True
            self._source.close()


def open_events(
    path: Path | str,
    *,
    timezone: ZoneInfo,
    default_region: str,
    now: datetime,
    encoding: str | None = None,
    sheet: str | None = None,
) -> EventFile:
    """Open an events file (CSV or XLSX, told apart by content) and read its header.

    ``timezone`` is the business time zone for times written without an offset;
    ``default_region`` (e.g. "CN") is for phone numbers without a country code; ``now`` (aware)
    is the reference for refusing future events; ``encoding`` overrides CSV encoding detection;
    ``sheet`` names the XLSX worksheet to read (default: the first).
    Raises ImportFileError when the file cannot be imported at all.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    region = check_region(default_region)
    path = Path(path)
    source = _open_source(path, encoding, sheet)
    try:
        rows = source.rows()
        header, header_line, skipped, cells = _find_header(rows)
    except BaseException:
        source.close()
        raise
    parser = RowParser(header, zone=timezone, default_region=region, now=now)
    warnings = [*source.notes, *_header_warnings(header, skipped)]
    return EventFile(path, source, rows, header, header_line, parser, warnings, cells)


def read_events(
    path: Path | str,
    *,
    timezone: ZoneInfo,
    default_region: str,
    now: datetime,
    encoding: str | None = None,
) -> Iterator[EventRecord | RowError]:
    """The rows of an events file; see ``open_events``. Raises ImportFileError at once (not on
    the first ``next``) when the file cannot be imported."""
    events = open_events(
        path, timezone=timezone, default_region=default_region, now=now, encoding=encoding
    )
    return _closing(events)


def _closing(events: EventFile) -> Iterator[EventRecord | RowError]:
    with events:
        yield from events


def _open_source(path: Path, encoding: str | None, sheet: str | None = None) -> RowSource:
    try:
        with path.open("rb") as probe:
            start = probe.read(len(_OLE_MAGIC))
        if start.startswith(_ZIP_MAGIC):
            from surveys.importing.xlsxfile import XlsxRows  # openpyxl only when needed

            return XlsxRows(path, sheet)
        if sheet is not None and start:
            raise ImportFileError("cli_sheet_not_xlsx", file=path.name)
        if not start:
            raise ImportFileError("file_empty", name=path.name)
        if start.startswith(_OLE_MAGIC):
            raise ImportFileError("file_old_xls")
        if path.suffix.lower() in _XLSX_SUFFIXES:
            raise ImportFileError("file_not_xlsx")
        return CsvRows(path, encoding)
    except OSError as exc:
        raise ImportFileError(
            "file_unreadable", name=path.name, reason=exc.strerror or str(exc)
        ) from exc


def _find_header(
    rows: Iterator[RawRow | RowError],
) -> tuple[Header, int, list[int], Sequence[object]]:
    """The header, its line, the lines of the non-blank rows above it, and its cells."""
    skipped: list[int] = []
    first: tuple[Header, Sequence[object]] | None = None
    for item in rows:
        if isinstance(item, RowError):
            skipped.append(item.line)
        else:
            line, cells = item
            if _is_blank(cells):
                continue
            header = read_header(cells)
            if not header.missing:
                return header, line, skipped, cells
            skipped.append(line)
            first = first or (header, cells)
        if len(skipped) >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise ImportFileError("file_no_rows")
    header, cells = first
    names = [show(text) for text in (cell_text(cell).strip() for cell in cells) if text]
    shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
    raise ImportFileError(
        "file_no_header", count=len(header.missing), missing=", ".join(header.missing), found=shown
    )


def _header_warnings(header: Header, skipped: list[int]) -> list[Text]:
    warnings = []
    if skipped:
        lines = ", ".join(map(str, skipped))
        warnings.append(Text("import_skipped_above", count=len(skipped), lines=lines))
    if header.unknown:
        columns = ", ".join(show(name) for name in header.unknown)
        warnings.append(Text("import_unknown_columns", count=len(header.unknown), columns=columns))
    for name, field in header.repeated:
        other = show(header.labels[field])
        warnings.append(Text("import_repeated_column", column=show(name), field=field, other=other))
    return warnings


def _is_blank(cells: Sequence[object]) -> bool:
    return all(
        cell is None or (isinstance(cell, str) and (not cell or cell.isspace())) for cell in cells
    )
