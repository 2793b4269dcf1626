"""``surveybot import FILE``: customers and sale/service events from CSV or XLSX."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.cli.common import fail, print_json, services
from surveys.i18n import Text, say
from surveys.importing import ImportFileError, open_events
from surveys.importing.service import EventImporter, ImportReport

SHOWN_ERRORS = 200


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import",
        help="import sale/service events and their customers (CSV or XLSX)",
        description=(
            "Columns: event_id, event_type (sale|service), occurred_at, customer_id, "
            "customer_name, phone, language, branch, staff, vehicle (Chinese headers such as "
            "手机号 work too). Bad rows are reported with their line number and skipped; "
            "importing the same file again changes nothing. Exit status 0 when the file was "
            "processed, 2 when it cannot be read or has no usable header."
        ),
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    parser.add_argument("--encoding", help="CSV encoding (default: UTF-8, else GB18030)")
    parser.add_argument("--errors", type=Path, help="write every bad row to this CSV file")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=_import)


async def _import(args: argparse.Namespace) -> int:
    app = await services()
    try:
        try:
            events = open_events(
                args.file,
                timezone=app.settings.zone,
                default_region=app.settings.default_region,
                now=app.clock.now(),
                encoding=args.encoding,
            )
        except ImportFileError as error:
            return fail(f"{args.file}: {error.say(app.settings.language)}")
        with (
            events,
            tqdm(
                desc="rows", unit=" rows", disable=args.quiet or args.json, file=sys.stderr
            ) as bar,
        ):

            def progress(done: int) -> None:
                bar.update(done - bar.n)

            report = await EventImporter(app.db, app.clock.now).run(
                events, dry_run=args.dry_run, on_progress=progress
            )
            warnings = list(events.warnings)
            described = f"{events.format}" + (f", {events.encoding}" if events.encoding else "")
    finally:
        await app.close()
    if args.errors:
        _write_errors(args.errors, report)
    if args.json:
        data = report.as_dict()
        data["warnings"] = [str(warning) for warning in warnings]
        print_json(data)
        return 0
    _print_report(args.file, described, report, warnings, app.settings.language)
    return 0


def _write_errors(path: Path, report: ImportReport) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "reason"])
        writer.writerows((e.line, e.reason) for e in report.errors)


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
