"""The survey by link under load: customers answering on pages at the same time.

Run from the repository root: ``.venv/bin/python -m benchmarks.web_pages [--customers N]
[--concurrency C]``

Imports N customers (default 200) with a visit yesterday, makes a link for each, serves the
pages on a loopback port over a fresh SQLite file (the product's defaults: WAL,
BEGIN IMMEDIATE), and lets C clients (default 20) at a time each answer a whole survey the
way a browser does (GET the question, POST the answer, follow the redirect), the unhappy
half writing a comment that opens a complaint. Prints answers per second, the median and
95th percentile time of one answer (POST and the redirected GET), and checks that every
survey was completed once and every unhappy one became one complaint.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from bot.settings import load_settings
from bot.web.server import bound_port, serve_web
from bot.wiring import build_services
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.storage import UnitOfWork
from surveys.storage.tables import Complaint, Customer, Delivery
from surveys.timemath import local_date
from surveys.web.links import LinkPolicy, survey_link

HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
QUESTION = re.compile(r'name="q" value="([^"]+)"')


async def _answer_all(base: str, url: str, unhappy: bool, times: list[float]) -> None:
    jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[base])
    steps = ["1", "0"] if unhappy else ["5", "10"]
    async with aiohttp.ClientSession(cookie_jar=jar) as client:
        async with client.get(url) as response:
            page = await response.text()
        for step in range(20):
            question, csrf = QUESTION.search(page), CSRF.search(page)
            if question is None or csrf is None:
                return
            fields = {"csrf": csrf.group(1), "q": question.group(1)}
            if 'name="text"' in page:
                fields["text"] = "Rude staff, waited three hours." if unhappy else "Fine."
            elif step < len(steps):
                fields["v"] = steps[step]
            else:
                fields["op"] = "skip"
            started = time.perf_counter()
            async with client.post(url, data=fields) as response:
                page = await response.text()
            times.append(time.perf_counter() - started)


async def run(customers: int, concurrency: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="web-bench-"))
    settings = load_settings(
        {
            "SURVEYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'bench.db'}",
            "SURVEYBOT_SECRET": "web-benchmark-secret-0123456789",
            "SURVEYBOT_LANGUAGE": "en",
        }
    )
    services = await build_services(settings)
    try:
        day = local_date(services.clock.now(), settings.zone) - timedelta(days=1)
        rows = [
            f"W-{n},service,{day} 10:00,WC-{n},Customer {n},139{n:08d},en,Pudong,Li,X"
            for n in range(customers)
        ]
        path = folder / "events.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        with open_events(
            path, timezone=settings.zone, default_region="CN", now=services.clock.now()
        ) as events:
            await EventImporter(services.db, services.clock.now).run(events)
        keys = services.domain.web_keys
        assert keys is not None
        policy = LinkPolicy(settings.zone, settings.language)
        tokens = []
        async with UnitOfWork(services.db) as uow:
            for customer in (await uow.session.execute(select(Customer))).scalars():
                made = await survey_link(
                    uow, keys, services.catalog, policy, customer, services.clock.now()
                )
                tokens.append(made.token)
        runner = await serve_web(services, 0)
        base = f"http://127.0.0.1:{bound_port(runner)}"
        times: list[float] = []
        gate = asyncio.Semaphore(concurrency)

        async def one(index: int, token: str) -> None:
            async with gate:
                await _answer_all(base, f"{base}/s/{token}", index % 2 == 0, times)

        started = time.perf_counter()
        try:
            await asyncio.gather(*(one(i, t) for i, t in enumerate(tokens)))
        finally:
            elapsed = time.perf_counter() - started
            await runner.cleanup()
        async with UnitOfWork(services.db, readonly=True) as uow:
            completed = await uow.session.scalar(
                select(func.count()).where(Delivery.survey_state == "completed")
            )
            complaints = await uow.session.scalar(select(func.count()).select_from(Complaint))
        quantiles = statistics.quantiles(times, n=20)
        print(
            f"{customers} surveys by link, {concurrency} at a time: {len(times)} answers in "
            f"{elapsed:.1f} s = {len(times) / elapsed:.0f} answers/s; one answer (POST + "
            f"redirected GET) median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {quantiles[18] * 1000:.0f} ms; {completed} completed, {complaints} complaints"
        )
        assert completed == customers, completed
        assert complaints == (customers + 1) // 2, complaints
    finally:
        await services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(run(args.customers, args.concurrency))


if __name__ == "__main__":
    main()
