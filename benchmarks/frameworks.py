"""Both chat frameworks end to end: survey answers per second next to a plain echo bot.

Run from the repository root: ``.venv/bin/python -m benchmarks.frameworks``

For each framework (aiogram, python-telegram-bot), in one run, each measurement against a
fresh Bot API sandbox in its own process, with the bot in another process and the
simulated customers in this one:

1. the framework's raw echo rate with its default settings: a minimal echo bot;
   ``--customers`` users at once, each sending ``--answers`` messages one after another
   (send, wait for the echo, send the next);
2. survey answers per second, driven the same way: ``surveybot run --framework X`` with
   our rate limiter off (``SURVEYBOT_RATE_LIMIT=0``); every customer has a survey open and
   taps an answer through the sandbox's control API; the bot stores it, edits the question
   to show the answer and sends the next question; the customer taps again when it
   arrives (eight taps: seven scores and skipping the comment);
3. their ratio (target at least 0.33), and each answer's latency (p50, p99) from the tap
   to the next question's arrival in the sandbox.

The survey runs on SQLite, or with ``--database-url postgresql+asyncpg://...`` on fresh
PostgreSQL databases made beside that one (and dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.support import (
    SandboxProcess,
    add_users,
    fresh_database,
    linked_customers,
    sandbox_process,
)
from bot.runtimes import FRAMEWORKS
from bot.settings import environment_without_settings, load_settings
from surveys.ports import Outgoing

FIRST_USER = 100_000
TARGET_RATIO = 0.33
# The answer tapped for each question: the top score, else (comment) the skip button.
PREFERRED = ("10", "5")


@dataclass
class Run:
    """One measurement: how many round trips in how long, and each one's latency."""

    count: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float | None = None
    """CPU time the bot's process spent during the run (all its threads), where measured."""

    @property
    def cpu_ms_per_answer(self) -> float | None:
        return None if self.cpu_seconds is None else 1000 * self.cpu_seconds / self.count

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def percentile(self, p: int) -> float:
        """The ``p``-th percentile latency, in milliseconds."""
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return 1000 * cuts[p - 1]


class Customers:
    """Simulated users, through the sandbox's control API (one shared HTTP session)."""

    def __init__(self, sandbox: SandboxProcess, session: aiohttp.ClientSession) -> None:
        self.base = f"{sandbox.base_url}/_sandbox"
        self.session = session

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async with self.session.post(f"{self.base}{path}", json=body) as response:
            data: dict[str, Any] = await response.json()
        if not data.get("ok", True):
            raise RuntimeError(f"{path}: {data}")
        return data

    async def messages(self, chat: int, count: int, timeout: float = 60.0) -> list[Any]:  # noqa: ASYNC109
        """The bot's messages in ``chat`` once there are ``count`` of them."""
        body = {"chat_id": chat, "count": count, "timeout": timeout}
        found: list[Any] = (await self.post("/wait/messages", body))["messages"]
        return found

    async def polling(self) -> None:
        await self.post("/wait/requests", {"method": "getUpdates", "timeout": 60})


@asynccontextmanager
async def customers_of(sandbox: SandboxProcess) -> AsyncIterator[Customers]:
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        yield Customers(sandbox, session)


def cpu_seconds_of(pid: int) -> float:
    """User and system CPU time of a running process, all threads (Linux ``/proc``)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


@asynccontextmanager
async def bot_process(
    args: list[str], env: dict[str, str], log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A bot in a child process, stopped (SIGTERM, as an operator would) afterwards."""
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, *args, env=env, stdout=output, stderr=asyncio.subprocess.STDOUT
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=30)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _in_parallel(users: list[int], journey: Any) -> Run:
    started = time.perf_counter()
    per_user = await asyncio.gather(*(journey(user) for user in users))
    elapsed = time.perf_counter() - started
    latencies = [latency for user in per_user for latency in user]
    return Run(len(latencies), elapsed, latencies)


async def echo_rate(framework: str, users: list[int], answers: int, folder: Path) -> Run:
    """The framework's own echo bot, default settings, the same customers' pattern."""
    async with sandbox_process() as sandbox, customers_of(sandbox) as customers:
        await add_users(sandbox, range(users[0], users[-1] + 1))
        command = ["-m", "benchmarks.frameworks", "--echo", framework, sandbox.base_url]
        env = {**os.environ, "ECHO_TOKEN": sandbox.token}
        async with bot_process(command, env, folder / f"echo-{framework}.log") as bot:
            await customers.polling()
            cpu_before = cpu_seconds_of(bot.pid)

            async def chat(user: int) -> list[float]:
                latencies = []
                for n in range(answers):
                    tapped = time.perf_counter()
                    await customers.post(f"/users/{user}/text", {"text": f"answer {n}"})
                    await customers.messages(user, n + 1)
                    latencies.append(time.perf_counter() - tapped)
                return latencies

            run = await _in_parallel(users, chat)
            run.cpu_seconds = cpu_seconds_of(bot.pid) - cpu_before
            return run


async def survey_rate(framework: str, users: list[int], folder: Path, base: str | None) -> Run:
    """``surveybot run`` with the limiter off: every customer answers a whole survey (on a
    fresh PostgreSQL database beside ``base``, else on SQLite)."""
    async with (
        sandbox_process() as sandbox,
        customers_of(sandbox) as customers,
        database_for(framework, folder, base) as url,
    ):
        await add_users(sandbox, range(users[0], users[-1] + 1))
        env = await _survey_database(url, sandbox, len(users))
        command = ["-m", "bot", "run", "--framework", framework]
        async with bot_process(command, env, folder / f"survey-{framework}.log") as bot:
            # Every survey is sent first (a wave, not measured), then answered.
            opened = await asyncio.gather(*(customers.messages(user, 1) for user in users))
            cpu_before = cpu_seconds_of(bot.pid)

            async def answer_all(user: int, opening: list[Any]) -> list[float]:
                latencies = []
                seen = opening
                while buttons := _buttons(seen[-1]):
                    data = next((buttons[p] for p in PREFERRED if p in buttons), None)
                    data = data or list(buttons.values())[-1]
                    tapped = time.perf_counter()
                    path = f"/chats/{user}/messages/{seen[-1]['message_id']}/tap"
                    await customers.post(path, {"callback_data": data})
                    seen = await customers.messages(user, len(seen) + 1)
                    latencies.append(time.perf_counter() - tapped)
                return latencies

            journeys = dict(zip(users, opened, strict=True))
            run = await _in_parallel(users, lambda user: answer_all(user, journeys[user]))
            run.cpu_seconds = cpu_seconds_of(bot.pid) - cpu_before
            return run


def _buttons(message: dict[str, Any]) -> dict[str, str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return {b["text"]: b["callback_data"] for row in rows for b in row}


@asynccontextmanager
async def database_for(name: str, folder: Path, base: str | None) -> AsyncIterator[str]:
    """A SQLite file in ``folder``, or (``base`` given) a fresh PostgreSQL database."""
    if base is None:
        yield f"sqlite+aiosqlite:///{folder / f'survey-{name}.db'}"
        return
    async with fresh_database(base) as url:
        yield url


async def _survey_database(
    url: str, sandbox: SandboxProcess | None, customers: int
) -> dict[str, str]:
    """A database with ``customers`` linked customers and a wave due now; the bot's env."""
    from bot.wiring import build_services
    from surveys.storage import UnitOfWork
    from surveys.timemath import local_date
    from surveys.waves.model import WaveRequest
    from surveys.waves.schedule import AbsoluteWindow
    from surveys.waves.service import create_wave

    env = {
        "SURVEYBOT_DATABASE_URL": url,
        "SURVEYBOT_SECRET": "benchmark-secret-0123456789",
        "SURVEYBOT_QUIET_HOURS": "off",
        "SURVEYBOT_RATE_LIMIT": "0",
        "SURVEYBOT_DIGEST_TIME": "off",
        "SURVEYBOT_LOG_LEVEL": "WARNING",
    }
    if sandbox is not None:
        env.update(SURVEYBOT_API_BASE=sandbox.base_url, SURVEYBOT_TOKEN=sandbox.token)
    services = await build_services(load_settings(env))
    try:
        zone = services.settings.zone
        now = services.clock.now()
        day = local_date(now, zone) - timedelta(days=1)
        visit = datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(UTC)
        await linked_customers(services.db, customers, FIRST_USER, visit + timedelta(hours=9))
        async with UnitOfWork(services.db) as uow:
            window = AbsoluteWindow(day, day)
            request = WaveRequest("post_service", "service", window, send_at=now)
            await create_wave(uow, services.catalog, request, zone, now)
    finally:
        await services.close()
    return {**environment_without_settings(), **env}


class _Recorder:
    """A Messenger that delivers instantly: what our own code costs without Telegram."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.questions: dict[int, tuple[int, Outgoing]] = {}
        self.arrived: dict[int, asyncio.Event] = {}

    async def send(self, message: Outgoing) -> int:
        if message.edit_message_id is not None:
            return message.edit_message_id
        message_id = next(self.ids)
        self.questions[message.chat_id] = (message_id, message)
        self.arrived.setdefault(message.chat_id, asyncio.Event()).set()
        return message_id

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        return None

    async def probe(self) -> None:
        return None


async def engine_rate(users: list[int], folder: Path, base: str | None = None) -> Run:
    """The same answers straight into the engine and our reply sender, no framework and no
    Bot API: the ceiling our own code (engine, storage, rendering) sets."""
    async with database_for("engine", folder, base) as url:
        return await _engine_rate(users, url)


async def _engine_rate(users: list[int], url: str) -> Run:
    from bot.wiring import assemble_outbound, build_services
    from surveys.ports import Inbound, InlineKeyboard, Sender

    env = await _survey_database(url, None, len(users))
    services = await build_services(load_settings(env))
    recorder = _Recorder()
    updates = itertools.count(1)
    try:
        outbound = assemble_outbound(services, recorder)
        while len(recorder.questions) < len(users):
            await outbound.ticker.tick()

        async def answer_all(user: int) -> list[float]:
            latencies: list[float] = []
            sender = Sender(user, user, f"C{user}", "en")
            while True:
                message_id, question = recorder.questions[user]
                if not isinstance(question.markup, InlineKeyboard):
                    return latencies
                buttons = {b.label: b.action for row in question.markup.rows for b in row}
                action = next((buttons[p] for p in PREFERRED if p in buttons), None)
                action = action or list(buttons.values())[-1]
                tapped = time.perf_counter()
                inbound = Inbound(next(updates), sender)
                reply = await services.engine.on_action(inbound, action, message_id)
                await outbound.replies.send(reply, "callback")
                latencies.append(time.perf_counter() - tapped)

        cpu_before = time.process_time()
        run = await _in_parallel(users, answer_all)
        run.cpu_seconds = time.process_time() - cpu_before
        await outbound.replies.drain()
        return run
    finally:
        await services.close()


# --- the minimal echo bots, with each framework's defaults ------------------------------


def echo_aiogram(base_url: str, token: str) -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        if message.text is not None and message.bot is not None:
            await message.bot.send_message(message.chat.id, message.text)

    async def main() -> None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
        await dispatcher.start_polling(Bot(token, session=session))

    asyncio.run(main())


def echo_ptb(base_url: str, token: str) -> None:
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text is not None:
            await context.bot.send_message(message.chat_id, message.text)

    application = (
        Application.builder()
        .token(token)
        .base_url(f"{base_url}/bot")
        .base_file_url(f"{base_url}/file/bot")
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling()


ECHO_BOTS = {"aiogram": echo_aiogram, "ptb": echo_ptb}


async def measure(
    frameworks: list[str], customers: int, answers: int, base: str | None = None
) -> int:
    folder = Path(tempfile.mkdtemp(prefix="surveybot-frameworks-bench-"))
    users = list(range(FIRST_USER, FIRST_USER + customers))
    rows = []
    for framework in frameworks:
        echo = await echo_rate(framework, users, answers, folder)
        survey = await survey_rate(framework, users, folder, base)
        rows.append((framework, echo, survey))
    ceiling = await engine_rate(users, folder, base)
    print(
        f"{customers} customers at once, each sending {answers} messages (echo) or tapping "
        f"the survey's {ceiling.count // customers} answers (survey), one after another, "
        f"on {'PostgreSQL' if base else 'SQLite'}."
    )
    print(f"Logs and databases in {folder}\n")
    head = (
        f"{'framework':<10} {'echo/s':>7} {'p50 ms':>7} {'p99 ms':>7}   "
        f"{'answers/s':>9} {'p50 ms':>7} {'p99 ms':>7}   {'ratio':>5}   {'of ceiling':>10}   "
        f"{'cpu ms':>6} {'echo':>5} {'ours':>5}"
    )
    print(head)
    print("-" * len(head))
    worst = min(survey.rate / echo.rate for _, echo, survey in rows)
    for framework, echo, survey in rows:
        ratio = survey.rate / echo.rate
        cpu, echo_cpu = survey.cpu_ms_per_answer or 0.0, echo.cpu_ms_per_answer or 0.0
        print(
            f"{framework:<10} {echo.rate:7.0f} {echo.percentile(50):7.1f} "
            f"{echo.percentile(99):7.1f}   {survey.rate:9.0f} {survey.percentile(50):7.1f} "
            f"{survey.percentile(99):7.1f}   {ratio:5.2f}   {survey.rate / ceiling.rate:10.2f}   "
            f"{cpu:6.2f} {echo_cpu:5.2f} {cpu - echo_cpu:5.2f}"
        )
    print(
        f"{'no chat':<10} {'':7} {'':7} {'':7}   {ceiling.rate:9.0f} "
        f"{ceiling.percentile(50):7.1f} {ceiling.percentile(99):7.1f}   {'':5}   {'':10}   "
        f"{ceiling.cpu_ms_per_answer or 0.0:6.2f} {'':5} {ceiling.cpu_ms_per_answer or 0.0:5.2f}"
    )
    verdict = "met" if worst >= TARGET_RATIO else "NOT met"
    print(
        f"\nratio: answers/s over the framework's echo/s (target >= {TARGET_RATIO}: {verdict}).\n"
        "no chat: the same answers fed straight to the engine and our reply sender, without "
        "a framework or the Bot API: the ceiling our own code sets; 'of ceiling' is the share "
        "of it each framework reaches.\n"
        "cpu ms: the bot process's CPU time (all threads) per answer; echo: the echo bot's per "
        "message (the framework's own cost of an update and a send); ours: the difference, "
        "what our code costs per answer (no chat: all of it is ours; target < 2 ms)."
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--framework", choices=FRAMEWORKS, action="append")
    parser.add_argument("--customers", type=int, default=200, help="customers at once")
    parser.add_argument("--answers", type=int, default=8, help="echo messages per customer")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="survey on PostgreSQL: fresh databases are made beside this one (default SQLite)",
    )
    parser.add_argument("--echo", nargs=2, metavar=("FRAMEWORK", "BASE_URL"), help="(internal)")
    args = parser.parse_args()
    if args.echo:
        framework, base_url = args.echo
        ECHO_BOTS[framework](base_url, os.environ["ECHO_TOKEN"])
        return 0
    frameworks = args.framework or list(FRAMEWORKS)
    return asyncio.run(measure(frameworks, args.customers, args.answers, args.database_url))


if __name__ == "__main__":
    sys.exit(main())
