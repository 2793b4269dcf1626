"""An export as CSV for Excel: UTF-8 with a BOM (so Excel reads Chinese), one row per survey.

Spreadsheet safety. Excel runs a CSV cell that starts with ``= + - @`` (or a tab or a
carriage return) as a formula, so such a text cell gets a leading apostrophe: the
customer's words ``=HYPERLINK(...)`` stay words, and show the apostrophe. A plain phone
number (``+`` and 7 to 15 digits, as phones are stored) could not run anything, but
Excel would read it as the number 8.6138E+12; it is written as the text formula
``="+8613800138000"``, which Excel shows as ``+8613800138000`` with no mark. The cost:
a program that reads the CSV as plain text sees ``="+8613800138000"``; the XLSX export
(cells typed as text) has none of this and suits programs better.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from surveys.reports.export.output import opened
from surveys.reports.export.rows import BATCH_SIZE, DeliveryExport, Value
from surveys.reports.scope import ReportScope
from surveys.storage import Database

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_PHONE = re.compile(r"\+[0-9]{7,15}")


def csv_cell(value: Value) -> str | int | float:
    """One value as a CSV cell that Excel shows as it is and never runs."""
    if value is None:
        return ""
    if isinstance(value, str):
        if PLAIN_PHONE.fullmatch(value):
            return f'="{value}"'
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
    """Write the export as CSV in UTF-8 with a BOM; returns how many rows."""
    export = await DeliveryExport.open(
        db, scope, include_phone=include_phone, language=language, batch_size=batch_size
    )
    with opened(target) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(stream)
            writer.writerow([csv_cell(header) for header in export.headers])
            written = await export.each_batch(
                lambda rows: writer.writerows([[csv_cell(v) for v in row] for row in rows])
            )
            await asyncio.to_thread(stream.flush)
        finally:
            stream.detach()
    return written
