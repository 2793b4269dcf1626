"""``surveybot run``: the bot, polling the Bot API at SURVEYBOT_API_BASE."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from typing import Any

from bot.cli.common import fail, services, settings
from bot.runtimes import FRAMEWORKS, make_runtime


def register(sub: Any) -> None:
    parser = sub.add_parser("run", help="run the bot (long polling)")
    parser.add_argument(
        "--framework", choices=FRAMEWORKS, help="chat framework (default: SURVEYBOT_FRAMEWORK)"
    )
    parser.add_argument("--tick", type=float, default=2.0, help="scheduler tick, seconds")
    parser.set_defaults(handler=_run)


async def _run(args: argparse.Namespace) -> int:
    current = settings()
    logging.getLogger().setLevel(current.log_level)
    if current.token is None:
        return fail("SURVEYBOT_TOKEN: not set (the token @BotFather gave you)")
    app = await services(current)
    try:
        runtime = make_runtime(
            args.framework or current.framework,
            app,
            token=current.token,
            api_base=current.api_base_url,
            tick_seconds=args.tick,
        )
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, runtime.stop)
        await runtime.run()
    finally:
        await app.close()
    return 0
