"""Rows of one worksheet of an XLSX workbook, streamed (openpyxl read-only mode).

The first worksheet unless a sheet is named; the other sheets that hold rows are named in
``notes``, so that a workbook with one branch per sheet is not imported by half unawares.

The line of a row is its row number in the sheet. Cells keep their types: numbers, datetimes
(naive, as Excel stores them) and text. Formulas give their last computed value.
openpyxl loads the workbook's shared-strings table whole (the rows themselves are
streamed), so a small file whose strings unpack to hundreds of megabytes would take
gigabytes of memory: what the workbook unpacks to is checked first, from the sizes its
zip directory declares, and a workbook beyond :data:`MAX_UNPACKED_MB` (or shared strings
beyond :data:`MAX_SHARED_STRINGS_MB`) is refused before anything is read.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from surveys.i18n import Text
from surveys.importing.records import FileFormat, ImportFileError, RowError

# What a damaged or foreign file can make openpyxl raise while reading it.
_BROKEN_WORKBOOK = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
)


MAX_UNPACKED_MB = 512
MAX_SHARED_STRINGS_MB = 64
"""Far above a dealer system's export of 100,000 visits (a few MB of strings)."""


def check_unpacked_size(path: Path) -> None:
    """Refuse a workbook that would unpack to more than the bounds (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError("file_not_xlsx") from exc
    total = sum(member.file_size for member in members)
    strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    megabytes = 1024 * 1024
    if total > MAX_UNPACKED_MB * megabytes or strings > MAX_SHARED_STRINGS_MB * megabytes:
        raise ImportFileError(
            "file_unpacks_too_large",
            size=round(max(total, strings) / megabytes),
            limit=MAX_SHARED_STRINGS_MB
            if strings > MAX_SHARED_STRINGS_MB * megabytes
            else MAX_UNPACKED_MB,
        )


class XlsxRows:
    """An open XLSX workbook and a single pass over the rows of one worksheet."""

    format: FileFormat = "xlsx"
    encoding: str | None = None
    delimiter: str | None = None

    def __init__(self, path: Path, sheet: str | None = None) -> None:
        check_unpacked_size(path)
        self._file = path.open("rb")
        try:
            # openpyxl warns about features it ignores (styles, data validation): not our
            # concern here, and not worth showing to the person importing.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._book = openpyxl.load_workbook(self._file, read_only=True, data_only=True)
        except _BROKEN_WORKBOOK as exc:
            self._file.close()
            raise ImportFileError("file_not_xlsx") from exc
        except BaseException:
            self._file.close()
            raise
        sheets = [ws for ws in self._book.worksheets if isinstance(ws, ReadOnlyWorksheet)]
        chosen = sheets[0] if sheets else None
        if sheet is not None:
            chosen = next((ws for ws in sheets if ws.title == sheet), None)
            if chosen is None:
                self.close()
                names = ", ".join(repr(ws.title) for ws in sheets)
                raise ImportFileError("file_no_such_sheet", name=sheet, sheets=names)
        if chosen is None:
            self.close()
            raise ImportFileError("file_no_sheet")
        self._sheet = chosen
        self.sheet = chosen.title
        others = [ws for ws in sheets if ws is not chosen and _has_rows(ws)]
        self.notes: list[Text] = []
        if others:
            names = ", ".join(repr(ws.title) for ws in others)
            self.notes.append(
                Text("import_other_sheets", count=len(others), sheets=names, sheet=self.sheet)
            )
        # Some programs write a wrong sheet size; read every row that is actually there.
        self._sheet.reset_dimensions()

    def rows(self) -> Iterator[tuple[int, Sequence[object]] | RowError]:
        """``(row number, cell values)`` for every row; empty rows give empty tuples."""
        number = 0
        try:
            for number, values in enumerate(self._sheet.iter_rows(values_only=True), start=1):
                yield number, values
        except _BROKEN_WORKBOOK as exc:
            raise ImportFileError("file_damaged", row=number) from exc

    def close(self) -> None:
        self._book.close()
        self._file.close()


def _has_rows(sheet: Any) -> bool:
    """Whether a sheet holds any non-empty cell (reads up to its first such row)."""
    sheet.reset_dimensions()
    try:
        for values in sheet.iter_rows(values_only=True):
            if any(value is not None and str(value).strip() for value in values):
                return True
    except _BROKEN_WORKBOOK:
        return False
    return False
