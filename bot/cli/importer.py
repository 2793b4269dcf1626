"""``surveybot import FILE``: customers and sale/service events from CSV or XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.cli.shared.common import fail, output_folder, print_json, said, services
from bot.cli.shared.failures import Mistake
from surveys.i18n import Text, say
from surveys.importing import EventFile, ImportFileError, open_events
from surveys.importing.columns import REQUIRED_FIELDS, aliases
from surveys.importing.rejects import write_rejects
from surveys.importing.service import EventImporter, ImportReport

SHOWN_ERRORS = 200


def _columns_help() -> str:
    """Every header name the importer understands, field by field."""
    parts = []
    for field, names in aliases().items():
        required = " (required)" if field in REQUIRED_FIELDS else ""
        others = ", ".join(name for name in names if name != field)
        parts.append(f"{field}{required}: {others}")
    return "; ".join(parts)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import",
        help="import sale/service events and their customers (CSV or XLSX)",
        description=(
            "Reads CSV (UTF-8 or GB18030; comma, semicolon or tab) or XLSX (the first sheet, "
            "or --sheet NAME). Header names, matched ignoring case, spaces, _ - . and *: "
            f"{_columns_help()}. event_type is sale or service (销售, 售后 ...). occurred_at "
            "is 2026-12-02 14:00, 2026/12/02 14:00, 2026.12.02 14:00, 2026年12月2日 14:00 "
            "or ISO 8601, in the business time zone unless an offset is given. Every "
            "problem of a bad row is reported with its line number; bad rows are skipped, "
            "good rows kept, and --errors FILE writes the bad rows with a reason column, "
            "ready to fix and import again. Importing the same file again changes nothing. "
            "Exit status 0 when the file was processed, 2 when it cannot be read or has no "
            "usable header. Example: surveybot import dms-export.xlsx --sheet 售后 "
            "--errors bad-rows.xlsx"
        ),
    )
    parser.add_argument("file", type=Path, help="the CSV or XLSX file")
    parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    parser.add_argument("--encoding", help="CSV encoding (default: UTF-8, else GB18030)")
    parser.add_argument("--sheet", help="the XLSX worksheet to read (default: the first)")
    parser.add_argument(
        "--errors",
        type=Path,
        help="write the bad rows, as they were plus a reason column, to this file (same "
        "format as the input: .csv or .xlsx)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the --errors file if it exists"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=_import)


def _check_errors_file(args: argparse.Namespace) -> None:
    """The errors file is never the input, and never replaces a file without --force."""
    target: Path | None = args.errors
    if target is None:
        return
    output_folder("--errors", target)
    if target.exists() and args.file.exists() and target.samefile(args.file):
        raise Mistake("cli_errors_is_input", path=target)
    if target.expanduser().absolute() == args.file.expanduser().absolute():
        raise Mistake("cli_errors_is_input", path=target)
    if target.exists() and not args.force:
        raise Mistake("cli_errors_exists", path=target)


def _check_errors_format(target: Path | None, events: EventFile) -> None:
    if target is not None and target.suffix.lower().lstrip(".") != events.format:
        raise Mistake("cli_errors_format", path=target, format=events.format)


async def _import(args: argparse.Namespace) -> int:
    _check_errors_file(args)
    app = await services(create=True)
    try:
        try:
            events = open_events(
                args.file,
                timezone=app.settings.zone,
                default_region=app.settings.default_region,
                now=app.clock.now(),
                encoding=args.encoding,
                sheet=args.sheet,
            )
        except ImportFileError as error:
            return fail(f"{args.file}: {error.say(app.settings.language)}")
        with events:
            _check_errors_format(args.errors, events)
            with tqdm(
                desc="rows", unit=" rows", disable=args.quiet or args.json, file=sys.stderr
            ) as bar:

                def progress(done: int) -> None:
                    bar.update(done - bar.n)

                report = await EventImporter(app.db, app.clock.now).run(
                    events, dry_run=args.dry_run, on_progress=progress
                )
            warnings = list(events.warnings)
            described = f"{events.format}" + (f", {events.encoding}" if events.encoding else "")
            if events.sheet:
                described += f", {events.sheet}"
            if args.errors:
                write_rejects(
                    args.errors,
                    events.format,
                    events.header_cells,
                    report.errors,
                    delimiter=events.delimiter,
                    language=app.settings.language,
                )
    finally:
        await app.close()
    if args.json:
        data = report.as_dict()
        data["warnings"] = [str(warning) for warning in warnings]
        print_json(data)
        return 0
    _print_report(args.file, described, report, warnings, app.settings.language)
    if args.errors:
        print(said("cli_errors_written", count=len(report.errors), path=args.errors))
    return 0


def _print_report(
    file: Path, described: str, report: ImportReport, warnings: list[Text], language: str
) -> None:
    print(
        say(
            "cli_import_checked" if report.dry_run else "cli_import_imported",
            language,
            file=file,
            format=described,
            rows=report.rows,
            good=report.good_rows,
            bad=len(report.errors),
        )
    )
    for warning in warnings:
        print(say("cli_import_warning", language, warning=warning))
    if not report.dry_run:
        print(
            say(
                "cli_import_changes",
                language,
                events_new=report.events_new,
                events_updated=report.events_updated,
                events_unchanged=report.events_unchanged,
                customers_new=report.customers_new,
                customers_updated=report.customers_updated,
                branches_new=report.branches_new,
            )
        )
    for error in report.errors[:SHOWN_ERRORS]:
        print(say("import_line", language, line=error.line, reason=error.reason))
    hidden = len(report.errors) - SHOWN_ERRORS
    if hidden > 0:
        print(say("cli_import_more", language, count=hidden))
