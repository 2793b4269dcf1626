"""``surveybot demo``: a complete survey round on this machine, no token and no network."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from bot.cli.shared.common import fail, print_json, said
from bot.cli.shared.failures import Mistake
from bot.runtimes import FRAMEWORKS
from surveys.i18n import name_of


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo",
        help="run the bot against the local Bot API sandbox with simulated customers",
        description=(
            "Imports sample customers, starts a local Bot API sandbox and the real bot, "
            "links simulated customers, sends them their surveys and lets them answer. "
            "Prints the conversations and a summary. Needs no token and no network. "
            "SURVEYBOT_LOG_LEVEL and SURVEYBOT_LOG_FORMAT apply; SURVEYBOT_TOKEN (when it has "
            "Telegram's shape) and SURVEYBOT_SECRET, if set, are used by the sandbox bot and "
            "for the links, never sent anywhere, so the logs can be checked for them. "
            "Example: surveybot demo --db demo/demo.db"
        ),
    )
    parser.add_argument(
        "--db",
        type=Path,
        help="keep the SQLite database at this path, its chart and export beside it "
        "(default: a new temporary folder)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the database and the demo files that --db names when they exist",
    )
    parser.add_argument(
        "--json", action="store_true", help="print only the summary as JSON (transcript to stderr)"
    )
    parser.add_argument(
        "--framework", choices=FRAMEWORKS, default="aiogram", help="chat framework (aiogram)"
    )
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="the bot takes updates on a webhook, as `surveybot serve` does (the sandbox "
        "delivers them as Telegram would)",
    )
    parser.add_argument(
        "--play",
        action="store_true",
        help="instead of the scripted round, serve a local web page where you play the "
        "customers, managers and admin yourself (until Ctrl-C)",
    )
    parser.add_argument(
        "--port", type=int, default=8090, help="port of the --play page on 127.0.0.1 (8090)"
    )
    parser.set_defaults(handler=_demo)


TELEGRAM_TOKEN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{35}")


def _environment_token() -> str | None:
    token = os.environ.get("SURVEYBOT_TOKEN", "").strip()
    return token if TELEGRAM_TOKEN.fullmatch(token) else None


def _environment_secret() -> str | None:
    secret = os.environ.get("SURVEYBOT_SECRET", "")
    return secret if len(secret) >= 16 else None


def _check_replaced(db_path: Path | None, force: bool, transcript: Any) -> None:
    """Never delete or overwrite what an earlier run or a person left, without --force."""
    from bot.demo import demo_files

    if db_path is None:
        return
    found = [str(path) for path in demo_files(db_path.expanduser().absolute()) if path.exists()]
    if not found:
        return
    if not force:
        raise Mistake("cli_demo_would_replace", path=db_path, files=", ".join(found))
    print(said("cli_demo_replacing", files=", ".join(found)), file=transcript)


async def _play(args: argparse.Namespace) -> int:
    """Serve the play page until interrupted."""
    import asyncio
    import signal

    from bot.play import PlayOptions, open_play, serve_play

    folder = args.db.expanduser().absolute().parent if args.db else None
    options = PlayOptions(folder=folder, framework=args.framework)
    async with open_play(options) as session:
        runner, url = await serve_play(session, args.port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        print(said("cli_play_at", url=url, database=session.database), flush=True)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
    return 0


async def _demo(args: argparse.Namespace) -> int:
    from bot.demo import DemoError, DemoOptions, run_demo

    if args.play:
        return await _play(args)
    transcript = sys.stderr if args.json else sys.stdout
    _check_replaced(args.db, args.force, transcript)
    options = DemoOptions(
        db_path=args.db.expanduser().absolute() if args.db else None,
        framework=args.framework,
        out=transcript,
        token=_environment_token(),
        secret=_environment_secret(),
        webhook=args.webhook,
    )
    try:
        summary = await run_demo(options)
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
