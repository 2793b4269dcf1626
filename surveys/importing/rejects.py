"""The bad rows of an import, written back out to be fixed and imported again.

The file has the input's format (CSV or XLSX), its header row as written and each bad row
as it was read, plus one column with the reason ("line 3: phone: ..."). Importing it again
reads the same columns; the reason column is recognised and left out.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from surveys.i18n import say
from surveys.importing.records import FileFormat, RowError


def _table(
    header: Sequence[object], errors: Sequence[RowError], language: str
) -> list[list[object]]:
    """Header and rows padded to one width, the reason in the last column."""
    width = max([len(header), *(len(error.cells) for error in errors)])
    rows: list[list[object]] = [
        [*header, *[None] * (width - len(header)), say("import_reason_column", language)]
    ]
    for error in errors:
        cells = list(error.cells)
        reason = say("import_line", language, line=error.line, reason=error.reason)
        rows.append([*cells, *[None] * (width - len(cells)), reason])
    return rows


def write_rejects(
    path: Path,
    file_format: FileFormat,
    header: Sequence[object],
    errors: Sequence[RowError],
    *,
    delimiter: str | None = None,
    language: str = "en",
) -> None:
    """Write ``errors`` under ``header`` to ``path`` as ``file_format``.

    CSV is UTF-8 with a byte-order mark (Excel shows Chinese right) and the input's delimiter.
    """
    rows = _table(header, errors, language)
    if file_format == "xlsx":
        _write_xlsx(path, rows)
        return
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=delimiter or ",")
        writer.writerows([["" if cell is None else cell for cell in row] for row in rows])


def _write_xlsx(path: Path, rows: list[list[object]]) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    book.save(path)
