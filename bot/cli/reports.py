"""``surveybot stats`` and ``surveybot export``: the numbers and the rows, for scripts."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.cli.shared.checks import check_staff_name, check_template
from bot.cli.shared.common import fail, output_folder, positive_days, print_json, services
from surveys.audits.reports import build_scorecard
from surveys.audits.reports.export import audit_csv, audit_rows
from surveys.audits.reports.text import scorecard_text
from surveys.i18n import SUPPORTED, say
from surveys.reports import ReportScope, build_report
from surveys.storage import UnitOfWork
from surveys.waves.model import WaveError
from surveys.waves.service import branch_id


def _period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=positive_days, default=30, help="the last N days (default 30)"
    )
    parser.add_argument("--since", type=date.fromisoformat, help="first visit date YYYY-MM-DD")
    parser.add_argument("--until", type=date.fromisoformat, help="last visit date YYYY-MM-DD")
    parser.add_argument("--branch", help="only this branch")
    parser.add_argument("--staff", help="only this staff member")
    parser.add_argument("--template", help="only this survey template")
    parser.add_argument(
        "--language",
        choices=SUPPORTED,
        help="language of the words and headers (default SURVEYBOT_LANGUAGE)",
    )


def register(sub: Any) -> None:
    stats = sub.add_parser(
        "stats",
        help="CSAT, NPS, response rate, touchpoints, complaints and grades",
        description="Survey metrics for a period of visit dates (business time zone). "
        "Example: surveybot stats --days 7 --branch 浦东店 --chart week.png",
    )
    _period(stats)
    stats.add_argument("--json", action="store_true", help="one JSON object")
    stats.add_argument(
        "--chart",
        type=Path,
        help=(
            "also write the chart PNG here (with approved audits, the scorecard beside it "
            "as NAME-audits.png)"
        ),
    )
    stats.set_defaults(handler=_stats)
    export = sub.add_parser(
        "export",
        help="one row per survey as CSV (UTF-8 with BOM) or XLSX",
        description="Writes XLSX when FILE ends in .xlsx, else CSV. Includes phone numbers. "
        "Example: surveybot export --days 30 --out november.xlsx --no-phone",
    )
    _period(export)
    export.add_argument("--out", type=Path, required=True, help="output FILE (.csv or .xlsx)")
    export.add_argument("--no-phone", action="store_true", help="leave phone numbers out")
    export.set_defaults(handler=_export)


async def _scope(app: Any, args: argparse.Namespace) -> ReportScope:
    zone = app.settings.zone
    today = app.clock.now().astimezone(zone).date()
    last = args.until or today
    first = args.since or last - timedelta(days=max(1, args.days) - 1)
    async with UnitOfWork(app.db, readonly=True) as uow:
        branch = await branch_id(uow, args.branch)
        await check_staff_name(uow, args.staff)
        await check_template(uow, args.template)
    return ReportScope(
        first,
        last,
        zone,
        branch_ids=() if branch is None else (branch,),
        staff_name=args.staff,
        template=args.template,
    )


def _title(args: argparse.Namespace, scope: ReportScope, language: str) -> str:
    """The period, and the filters the report was asked for."""
    period = say("cli_stats_title", language, first=scope.first, last=scope.last)
    return " · ".join([period, *(f for f in (args.branch, args.staff, args.template) if f)])


async def _stats(args: argparse.Namespace) -> int:
    output_folder("--chart", args.chart)
    app = await services()
    language = args.language or app.settings.language
    try:
        try:
            scope = await _scope(app, args)
        except WaveError as error:
            return fail(error.say(language))
        async with UnitOfWork(app.db, readonly=True) as uow:
            report = await build_report(uow, scope, now=app.clock.now())
            card = await build_scorecard(uow, app.checklists, scope)
        if args.chart:
            from surveys.reports import render_chart_async

            png = await render_chart_async(report, language=language)
            args.chart.write_bytes(png)
            if card.rows:
                from surveys.audits.reports.chart import render_scorecard_async

                audits_png = await render_scorecard_async(card, language=language)
                args.chart.with_name(f"{args.chart.stem}-audits.png").write_bytes(audits_png)
    finally:
        await app.close()
    if args.json:
        print_json({**report.as_dict(), "scorecard": card.as_dict()})
        return 0
    from surveys.reports.text import report_text

    print(report_text(report, language, _title(args, scope, language)))
    shopped = scorecard_text(card, language)
    if shopped:
        print()
        print(shopped)
    return 0


async def _export(args: argparse.Namespace) -> int:
    from surveys.reports import write_csv, write_xlsx

    output_folder("--out", args.out)
    app = await services()
    language = args.language or app.settings.language
    try:
        try:
            scope = await _scope(app, args)
        except WaveError as error:
            return fail(error.say(language))
        writer = write_xlsx if args.out.suffix.lower() == ".xlsx" else write_csv
        rows = await writer(
            app.db, scope, args.out, include_phone=not args.no_phone, language=language
        )
        async with UnitOfWork(app.db, readonly=True) as uow:
            audited = await audit_rows(
                uow, app.checklists, scope, language, include_shopper=not args.no_phone
            )
    finally:
        await app.close()
    print(say("cli_rows_written", language, count=rows, path=args.out))
    if audited:
        beside = args.out.with_name(f"{args.out.stem}-audits.csv")
        beside.write_bytes(audit_csv(audited))
        print(say("cli_audits_written", language, count=len(audited) - 1, path=beside))
    return 0
