"""Sending a wave: our outbox against the framework's own raw sending rate, and against
a Bot API that is far away or down for a while.

Run from the repository root: ``.venv/bin/python -m benchmarks.dispatch``

The Bot API sandbox runs in its own process. Prints, in one run:

1. the framework's raw sendMessage rate (aiogram, defaults, a plain loop);
2. our unthrottled dispatch rate for a wave (rate limiter off): claim, render,
   mark sending, send, mark sent, for every delivery; and the ratio to (1);
3. the achieved rate with the limiter at 30 messages/s while the sandbox enforces
   Telegram's limits, at 0, 100, 300 and 500 ms per Bot API call: rate / limit (target
   >= 0.95 each) and how many 429s it provoked;
4. a paid broadcast at 100 ms per call against 1,000 messages/s: the ratio, and where
   the time goes (our CPU per message, database, HTTP round trip);
5. the time from the end of an outage (port closed) to the first survey sent;
6. the time and peak memory to create a 100,000-customer wave (in a child process).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from benchmarks.support import (
    SandboxProcess,
    add_users,
    linked_customers,
    sandbox_process,
)
from bot.aiogram.markup import to_aiogram
from bot.aiogram.messenger import AiogramMessenger
from bot.settings import load_settings
from bot.wiring import build_services
from nlp import analyze
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.rendering import VisitFacts
from surveys.outbox.dispatch import DispatchConfig, Dispatcher
from surveys.outbox.pacing.breaker import Breaker, BreakerConfig
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.sending.courier import Courier
from surveys.ports import Outgoing, SystemClock
from surveys.storage import UnitOfWork
from surveys.timemath import local_date
from surveys.waves.model import WaveRequest
from surveys.waves.runner import WaveRunner
from surveys.waves.schedule import AbsoluteWindow
from surveys.waves.service import create_wave

FIRST_USER = 100_000
PAID_RATE = 1000.0
ZONE = ZoneInfo("Asia/Shanghai")


def _bot(sandbox: SandboxProcess) -> Bot:
    return Bot(
        sandbox.token, session=AiohttpSession(api=TelegramAPIServer.from_base(sandbox.base_url))
    )


async def raw_rate(sandbox: SandboxProcess, messages: int, *, survey_sized: bool) -> float:
    """A plain loop of ``bot.send_message`` with aiogram's defaults: a short text, or the
    same opening message (text and keyboard) a survey sends."""
    bot = _bot(sandbox)
    text, markup = "message", None
    if survey_sized:
        opening = _opening_message()
        text, markup = opening.text, to_aiogram(opening.markup)
    try:
        await bot.send_message(FIRST_USER, "warm-up")
        started = time.perf_counter()
        for n in range(messages):
            await bot.send_message(FIRST_USER + n % 1000, text, reply_markup=markup)
        return messages / (time.perf_counter() - started)
    finally:
        await bot.session.close()


def _opening_message() -> Outgoing:
    progress = SurveyProgress(TemplateCatalog(), SystemClock(), lambda text: analyze(text), ZONE)
    facts = VisitFacts("Customer 1", "Bench", "Model 3", datetime.now(UTC))
    template = load_templates()["post_service"]
    return progress.render_opening(template, 1, FIRST_USER, "en", facts)[0]


@dataclass
class WaveRun:
    rate: float
    sent: int
    cpu_per_message_ms: float
    transactions: int
    transaction_ms: float
    round_trip_ms: float
    seconds: float


async def _wave_services(folder: Path, tag: str, deliveries: int, *, paid: bool) -> Any:
    db_file = folder / f"wave-{tag}.db"
    settings = load_settings(
        {
            "SURVEYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db_file}",
            "SURVEYBOT_QUIET_HOURS": "off",
            "SURVEYBOT_SECRET": "benchmark-secret-0123456789",
        }
    )
    services = await build_services(settings)
    now = services.clock.now()
    visit_day = local_date(now, settings.zone) - timedelta(days=1)
    visit = datetime.combine(visit_day, datetime.min.time(), tzinfo=settings.zone).astimezone(UTC)
    await linked_customers(services.db, deliveries, FIRST_USER, visit + timedelta(hours=9))
    async with UnitOfWork(services.db) as uow:
        request = WaveRequest(
            "post_service",
            "service",
            AbsoluteWindow(visit_day, visit_day),
            send_at=now,
            paid_broadcast=paid,
        )
        await create_wave(uow, services.catalog, request, settings.zone, now)
    await WaveRunner(services.db, services.clock, services.rules).start_due()
    return services


def _dispatcher(services: Any, bot: Bot, rate_limit: float | None, *, budget: float) -> Dispatcher:
    limiter = RateLimiter(rate_limit) if rate_limit else None
    return Dispatcher(
        services.db,
        services.domain.progress,
        services.catalog,
        Courier(AiogramMessenger(bot), Breaker(BreakerConfig(0.05, 0.5))),
        services.clock,
        DispatchConfig(time_budget=budget),
        limiter=limiter,
        paid_limiter=RateLimiter(PAID_RATE),
    )


def _time_database(dispatcher: Dispatcher) -> list[float]:
    """The duration of each of the outbox's transactions (wrapped on this instance)."""
    spent: list[float] = []
    outbox = dispatcher.outbox
    for name in ("claim", "mark_sending", "settle", "release"):
        inner = getattr(outbox, name)

        async def timed(*args: Any, _inner: Any = inner, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await _inner(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - started)

        setattr(outbox, name, timed)
    return spent


async def wave_rate(
    sandbox: SandboxProcess,
    deliveries: int,
    rate_limit: float | None,
    folder: Path,
    *,
    tag: str = "",
    paid: bool = False,
) -> WaveRun:
    """Send a wave of ``deliveries`` surveys through our dispatcher."""
    services = await _wave_services(folder, tag or str(rate_limit), deliveries, paid=paid)
    bot = _bot(sandbox)
    try:
        dispatcher = _dispatcher(services, bot, rate_limit, budget=3600)
        database = _time_database(dispatcher)
        cpu, started = time.process_time(), time.perf_counter()
        result = await dispatcher.tick()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        return WaveRun(
            rate=result.sent / elapsed,
            sent=result.sent,
            cpu_per_message_ms=1000 * cpu / max(result.sent, 1),
            transactions=len(database),
            transaction_ms=1000 * sum(database) / max(len(database), 1),
            round_trip_ms=1000 * dispatcher.courier.round_trip.seconds,
            seconds=elapsed,
        )
    finally:
        await bot.session.close()
        await services.close()


async def arrival_rate(sandbox: SandboxProcess) -> float:
    """Messages a second as the Bot API received them: from the first to the last."""
    found = await sandbox.control("GET", "/requests?method=sendMessage")
    times = sorted(float(r["time"]) for r in found["requests"] if r.get("status", 200) == 200)
    if len(times) < 2 or times[-1] <= times[0]:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0])


async def recovery_seconds(sandbox: SandboxProcess, folder: Path, down_for: float) -> float:
    """Seconds from the end of an outage to the first survey sent, ticking as the
    scheduler does (every 2 s) while a wave is under way."""
    services = await _wave_services(folder, "outage", 200, paid=False)
    bot = _bot(sandbox)
    try:
        dispatcher = _dispatcher(services, bot, 30.0, budget=1.0)
        await dispatcher.tick()  # about 30 go out
        await sandbox.control("POST", "/network/down", {})
        await asyncio.sleep(0.2)
        await dispatcher.tick()  # finds Telegram down: the breaker opens
        await asyncio.sleep(down_for)
        before = await _sent(services)
        await sandbox.control("POST", "/network/up", {})
        back = time.perf_counter()
        while await _sent(services) == before:
            await dispatcher.tick()
            if await _sent(services) == before:
                await asyncio.sleep(2.0)
        return time.perf_counter() - back
    finally:
        await bot.session.close()
        await services.close()


async def _sent(services: Any) -> int:
    from sqlalchemy import func, select

    from surveys.storage.tables import Delivery

    async with UnitOfWork(services.db, readonly=True) as uow:
        found = await uow.session.execute(
            select(func.count()).select_from(Delivery).where(Delivery.status == "sent")
        )
        return int(found.scalar_one())


WAVE_CHILD = """
import asyncio, json, sys, time
from datetime import UTC, datetime, timedelta
from benchmarks.support import linked_customers, peak_rss_mb
from bot.settings import load_settings
from bot.wiring import build_services
from surveys.waves.schedule import AbsoluteWindow
from surveys.storage import UnitOfWork
from surveys.timemath import local_date
from surveys.waves.model import WaveRequest
from surveys.waves.runner import WaveRunner
from surveys.waves.service import create_wave

async def main(path, count):
    settings = load_settings({"SURVEYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{path}",
                              "SURVEYBOT_QUIET_HOURS": "off",
                              "SURVEYBOT_SECRET": "benchmark-secret-0123456789"})
    services = await build_services(settings)
    now = services.clock.now()
    day = local_date(now, settings.zone) - timedelta(days=1)
    if count:
        visit = datetime.combine(day, datetime.min.time(), tzinfo=settings.zone)
        first_visit = visit.astimezone(UTC) + timedelta(hours=9)
        await linked_customers(services.db, count, 500_000, first_visit)
        await services.close()
        return
    before = peak_rss_mb()
    started = time.perf_counter()
    async with UnitOfWork(services.db) as uow:
        request = WaveRequest("post_service", "service", AbsoluteWindow(day, day), send_at=now)
        await create_wave(uow, services.catalog, request, settings.zone, now)
    started_ids = await WaveRunner(services.db, services.clock, services.rules).start_due()
    elapsed = time.perf_counter() - started
    await services.close()
    print(json.dumps({"seconds": elapsed, "peak_rss_mb": peak_rss_mb(), "before_mb": before,
                      "waves": started_ids}))

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


async def big_wave(folder: Path, customers: int) -> dict[str, float]:
    """Fill a database in one child process, then create the wave in a fresh one, so that
    the peak memory measured is that of creating the wave (plus the product's imports)."""
    path = str(folder / "big.db")
    out = b""
    for count in (customers, 0):
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            WAVE_CHILD,
            path,
            str(count),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        if process.returncode:
            raise RuntimeError(err.decode()[-2000:])
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deliveries", type=int, default=10_000)
    parser.add_argument(
        "--limited", type=int, default=300, help="deliveries at 30/s, per round trip"
    )
    parser.add_argument("--paid", type=int, default=3000, help="deliveries as a paid broadcast")
    parser.add_argument("--big-wave", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="surveybot-dispatch-bench-"))
    async with sandbox_process() as sandbox:
        users = max(args.deliveries, args.paid, 1000)
        await add_users(sandbox, range(FIRST_USER, FIRST_USER + users))
        raw = await raw_rate(sandbox, 2000, survey_sized=False)
        raw_survey = await raw_rate(sandbox, 2000, survey_sized=True)
        print(f"aiogram raw sendMessage loop, short text      {raw:8.0f} msg/s")
        print(f"aiogram raw sendMessage loop, survey message  {raw_survey:8.0f} msg/s")
        ours = await wave_rate(sandbox, args.deliveries, None, folder)
        print(
            f"wave dispatch, limiter off                    {ours.rate:8.0f} msg/s "
            f"({ours.sent} surveys)"
        )
        print(f"ratio to the short-text loop (target >= 0.8)  {ours.rate / raw:8.2f}")
        print(f"ratio to the survey-message loop              {ours.rate / raw_survey:8.2f}")
        await sandbox.control(
            "PUT",
            "/rate_limits",
            {"enabled": True, "per_second": 30, "burst": 30, "per_chat_per_second": 1},
        )
        print("limiter at 30/s, sandbox enforcing Telegram's limits (rate as the Bot API sees")
        print("the sends arrive; the wave's own rate includes its start and last round trip):")
        print("  round trip   arriving   rate/limit (>= 0.95)   wave rate   429s")
        for latency in (0.0, 0.1, 0.3, 0.5):
            await sandbox.control("PUT", "/network/latency", {"seconds": latency})
            await sandbox.control("DELETE", "/records")
            run = await wave_rate(sandbox, args.limited, 30.0, folder, tag=f"rt{latency}")
            hits = await sandbox.control("GET", "/rate_limit_hits")
            arriving = await arrival_rate(sandbox)
            print(
                f"  {1000 * latency:6.0f} ms   {arriving:6.2f}/s   {arriving / 30:6.3f}"
                f"                 {run.rate:6.2f}/s    {len(hits['rate_limit_hits'])}"
            )
        await sandbox.control("PUT", "/network/latency", {"seconds": 0.1})
        await sandbox.control("DELETE", "/records")
        paid = await wave_rate(sandbox, args.paid, None, folder, tag="paid", paid=True)
        hits = await sandbox.control("GET", "/rate_limit_hits")
        print(
            f"paid broadcast at 100 ms against {PAID_RATE:.0f}/s  {paid.rate:7.0f} msg/s, "
            f"ratio {paid.rate / PAID_RATE:.2f}, {len(hits['rate_limit_hits'])} x 429 "
            f"({paid.sent} surveys in {paid.seconds:.1f} s)"
        )
        print(
            f"  where the time goes: our CPU {paid.cpu_per_message_ms:.2f} ms per message "
            f"({paid.cpu_per_message_ms * paid.rate / 10:.0f} % of one core at this rate), "
            f"database {paid.transactions} transactions of {paid.transaction_ms:.1f} ms on "
            f"average ({paid.transactions / max(paid.sent, 1):.2f} per message, beside the "
            f"calls), HTTP round trip {paid.round_trip_ms:.0f} ms"
        )
        await sandbox.control("PUT", "/network/latency", {"seconds": 0.0})
        recovery = await recovery_seconds(sandbox, folder, down_for=5.0)
        print(f"end of a 5 s outage to the first survey sent  {recovery:6.2f} s (target < 10)")
    figures = await big_wave(folder, args.big_wave)
    print(
        f"create a {args.big_wave:,}-customer wave  {figures['seconds']:6.1f} s, "
        f"peak RSS {figures['peak_rss_mb']:.0f} MB (target < 150; "
        f"{figures['before_mb']:.0f} MB before creating it)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
