"""Three workers tick at the same moment on one database: every time-driven job is done once.

One ``running_bot`` (the only poller, owning the sandbox) and two more workers, each with
its own services, Bot and outbound stack on the same database, the same settings and the
same clock, all three ticking at once: an overdue complaint goes up one level and its
next manager gets one card; an expired survey ends once and opens one complaint, one card;
the morning digest reaches each staff member once that day.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import func, select

from bot.aiogram.messenger import AiogramMessenger
from bot.aiogram.session import StatusSession
from bot.sandbox import ChatMessage
from bot.settings import load_settings
from bot.wiring import Outbound, Services, assemble_outbound, build_services
from surveys.complaints.clockwork import ComplaintTick
from surveys.conversation.states import SurveyState
from surveys.ports import ManualClock
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import (
    AppState,
    Complaint,
    ComplaintAction,
    Delivery,
    Fault,
    Notification,
)
from surveys.ticker import TickReport
from tests.support.harness import START, BotHarness, bot_environment, running_bot

CUSTOMER = 1001
MANAGER = 5001  # Pudong, level 1
SECOND = 5002  # Pudong, level 2
ADMIN = 5009
STAFF = (MANAGER, SECOND, ADMIN)


@dataclass
class Worker:
    """A worker besides the harness: its own services, Bot and outbound stack."""

    services: Services
    outbound: Outbound


@dataclass
class Fleet:
    harness: BotHarness
    others: list[Worker]

    async def tick_at_once(self) -> list[TickReport]:
        """One tick on every worker, at the same moment on the same clock."""
        ticks = [self.harness.tick(), *(w.outbound.ticker.tick() for w in self.others)]
        return list(await asyncio.gather(*ticks))

    async def settle(self) -> None:
        """Let what the ticks queued go out: another round at once, one more, quiet."""
        await self.tick_at_once()
        await self.harness.tick()
        await self.harness.settle()


def _to(params: dict[str, Any], chat_id: int) -> bool:
    return str(params.get("chat_id")) == str(chat_id)


@asynccontextmanager
async def _worker(env: dict[str, str], clock: ManualClock) -> AsyncIterator[Worker]:
    services = await build_services(load_settings(env), clock=clock)
    try:
        session = StatusSession(api=TelegramAPIServer.from_base(env["SURVEYBOT_API_BASE"]))
        bot = Bot(env["SURVEYBOT_TOKEN"], session=session)
        try:
            outbound = assemble_outbound(services, AiogramMessenger(bot))
            try:
                yield Worker(services, outbound)
            finally:
                await outbound.replies.drain()
        finally:
            await bot.session.close()
    finally:
        await services.close()


@asynccontextmanager
async def three_workers(
    database_url: str, tmp_path: Path, *, clock: ManualClock | None = None, **settings: Any
) -> AsyncIterator[Fleet]:
    folder = tmp_path / "imports"
    folder.mkdir()
    settings = {"language": "en", **settings}
    clock = clock or ManualClock(START)
    async with running_bot(database_url, folder, clock=clock, **settings) as harness:
        sandbox = harness.sandbox
        env = bot_environment(database_url, sandbox.base_url, sandbox.token, **settings)
        async with AsyncExitStack() as stack:
            others = [await stack.enter_async_context(_worker(env, clock)) for _ in range(2)]
            await _staff(harness)
            yield Fleet(harness, others)


async def _staff(harness: BotHarness) -> None:
    now = harness.clock.now()
    async with UnitOfWork(harness.services.db) as uow:
        for user, role, level in (
            (MANAGER, Role.MANAGER, 1),
            (SECOND, Role.MANAGER, 2),
            (ADMIN, Role.ADMIN, 1),
        ):
            branch = "Pudong" if role is Role.MANAGER else None
            await add_staff(uow, user_id=user, role=role, branch=branch, level=level, now=now)
    for user in STAFF:
        harness.sandbox.add_user(user, f"Staff {user}", language_code="en")


def _cards(harness: BotHarness, chat: int) -> list[ChatMessage]:
    return [m for m in harness.sandbox.messages(chat) if "Complaint #" in (m.text or "")]


def _digests(harness: BotHarness, chat: int) -> list[ChatMessage]:
    return [m for m in harness.sandbox.messages(chat) if "Good morning." in (m.text or "")]


async def _count(harness: BotHarness, *where: Any) -> int:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return int((await uow.session.execute(select(func.count()).where(*where))).scalar_one())


async def _complaints(harness: BotHarness) -> list[Complaint]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return list((await uow.session.execute(select(Complaint))).scalars())


def _complaint_ticks(reports: list[TickReport]) -> list[ComplaintTick]:
    """What each worker's complaints stage did (None had it failed)."""
    ticks = [r.complaints for r in reports]
    assert all(tick is not None for tick in ticks), ticks
    return [tick for tick in ticks if tick is not None]


def _no_stage_failed(caplog: pytest.LogCaptureFixture) -> None:
    """A stage that failed on one worker would hide a race instead of showing it."""
    failed = [r.getMessage() for r in caplog.records if r.name == "surveys.ticker"]
    assert failed == []


async def test_an_overdue_complaint_goes_up_one_level_once(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with three_workers(database_url, tmp_path) as fleet:
        bot = fleet.harness
        await bot.customer("C-1", CUSTOMER)
        await bot.survey_typed(
            CUSTOMER, "1", "2", "skip", "skip", "skip", "skip", "skip", "1", "Brakes squeal."
        )
        await bot.tick()
        [complaint] = await _complaints(bot)
        assert (complaint.severity, complaint.level) == ("critical", 1)
        assert len(_cards(bot, MANAGER)) == 1
        assert _cards(bot, SECOND) == []

        bot.clock.advance(timedelta(minutes=61))  # critical: acknowledged within the hour
        reports = await fleet.tick_at_once()
        escalated = sorted((t.escalated for t in _complaint_ticks(reports)), key=len)
        assert escalated == [[], [], [complaint.id]]
        await fleet.settle()

        [complaint] = await _complaints(bot)
        assert complaint.level == 2
        moves = ComplaintAction.action.in_(("escalated", "escalated_unresolved"))
        assert await _count(bot, moves) == 1
        level_two = (Notification.kind == "card", Notification.chat_id == SECOND)
        assert await _count(bot, *level_two) == 1
        assert await _count(bot, *level_two, Notification.status == "sent") == 1
        [card] = _cards(bot, SECOND)
        assert "level 2" in (card.text or "")
        assert len(_cards(bot, MANAGER)) == 1  # edited to show it overdue, not posted again
        assert _cards(bot, ADMIN) == []
        # ... and edited by one worker: the card is claimed before it is edited.
        edits = [r for r in bot.sandbox.requests("editMessageText") if _to(r.params, MANAGER)]
        assert len(edits) == 1, [(e.status, e.description) for e in edits]

        await fleet.tick_at_once()  # the next level has its own hour: nothing moves
        await bot.settle()
        assert (await _complaints(bot))[0].level == 2
        assert await _count(bot, moves) == 1
        assert len(_cards(bot, SECOND)) == 1
    _no_stage_failed(caplog)


async def test_an_expired_survey_ends_once_and_opens_one_complaint(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with three_workers(database_url, tmp_path) as fleet:
        bot = fleet.harness
        await bot.customer("C-1", CUSTOMER)
        await bot.survey_typed(CUSTOMER, "1")  # one star, then silence
        assert await _complaints(bot) == []
        told = len(bot.sandbox.messages(CUSTOMER))

        bot.clock.advance(timedelta(hours=72, minutes=1))
        reports = await fleet.tick_at_once()
        assert sorted(r.expired for r in reports) == [0, 0, 1]
        await fleet.settle()

        async with UnitOfWork(bot.services.db, readonly=True) as uow:
            [survey] = (await uow.session.execute(select(Delivery))).scalars()
        assert survey.survey_state == SurveyState.EXPIRED.value
        [complaint] = await _complaints(bot)
        assert (complaint.delivery_id, complaint.severity) == (survey.id, "high")
        assert complaint.overall == 1
        assert await _count(bot, ComplaintAction.action == "opened") == 1
        assert await _count(bot, Notification.kind == "card") == 1
        assert await _count(bot, Fault.id.is_not(None)) == 0
        [card] = _cards(bot, MANAGER)
        assert "overall 1/5" in (card.text or "")
        assert _cards(bot, SECOND) == []
        assert _cards(bot, ADMIN) == []
        assert len(bot.sandbox.messages(CUSTOMER)) == told  # expiry says nothing to them
    _no_stage_failed(caplog)


async def test_the_morning_digest_goes_to_each_staff_member_once(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tuesday_8am = ManualClock(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))  # 08:00 in Shanghai
    async with three_workers(
        database_url, tmp_path, clock=tuesday_8am, digest_time="09:00"
    ) as fleet:
        bot = fleet.harness
        day = "digest:2026-12-01"
        reports = await fleet.tick_at_once()
        assert [t.digests for t in _complaint_ticks(reports)] == [0, 0, 0]

        bot.clock.advance(timedelta(hours=1, minutes=1))
        reports = await fleet.tick_at_once()
        digests = sorted(t.digests for t in _complaint_ticks(reports))
        assert digests == [0, 0, len(STAFF)]
        await fleet.settle()

        assert await _count(bot, AppState.key == day) == 1
        for user in STAFF:
            mine = (Notification.chat_id == user, Notification.kind == day)
            assert await _count(bot, *mine) == 1, user
            assert await _count(bot, *mine, Notification.status == "sent") == 1, user
            assert len(_digests(bot, user)) == 1, user
        assert await _count(bot, Notification.kind.startswith("weekly:")) == 0  # not a Monday

        bot.clock.advance(timedelta(hours=1))
        reports = await fleet.tick_at_once()
        assert [t.digests for t in _complaint_ticks(reports)] == [0, 0, 0]
        await fleet.settle()
        assert await _count(bot, Notification.kind == day) == len(STAFF)
        assert [len(_digests(bot, user)) for user in STAFF] == [1] * len(STAFF)
    _no_stage_failed(caplog)


@pytest.fixture(autouse=True)
def _ticker_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="surveys.ticker")
