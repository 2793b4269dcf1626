"""End-to-end harness: the real bot polling the Bot API sandbox over HTTP, a real database.

Only Telegram's servers are simulated (the sandbox); everything else is the
product as it runs. Time is a ManualClock and the scheduler does not tick on
its own: tests call :meth:`BotHarness.tick` when they want time-driven work done.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update

from bot.runtimes import IntakeOptions, Runtime, make_runtime
from bot.sandbox import ChatMessage, Sandbox
from bot.settings import load_settings
from bot.wiring import Services, build_services
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.ports import ManualClock
from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer, Wave
from surveys.ticker import TickReport
from surveys.timemath import local_date
from surveys.waves.model import WaveRequest
from surveys.waves.schedule import AbsoluteWindow
from surveys.waves.service import create_wave

START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)


@dataclass
class BotHarness:
    sandbox: Sandbox
    services: Services
    runtime: Runtime
    clock: ManualClock
    folder: Path

    @property
    def yesterday(self) -> date:
        return local_date(self.clock.now(), self.services.settings.zone) - timedelta(days=1)

    async def import_rows(self, *rows: str) -> None:
        path = self.folder / f"import-{len(list(self.folder.iterdir()))}.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        with open_events(
            path, timezone=self.services.settings.zone, default_region="CN", now=self.clock.now()
        ) as events:
            report = await EventImporter(self.services.db, self.clock.now).run(events)
        assert not report.errors, report.errors

    async def customer(
        self,
        customer_id: str,
        user_id: int,
        *,
        name: str = "Alex",
        language: str = "en",
        phone: str | None = None,
        kind: str = "service",
        link: bool = True,
    ) -> None:
        """Import one customer with a visit yesterday, and link their chat by deep link."""
        day = self.yesterday.isoformat()
        phone = phone or f"138{user_id % 100_000_000:08d}"
        await self.import_rows(
            f"E-{customer_id},{kind},{day} 10:00,{customer_id},{name},{phone},{language},"
            f"Pudong,Li Wei,Model 3"
        )
        self.sandbox.add_user(user_id, name, language_code=language)
        if link:
            seen = len(self.sandbox.messages(user_id))
            self.sandbox.press_start(user_id, self.services.links.issue(customer_id))
            await self.sandbox.wait_for_message(user_id, seen + 1)

    async def linked_customers(self, count: int, first_user: int = 20_000) -> list[int]:
        """Import ``count`` customers with a visit yesterday and link them (set up directly:
        linking itself is tested elsewhere); returns their Telegram user ids."""
        day = self.yesterday.isoformat()
        rows = [
            f"B-{n},service,{day} 09:{n % 60:02d},BC-{n},Customer {n},139{n:08d},en,Pudong,Li,X"
            for n in range(count)
        ]
        await self.import_rows(*rows)
        users = [first_user + n for n in range(count)]
        async with UnitOfWork(self.services.db) as uow:
            for n, user in enumerate(users):
                await uow.session.execute(
                    update(Customer)
                    .where(Customer.external_id == f"BC-{n}")
                    .values(telegram_user_id=user, chat_id=user, linked_at=self.clock.now())
                )
        for user in users:
            self.sandbox.add_user(user, f"Customer {user}", language_code="en")
        return users

    async def tick_until_done(self, wave_id: int, ticks: int = 200) -> None:
        """Tick (as the scheduler would, a second apart on the clock) until the wave is done."""
        for _ in range(ticks):
            await self.tick()
            self.clock.advance(timedelta(seconds=1))
            async with UnitOfWork(self.services.db, readonly=True) as uow:
                wave = await uow.session.get(Wave, wave_id)
                assert wave is not None
                if wave.status == "done":
                    return
            await asyncio.sleep(0.05)
        raise AssertionError(f"wave {wave_id} did not finish")

    async def wave_now(self, template: str = "post_service", kind: str = "service") -> int:
        now = self.clock.now()
        request = WaveRequest(
            template, kind, AbsoluteWindow(self.yesterday, self.yesterday), send_at=now
        )
        async with UnitOfWork(self.services.db) as uow:
            wave = await create_wave(
                uow, self.services.catalog, request, self.services.settings.zone, now
            )
            wave_id = wave.id
        await self.tick()
        return wave_id

    async def survey_typed(self, chat_id: int, *answers: str) -> None:
        """A wave sends ``chat_id`` the post-service survey, and they type these answers, each
        after the bot's reply to the one before."""
        await self.wave_now()
        await self.next_message(chat_id, 1)
        for answer in answers:
            count = len(self.sandbox.messages(chat_id))
            self.sandbox.send_text(chat_id, answer)
            await self.next_message(chat_id, count)
        await self.settle()

    async def tick(self) -> TickReport:
        assert self.runtime.ticker is not None
        return await self.runtime.ticker.tick()

    async def next_message(self, chat_id: int, after: int, timeout: float = 5.0) -> ChatMessage:  # noqa: ASYNC109
        messages = await self.sandbox.wait_for_message(chat_id, after + 1, timeout=timeout)
        return messages[after]

    async def tap_and_wait(self, chat_id: int, message: ChatMessage, data: str) -> str:
        """Tap a button and wait until the bot answered the callback; returns the toast."""
        query_id = self.sandbox.tap(chat_id, message.message_id, data)
        answer = await self.sandbox.wait_for_answer(query_id)
        return answer.text or ""

    def _message(self, chat_id: int, message_id: int) -> ChatMessage:
        return next(m for m in self.sandbox.messages(chat_id) if m.message_id == message_id)

    async def tap_and_see_edit(self, chat_id: int, message: ChatMessage, data: str) -> ChatMessage:
        """Tap a button on ``message`` and wait until the bot has edited that message."""
        before = len(self._message(chat_id, message.message_id).edits)
        await self.tap_and_wait(chat_id, message, data)

        def edited() -> ChatMessage | None:
            current = self._message(chat_id, message.message_id)
            return current if len(current.edits) > before else None

        return await self.sandbox.wait_for(edited, 5.0, f"an edit of message {message.message_id}")

    async def settle(self) -> None:
        """Let in-flight updates finish (the bot handles updates as concurrent tasks)."""
        await asyncio.sleep(0.05)
        await self.sandbox.wait_for(lambda: self.sandbox.pending_updates() == 0 or None, 5.0)
        await asyncio.sleep(0.1)


def question_buttons(message: ChatMessage) -> dict[str, str]:
    """Button label -> callback_data of a message."""
    return {b["text"]: b["callback_data"] for row in message.inline_keyboard for b in row}


def bot_environment(
    database_url: str, api_base: str, token: str, **settings: Any
) -> dict[str, str]:
    """The settings a test bot runs with; ``settings`` adds or overrides (``digest_time=...``
    becomes ``SURVEYBOT_DIGEST_TIME``)."""
    env = {
        "SURVEYBOT_DATABASE_URL": database_url,
        "SURVEYBOT_API_BASE": api_base,
        "SURVEYBOT_TOKEN": token,
        "SURVEYBOT_SECRET": "test-secret-0123456789",
        "SURVEYBOT_LANGUAGE": "zh",
        "SURVEYBOT_DIGEST_TIME": "off",
        # Probe a Telegram that stopped answering within milliseconds, not seconds.
        "SURVEYBOT_PROBE_FIRST_SECONDS": "0.01",
        "SURVEYBOT_PROBE_MAX_SECONDS": "0.05",
    }
    env.update({f"SURVEYBOT_{k.upper()}": str(v) for k, v in settings.items()})
    return env


@asynccontextmanager
async def running_bot(
    database_url: str,
    folder: Path,
    *,
    sandbox: Sandbox | None = None,
    clock: ManualClock | None = None,
    options: IntakeOptions | None = None,
    **settings: Any,
) -> AsyncIterator[BotHarness]:
    """The bot polling a sandbox (a new one, or ``sandbox`` to restart against the same one),
    on the chat framework named by the ``framework`` setting (aiogram by default); with
    ``options`` it takes updates another way (the webhook)."""
    own_sandbox = sandbox is None
    if sandbox is None:
        sandbox = Sandbox(bot_username="surveybot_test_bot")
        base_url = await sandbox.start()
    else:
        base_url = sandbox.base_url
    env = bot_environment(database_url, base_url, sandbox.token, **settings)
    clock = clock or ManualClock(START)
    services = await build_services(load_settings(env), clock=clock)
    runtime = make_runtime(
        services.settings.framework,
        services,
        token=sandbox.token,
        api_base=base_url,
        tick_seconds=None,
        polling_timeout=1,
        options=options,
    )
    task = asyncio.create_task(runtime.run())
    try:
        await asyncio.wait_for(runtime.ready.wait(), timeout=20)
        yield BotHarness(sandbox, services, runtime, clock, folder)
        if own_sandbox:
            assert sandbox.violations() == [], sandbox.violations()
    finally:
        runtime.stop()
        with suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=20)
        await services.close()
        if own_sandbox:
            await sandbox.stop()
