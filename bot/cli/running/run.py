"""``surveybot run``: the bot, polling the Bot API at SURVEYBOT_API_BASE; one per database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from typing import Any

from bot.admins import Seeded
from bot.cli.shared.common import database_shown, services, settings
from bot.cli.shared.failures import Mistake
from bot.cli.shared.instance import guard
from bot.runtimes import FRAMEWORKS, IntakeOptions, make_runtime
from surveys.staff.readiness import staffing_gaps
from surveys.storage import Database, UnitOfWork

lifecycle = logging.getLogger("surveybot")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "run",
        help="run the bot (long polling)",
        description=(
            "Starts the bot: upgrades the database schema, makes the ids in SURVEYBOT_ADMINS "
            "admins (once each: `surveybot staff remove` sticks), polls the Bot API at "
            "SURVEYBOT_API_BASE for updates and sends due surveys, reminders and complaint "
            "notices. Stops cleanly on Ctrl-C or SIGTERM. Needs SURVEYBOT_TOKEN. "
            "Example: SURVEYBOT_TOKEN=123456:ABC... SURVEYBOT_ADMINS=123456789 surveybot run"
        ),
    )
    parser.add_argument(
        "--framework", choices=FRAMEWORKS, help="chat framework (default: SURVEYBOT_FRAMEWORK)"
    )
    parser.add_argument(
        "--tick", type=float, default=2.0, help="seconds between scheduler ticks (default 2)"
    )
    parser.add_argument(
        "--web-port",
        type=int,
        metavar="P",
        help="also serve the survey links and the managers' desk on port P "
        "(links point at SURVEYBOT_WEB_URL)",
    )
    parser.add_argument(
        "--web-host", default="127.0.0.1", help="address for --web-port (default 127.0.0.1)"
    )
    parser.add_argument(
        "--metrics-port", type=int, help="serve GET /metrics (Prometheus) on this port"
    )
    parser.set_defaults(handler=_run, command_log_level="INFO")


def tell_seeded(seeded: Seeded | None) -> None:
    if seeded is None:
        return
    for user_id in seeded.added:
        lifecycle.info("SURVEYBOT_ADMINS: made %s an admin", user_id)
    for user_id in seeded.removed:
        lifecycle.warning(
            "SURVEYBOT_ADMINS lists %s, who was removed with `surveybot staff remove`: not made "
            "admin again (`surveybot staff add --user-id %s --role admin` does)",
            user_id,
            user_id,
        )


async def _run(args: argparse.Namespace) -> int:
    current = settings()
    if current.token is None:
        raise Mistake("cli_no_token")
    framework = args.framework or current.framework
    app = await services(current, create=True, seed_admins=True)
    held = None
    try:
        # Two pollers of one bot would fight over getUpdates forever: the second refuses.
        held = await guard(app.db, current.database_url, shared=False)
        lifecycle.info(
            "starting on %s: database %s, time zone %s",
            framework,
            database_shown(current.database_url),
            current.timezone,
        )
        tell_seeded(app.seeded)
        await warn_about_staffing(app.db)
        options = None
        if args.metrics_port is not None:
            from bot.intake.metrics import Metrics

            options = IntakeOptions(metrics=Metrics(), metrics_port=args.metrics_port)
        runtime = make_runtime(
            framework,
            app,
            token=current.token,
            api_base=current.api_base_url,
            tick_seconds=args.tick,
            options=options,
        )
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, runtime.stop)
        pages = None
        if args.web_port is not None:
            from bot.web import serve_web

            pages = await serve_web(app, args.web_port, args.web_host)
            lifecycle.info(
                "web pages on %s:%s, links to %s", args.web_host, args.web_port, current.web_url
            )
        try:
            await runtime.run()
        finally:
            if pages is not None:
                await pages.cleanup()
    finally:
        if held is not None:
            await held.release()
        await app.close()
    return 0


async def warn_about_staffing(db: Database) -> None:
    """Say at start what keeps complaint cards from reaching a person (``run`` and
    ``serve``)."""
    async with UnitOfWork(db, readonly=True) as uow:
        gaps = await staffing_gaps(uow)
    if gaps.no_admin:
        lifecycle.warning(
            "there is no admin: nobody hears of complaints past the last level "
            "(`surveybot staff add --user-id ID --role admin`, or SURVEYBOT_ADMINS)"
        )
    for branch in gaps.branches_unreached:
        lifecycle.warning(
            "branch %s has no level-1 manager who has pressed /start in the bot: its "
            "complaint cards cannot reach anyone there yet",
            branch,
        )
