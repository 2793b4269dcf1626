"""``surveybot demo``: a complete survey round on this machine, no token and no network."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import fail, print_json
from bot.runtimes import FRAMEWORKS
from surveys.i18n import name_of


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo",
        help="run the bot against the local Bot API sandbox with simulated customers",
        description=(
            "Imports sample customers, starts a local Bot API sandbox and the real bot, "
            "links simulated customers, sends them their surveys and lets them answer. "
            "Prints the conversations and a summary."
        ),
    )
    parser.add_argument(
        "--db", type=Path, help="keep the SQLite database at this path (default: a temp dir)"
    )
    parser.add_argument(
        "--json", action="store_true", help="print only the summary as JSON (transcript to stderr)"
    )
    parser.add_argument("--framework", choices=FRAMEWORKS, default="aiogram")
    parser.set_defaults(handler=_demo)


async def _demo(args: argparse.Namespace) -> int:
    from bot.demo import DemoError, DemoOptions, run_demo

    transcript = sys.stderr if args.json else sys.stdout
    try:
        summary = await run_demo(
            DemoOptions(db_path=args.db, framework=args.framework, out=transcript)
        )
    except DemoError as error:
        return fail(f"demo failed: {error}", 1)
    if args.json:
        print_json(summary)
        return 0
    _print_summary(summary)
    return 0


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _counts(table: str, counts: dict[str, int]) -> str:
    """Counts by code, e.g. "opted out 1, open 3" (the demo narrates in English)."""
    shown = [f"{name_of(table, code, 'en')} {n}" for code, n in sorted(counts.items())]
    return ", ".join(shown) or "none"


def _print_summary(summary: dict[str, Any]) -> None:
    skipped = _counts("skip", summary["skipped"])
    print()
    print("Summary")
    print(f"  surveys sent      {summary['sent']} of {summary['deliveries']} deliveries")
    print(f"  skipped           {skipped}")
    print(f"  answered          {summary['answered']} ({_percent(summary['response_rate'])})")
    print(f"  completed         {summary['completed']}")
    print(f"  CSAT              {_percent(summary['csat'])} of {summary['csat_responses']}")
    nps = "n/a" if summary["nps"] is None else f"{summary['nps']:+.0f}"
    print(f"  NPS               {nps} from {summary['nps_responses']} answers")
    print(f"  unhappy customers {summary['unhappy']}")
    complaints = _counts("complaint", summary["complaints"])
    print(f"  complaints        {complaints}")
    loop = summary["complaint_loop"]
    confirmed = "yes" if loop["resolved_and_confirmed"] else "no"
    escalated = "yes" if loop["escalated_to_level_2"] else "no"
    print(
        f"  closed loop       resolved and confirmed by the customer: {confirmed}; "
        f"escalated to level 2 after the deadline: {escalated}"
    )
    print(f"  database          {summary['database']}")
    print(f"  wall time         {summary['wall_seconds']} s")
