"""An export as an XLSX workbook a person can read at once: columns as wide as their
content, a frozen header row with an autofilter, dates as dates, texts as text cells.

openpyxl's write-only mode keeps memory flat, but it writes the column widths before
the first row. So the rows are read from the database once into a spool file (pickled
batches, on disk) while their widths are measured, then written from the spool into
the sheet: memory holds one batch whatever the size of the export. The work runs in
worker threads; the event loop only waits.

Spreadsheet safety: every text is a text cell, so a customer's ``=HYPERLINK(...)`` is
never a formula and a phone reads ``+8613800138000``; characters XLSX cannot hold are
removed.
"""

from __future__ import annotations

import asyncio
import pickle
import tempfile
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from surveys.reports.export.output import opened
from surveys.reports.export.rows import BATCH_SIZE, DeliveryExport, Value
from surveys.reports.export.widths import Widths
from surveys.reports.scope import ReportScope
from surveys.storage import Database

SHEET = "surveys"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
#: Points per line of the header row (11 pt text) when a long header wraps, and the most
#: lines it is given (a header that needs more shows its start; the cell holds it all).
LINE_HEIGHT = 15.0
MAX_HEADER_LINES = 6


def _text(sheet: WriteOnlyWorksheet, text: str) -> str | Cell:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text.startswith("="):
        return text  # openpyxl types any other str as text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, never a formula
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Value) -> Value | Cell:
    if isinstance(value, str):
        return _text(sheet, value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime.combine(value, time()))
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _header(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    cell.font = HEADER_FONT
    cell.alignment = HEADER_ALIGNMENT
    return cell


def _spooled(spool: IO[bytes]) -> list[list[Value]] | None:
    try:
        rows: list[list[Value]] = pickle.load(spool)
    except EOFError:
        return None
    return rows


def _write_book(
    spool: IO[bytes], headers: tuple[str, ...], widths: Widths, rows: int, target: BinaryIO
) -> None:
    """The sheet from the spooled rows: widths, frozen header, autofilter; then saved."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=SHEET)
    fitted = widths.fitted()
    for index, width in enumerate(fitted, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    lines = min(MAX_HEADER_LINES, widths.header_lines(headers, fitted))
    if lines > 1:
        sheet.row_dimensions[1].height = LINE_HEIGHT * lines
    sheet.freeze_panes = "A2"
    sheet.append([_header(sheet, h) for h in headers])
    spool.seek(0)
    while (batch := _spooled(spool)) is not None:
        for row in batch:
            sheet.append([_cell(sheet, value) for value in row])
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{rows + 1}"
    book.save(target)


async def write_xlsx(
    db: Database,
    scope: ReportScope,
    target: Path | BinaryIO,
    *,
    include_phone: bool = False,
    language: str = "zh",
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write the export as an XLSX workbook (openpyxl write-only mode); returns rows."""
    export = await DeliveryExport.open(
        db, scope, include_phone=include_phone, language=language, batch_size=batch_size
    )
    headers = export.headers
    widths = Widths(headers)
    with tempfile.TemporaryFile() as spool:

        def keep(rows: list[list[Value]]) -> None:
            widths.measure(rows)
            pickle.dump(rows, spool, protocol=pickle.HIGHEST_PROTOCOL)

        written = await export.each_batch(keep)
        with opened(target) as raw:
            await asyncio.to_thread(_write_book, spool, headers, widths, written, raw)
    return written
