"""Several ``surveybot serve`` workers on PostgreSQL and Redis, and a 100,000-customer wave.

Run from the repository root (PostgreSQL and Redis running):
``.venv/bin/python -m benchmarks.fleet [--workers 1 2 4] [--customers 200] [--wave 100000]``

1. For 1, 2 and 4 workers on one port (SO_REUSEPORT), each a ``surveybot serve``
   process with our rate limiter off (``SURVEYBOT_RATE_LIMIT=0``) and one budget shared
   through Redis, against the Bot API sandbox in its own process, which delivers updates
   to the webhook as Telegram does: every customer has a survey open (a wave, not
   measured) and taps through it, each tap when the previous answer's next question has
   arrived (as ``benchmarks.frameworks`` does). Answers/s, and each answer's latency
   (p50, p99) from the tap to the next question's arrival (``--workers 0`` adds one
   ``surveybot run`` polling the same way, for comparison). On a 2-core machine several
   workers compete for the same cores as the sandbox and the customers: the ratios to one
   worker say more than the absolute figures.
2. A wave to ``--wave`` linked customers on PostgreSQL, limiter off: how long creating
   its deliveries takes (one worker's ``start_due``), and sending them all through our
   outbox and courier to a messenger that answers at once (no Bot API: what our own code
   and the database cost).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.frameworks import (
    PREFERRED,
    Run,
    _buttons,
    _in_parallel,
    _Recorder,
    bot_process,
    customers_of,
)
from benchmarks.support import add_users, fresh_database, linked_customers, sandbox_process
from bot.settings import environment_without_settings, load_settings

FIRST_USER = 300_000
SECRET = "fleet-benchmark-secret"


async def _prepare(env: dict[str, str], customers: int) -> None:
    """``customers`` linked customers with a visit yesterday and a wave due now."""
    from bot.wiring import build_services
    from surveys.storage import UnitOfWork
    from surveys.timemath import local_date
    from surveys.waves.model import WaveRequest
    from surveys.waves.schedule import AbsoluteWindow
    from surveys.waves.service import create_wave

    services = await build_services(load_settings(env))
    try:
        zone = services.settings.zone
        now = services.clock.now()
        day = local_date(now, zone) - timedelta(days=1)
        visit = datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(UTC)
        await linked_customers(services.db, customers, FIRST_USER, visit + timedelta(hours=9))
        async with UnitOfWork(services.db) as uow:
            request = WaveRequest("post_service", "service", AbsoluteWindow(day, day), now)
            await create_wave(uow, services.catalog, request, zone, now)
    finally:
        await services.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def workers_rate(
    count: int, customers: int, database_url: str, redis_url: str, folder: Path
) -> Run:
    """``count`` serve workers on one port (0: one ``surveybot run`` polling instead);
    every customer answers a whole survey."""
    users = list(range(FIRST_USER, FIRST_USER + customers))
    async with (
        fresh_database(database_url) as url,
        sandbox_process() as sandbox,
        customers_of(sandbox) as people,
    ):
        await add_users(sandbox, range(users[0], users[-1] + 1))
        port = _free_port()
        env = {
            "SURVEYBOT_DATABASE_URL": url,
            "SURVEYBOT_API_BASE": sandbox.base_url,
            "SURVEYBOT_TOKEN": sandbox.token,
            "SURVEYBOT_SECRET": "benchmark-secret-0123456789",
            "SURVEYBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "SURVEYBOT_WEBHOOK_SECRET": SECRET,
            "SURVEYBOT_REDIS_URL": redis_url,
            "SURVEYBOT_QUIET_HOURS": "off",
            "SURVEYBOT_RATE_LIMIT": "0",
            "SURVEYBOT_DIGEST_TIME": "off",
            "SURVEYBOT_LOG_LEVEL": "WARNING",
        }
        await _prepare(env, customers)
        full = {**environment_without_settings(), **env}
        command = ["-m", "bot", "serve", "--port", str(port), "--tick", "0.5"]
        if count == 0:
            command = ["-m", "bot", "run", "--tick", "0.5"]
        async with AsyncExitStack() as stack:
            for n in range(max(count, 1)):
                log = folder / f"serve-{count}-{n}.log"
                await stack.enter_async_context(bot_process(command, full, log))
            method = "setWebhook" if count else "getUpdates"
            body = {"method": method, "count": max(count, 1), "timeout": 120}
            await people.post("/wait/requests", body)
            opened = await asyncio.gather(*(people.messages(user, 1) for user in users))

            async def answer_all(user: int, opening: list[Any]) -> list[float]:
                latencies = []
                seen = opening
                while buttons := _buttons(seen[-1]):
                    data = next((buttons[p] for p in PREFERRED if p in buttons), None)
                    data = data or list(buttons.values())[-1]
                    tapped = time.perf_counter()
                    path = f"/chats/{user}/messages/{seen[-1]['message_id']}/tap"
                    await people.post(path, {"callback_data": data})
                    seen = await people.messages(user, len(seen) + 1)
                    latencies.append(time.perf_counter() - tapped)
                return latencies

            journeys = dict(zip(users, opened, strict=True))
            return await _in_parallel(users, lambda user: answer_all(user, journeys[user]))


async def big_wave(customers: int, database_url: str) -> tuple[float, float, int]:
    """Seconds to create the wave's deliveries and to send them all; how many were sent."""
    from sqlalchemy import func, select

    from bot.wiring import assemble_outbound, build_services
    from surveys.storage import UnitOfWork
    from surveys.storage.tables import Delivery

    async with fresh_database(database_url) as url:
        env = {
            "SURVEYBOT_DATABASE_URL": url,
            "SURVEYBOT_API_BASE": "http://127.0.0.1:9",
            "SURVEYBOT_TOKEN": "123456:" + "A" * 35,
            "SURVEYBOT_SECRET": "benchmark-secret-0123456789",
            "SURVEYBOT_QUIET_HOURS": "off",
            "SURVEYBOT_RATE_LIMIT": "0",
            "SURVEYBOT_DIGEST_TIME": "off",
        }
        await _prepare(env, customers)
        services = await build_services(load_settings(env))
        try:
            outbound = assemble_outbound(services, _Recorder())
            started = time.perf_counter()
            await outbound.ticker.waves.start_due()
            created = time.perf_counter() - started
            started = time.perf_counter()
            while True:
                await outbound.ticker.dispatcher.tick()
                async with UnitOfWork(services.db, readonly=True) as uow:
                    left = (
                        await uow.session.execute(
                            select(func.count()).where(
                                Delivery.status.in_(("pending", "claimed", "sending"))
                            )
                        )
                    ).scalar_one()
                if left == 0:
                    break
            sent_seconds = time.perf_counter() - started
            async with UnitOfWork(services.db, readonly=True) as uow:
                sent = (
                    await uow.session.execute(select(func.count()).where(Delivery.status == "sent"))
                ).scalar_one()
        finally:
            await services.close()
    return created, sent_seconds, int(sent)


async def measure(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="surveybot-fleet-bench-"))
    print(
        f"PostgreSQL {args.database_url.split('@')[-1]}, Redis {args.redis_url}; logs in {folder}"
    )
    rows: list[tuple[int, Run]] = []
    for count in args.workers:
        run = await workers_rate(count, args.customers, args.database_url, args.redis_url, folder)
        rows.append((count, run))
    head = f"{'workers':>7} {'answers/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'vs 1 worker':>11}"
    print(f"\n{args.customers} customers at once, each tapping through a survey.\n")
    print(head)
    print("-" * len(head))
    base = next((run.rate for count, run in rows if count), rows[0][1].rate)
    for count, run in rows:
        name = str(count) if count else "run"
        print(
            f"{name:>7} {run.rate:9.0f} {run.percentile(50):7.1f} {run.percentile(99):7.1f} "
            f"{run.rate / base:11.2f}"
        )
    if args.wave:
        created, sent_seconds, sent = await big_wave(args.wave, args.database_url)
        print(
            f"\nA wave to {args.wave:,} customers on PostgreSQL, limiter off: deliveries "
            f"created in {created:.1f} s ({args.wave / created:,.0f}/s); {sent:,} sent through "
            f"the outbox to an instant messenger in {sent_seconds:.1f} s "
            f"({sent / sent_seconds:,.0f}/s)."
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2, 4], help="0: `run` (polling) instead"
    )
    parser.add_argument("--customers", type=int, default=200, help="customers at once")
    parser.add_argument("--wave", type=int, default=100_000, help="customers of the big wave")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "SURVEYBOT_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server (fresh databases are made beside this one)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("SURVEYBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
    )
    return asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
