"""Importing customers and visits: the result, the warnings, and why a file cannot be
read (said in the chat and by the CLI)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid, Nn_

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Importing files in the chat
    "import_done": N_(
        "{name}: {rows} rows, {good} imported, {bad} bad; {events} new events, {customers} "
        "new customers."
    ),
    "import_line": N_("line {line}: {reason}"),
    "import_more": Nn_("… and {count} more bad row.", "… and {count} more bad rows."),
    "import_unreadable": N_("{name} could not be imported: {error}"),
    # Refusals: why a file cannot be read (lower case: they follow a colon)
    "file_empty": N_("{name} is empty"),
    "file_unreadable": N_("cannot read {name}: {reason}"),
    "file_cannot_read": N_("cannot read the file: {reason}"),
    "file_read_after": N_("cannot read the file after line {line}: {reason}"),
    "file_old_xls": N_(
        "old binary Excel (.xls) files are not supported; save the sheet as .xlsx or CSV"
    ),
    "file_not_xlsx": N_("the file is not a valid XLSX workbook"),
    "file_unpacks_too_large": N_(
        "the workbook unpacks to {size} MB, more than the {limit} MB a file may hold: "
        "save it as CSV, or split it"
    ),
    "file_no_sheet": N_("the workbook has no worksheet"),
    "file_damaged": N_("the workbook is damaged after row {row}"),
    "file_binary": N_("the file holds binary data, not CSV or XLSX"),
    "file_not_text": N_("the file is not {encodings} text ({reason})"),
    "file_unknown_encoding": N_("unknown text encoding '{name}'"),
    "file_no_rows": N_("no usable header: the file has no rows"),
    "file_no_header": Nn_(
        "no usable header: missing required column {missing} (the first row has {found})",
        "no usable header: missing required columns {missing} (the first row has {found})",
    ),
    # Warnings and the demo's import line
    "demo_imported": Nn_(
        "Imported {name}: {rows} rows, {events} events, {customers} customers, {count} bad row:",
        "Imported {name}: {rows} rows, {events} events, {customers} customers, {count} bad rows:",
    ),
    "import_header_repeated": Nn_(
        "{count} row repeats the header (first on line {line}); it was skipped",
        "{count} rows repeat the header (first on line {line}); they were skipped",
    ),
    "import_too_wide": Nn_(
        "{count} row has more cells than the header (first on line {line}); "
        "the extra cells were ignored",
        "{count} rows have more cells than the header (first on line {line}); "
        "the extra cells were ignored",
    ),
    "import_skipped_above": Nn_(
        "skipped {count} row above the header (line {lines})",
        "skipped {count} rows above the header (lines {lines})",
    ),
    "import_unknown_columns": Nn_(
        "ignored unknown column: {columns}", "ignored unknown columns: {columns}"
    ),
    "import_repeated_column": N_(
        "ignored column {column}: {field} already comes from column {other}"
    ),
    # Rows written back, sheets, and conflicts within a file
    "import_reason_column": N_("reason"),
    "file_no_such_sheet": N_("no sheet named '{name}' (the sheets are {sheets})"),
    "import_other_sheets": Nn_(
        "sheet {sheets} also holds rows; only '{sheet}' was read (--sheet NAME reads another)",
        "sheets {sheets} also hold rows; only '{sheet}' was read (--sheet NAME reads another)",
    ),
    "import_phone_conflict": Nn_(
        "{count} customer has different phone numbers on different rows (first: "
        "{customer} on lines {lines}); the last row's number was kept",
        "{count} customers have different phone numbers on different rows (first: "
        "{customer} on lines {lines}); the last row's number was kept",
    ),
    "import_too_short": Nn_(
        "{count} CSV row has fewer cells than the header (first on line {line}): its last "
        "columns were read as empty; check that no cell or comma is missing",
        "{count} CSV rows have fewer cells than the header (first on line {line}): their "
        "last columns were read as empty; check that no cell or comma is missing",
    ),
}
