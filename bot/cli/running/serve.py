"""``surveybot serve``: the bot as a webhook worker, one of several on one port."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from typing import Any

from bot.cli.running.run import tell_seeded, warn_about_staffing
from bot.cli.shared.common import database_shown, services, settings
from bot.cli.shared.failures import Mistake
from bot.cli.shared.instance import connect_redis, guard
from bot.runtimes import FRAMEWORKS, IntakeOptions, make_runtime

lifecycle = logging.getLogger("surveybot")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "serve",
        help="run the bot as a webhook worker (several may share a port)",
        description=(
            "Starts a webhook worker: upgrades the schema (one worker at a time), calls "
            "setWebhook with SURVEYBOT_WEBHOOK_URL and SURVEYBOT_WEBHOOK_SECRET, and answers "
            "each update with 200 once its effect is committed. One worker runs on SQLite "
            "without Redis; several need PostgreSQL and SURVEYBOT_REDIS_URL (they share one "
            "rate budget) and may share one host and port (SO_REUSEPORT) or stand behind a "
            "load balancer. GET /healthz says whether the database and Redis answer. "
            "Stops cleanly on Ctrl-C or SIGTERM. Example: SURVEYBOT_WEBHOOK_URL="
            "https://bot.example.com/tg SURVEYBOT_WEBHOOK_SECRET=... surveybot serve --port 8080"
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (8080)")
    parser.add_argument(
        "--framework", choices=FRAMEWORKS, help="chat framework (default: SURVEYBOT_FRAMEWORK)"
    )
    parser.add_argument(
        "--metrics-port", type=int, help="serve GET /metrics (Prometheus) on this port"
    )
    parser.add_argument(
        "--max-connections", type=int, default=40, help="setWebhook max_connections (40)"
    )
    parser.add_argument(
        "--tick", type=float, default=2.0, help="seconds between scheduler ticks (default 2)"
    )
    parser.set_defaults(handler=_serve, command_log_level="INFO")


async def _serve(args: argparse.Namespace) -> int:
    from bot.fleet.health import Health
    from bot.intake.metrics import Metrics
    from bot.intake.running import WebhookConfig
    from bot.web import install_web

    current = settings()
    if current.token is None:
        raise Mistake("cli_no_token")
    if current.webhook_url is None:
        raise Mistake("cli_no_webhook_url")
    if current.webhook_secret is None:
        raise Mistake("cli_no_webhook_secret")
    framework = args.framework or current.framework
    redis = await connect_redis(current.redis_url) if current.redis_url else None
    try:
        app = await services(current, create=True, seed_admins=True)
        try:
            # With Redis on PostgreSQL any number of workers share the database; otherwise
            # this worker owns it alone, as `run` does.
            shared = redis is not None and not app.db.is_sqlite
            held = await guard(app.db, current.database_url, shared=shared)
            try:
                lifecycle.info(
                    "starting on %s: database %s, time zone %s, %s",
                    framework,
                    database_shown(current.database_url),
                    current.timezone,
                    "one of several workers" if shared else "the only worker",
                )
                tell_seeded(app.seeded)
                await warn_about_staffing(app.db)
                metrics = Metrics()
                hook = WebhookConfig(
                    url=current.webhook_url,
                    secret=current.webhook_secret,
                    health=Health(app.db, redis),
                    host=args.host,
                    port=args.port,
                    max_connections=args.max_connections,
                    install=(lambda routes: install_web(routes, app),),
                )
                options = IntakeOptions(
                    webhook=hook,
                    metrics=metrics,
                    metrics_port=args.metrics_port,
                    make_limiter=_shared_limiters(redis, current.token) if shared else None,
                )
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
                await runtime.run()
            finally:
                await held.release()
        finally:
            await app.close()
    finally:
        if redis is not None:
            await redis.aclose()
    return 0


def _shared_limiters(redis: Any, token: str) -> Any:
    from bot.fleet.shared_limiter import SharedLimiter

    bot_id = token.partition(":")[0]

    def make(budget: str, per_second: float | None) -> SharedLimiter:
        return SharedLimiter(redis, f"surveybot:{bot_id}:{budget}", per_second)

    return make
