"""Writing an export for a spreadsheet: CSV (UTF-8 with BOM) or XLSX.

Each batch of rows (:class:`~surveys.reports.export.rows.DeliveryExport`) is written before the
next is read, so a large export takes flat memory. Writing happens in a worker thread;
the event loop only waits for it.

Spreadsheet safety: a CSV text cell starting with ``= + - @`` (or a tab or
carriage return) gets a leading apostrophe so that a spreadsheet never runs a
customer's words as a formula; XLSX cells are typed as text instead, and
characters XLSX cannot hold are removed.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from surveys.reports.export.rows import BATCH_SIZE, DeliveryExport, Value
from surveys.reports.scope import ReportScope
from surveys.storage import Database

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# ---------------------------------------------------------------- CSV


def _csv_cell(value: Value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return value.isoformat()


async def write_csv(
    db: Database,
    scope: ReportScope,
    target: Path | BinaryIO,
    *,
    include_phone: bool = False,
    language: str = "zh",
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write the export as CSV in UTF-8 with a BOM (so Excel reads Chinese); returns rows."""
    export = await DeliveryExport.open(
        db, scope, include_phone=include_phone, language=language, batch_size=batch_size
    )
    with _binary(target) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(stream)
            writer.writerow(export.headers)
            written = await _each_batch(
                export, lambda rows: writer.writerows([[_csv_cell(v) for v in row] for row in rows])
            )
            await asyncio.to_thread(stream.flush)
        finally:
            stream.detach()
    return written


# ---------------------------------------------------------------- XLSX


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Value) -> Cell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text, never a formula
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime.combine(value, time()))
        cell.number_format = "yyyy-mm-dd"
    else:
        cell = WriteOnlyCell(sheet, value=value)
    return cell


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
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="surveys")
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, h) for h in export.headers])

    def append(rows: list[list[Value]]) -> None:
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])

    written = await _each_batch(export, append)
    with _binary(target) as raw:
        await asyncio.to_thread(book.save, raw)
    return written


async def _each_batch(export: DeliveryExport, write: Callable[[list[list[Value]]], object]) -> int:
    """Hand each batch of rows to ``write`` in a worker thread; returns how many rows."""
    written = 0
    async for batch in export.batches():
        await asyncio.to_thread(write, batch)
        written += len(batch)
    return written


def _binary(target: Path | BinaryIO) -> AbstractContextManager[BinaryIO]:
    """A path opened for binary writing (and closed), or a caller's stream (left open)."""
    return target.open("wb") if isinstance(target, Path) else nullcontext(target)
