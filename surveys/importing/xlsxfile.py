"""Rows of the first worksheet of an XLSX workbook, streamed (openpyxl read-only mode).

The line of a row is its row number in the sheet. Cells keep their types: numbers, datetimes
(naive, as Excel stores them) and text. Formulas give their last computed value.
Note that openpyxl loads the workbook's shared-strings table whole; the rows themselves are
streamed.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

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


class XlsxRows:
    """An open XLSX workbook and a single pass over the rows of its first worksheet."""

    format: FileFormat = "xlsx"
    encoding: str | None = None
    delimiter: str | None = None

    def __init__(self, path: Path) -> None:
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
        sheets = self._book.worksheets
        if not sheets or not isinstance(sheets[0], ReadOnlyWorksheet):
            self.close()
            raise ImportFileError("file_no_sheet")
        self._sheet = sheets[0]
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
