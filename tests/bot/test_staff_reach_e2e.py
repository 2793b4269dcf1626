"""Staff who cannot be reached yet: the card that fails is logged and the admins are told,
and it goes when the person presses /start; staff get their own greeting; the start of the
bot warns about branches nobody can be reached in."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.running.run import warn_about_staffing
from surveys.staff.roles import Role, add_staff
from surveys.storage import Database, UnitOfWork
from surveys.storage.migrate import upgrade
from surveys.storage.tables import Branch
from tests.support.harness import BotHarness, running_bot

CUSTOMER = 1001
MANAGER = 5001
ADMIN = 5009


@pytest.fixture
async def bot(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as running:
        async with UnitOfWork(running.services.db) as uow:
            now = running.clock.now()
            await add_staff(
                uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now
            )
            await add_staff(uow, user_id=ADMIN, role=Role.ADMIN, branch=None, level=1, now=now)
        running.sandbox.add_user(MANAGER, "Li", language_code="en", started=False)
        running.sandbox.add_user(ADMIN, "Boss", language_code="en")
        yield running


async def _unhappy_survey(harness: BotHarness) -> None:
    answers = ["1", "2", "skip", "skip", "skip", "skip", "skip", "1", "Rude staff, awful."]
    await harness.survey_typed(CUSTOMER, *answers)


def _cards(harness: BotHarness, chat: int) -> list[str]:
    return [m.text or "" for m in harness.sandbox.messages(chat) if "Customer:" in (m.text or "")]


async def test_a_card_for_a_manager_who_never_started_goes_when_they_do(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    await bot.customer("C-1", CUSTOMER)
    await _unhappy_survey(bot)
    await bot.tick()
    await bot.tick()
    assert _cards(bot, MANAGER) == []
    assert any(
        "cannot reach staff member 5001" in r.getMessage() and "not_started" in r.getMessage()
        for r in caplog.records
    )
    assert any("cannot be reached" in (m.text or "") for m in bot.sandbox.messages(ADMIN))
    bot.sandbox.press_start(MANAGER)
    greeting = await bot.next_message(MANAGER, 0)
    assert "registered as staff" in (greeting.text or "")
    assert "/queue" in (greeting.text or "")
    assert "1 card that could not reach you before" in (greeting.text or "")
    await bot.tick()
    assert len(_cards(bot, MANAGER)) == 1


async def test_an_admin_gets_the_staff_greeting_not_the_customers(bot: BotHarness) -> None:
    bot.sandbox.press_start(ADMIN)
    greeting = (await bot.next_message(ADMIN, 0)).text or ""
    assert "registered as staff" in greeting
    assert "/waves" in greeting  # the admin's commands too
    assert "share" not in greeting.lower()  # not the customer's "share your phone number"


async def test_start_warns_about_unreached_branches_and_no_admin(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    db = Database(database_url)
    try:
        await upgrade(db)
        async with UnitOfWork(db) as uow:
            now = datetime.now(UTC)
            await add_staff(uow, user_id=11, role=Role.MANAGER, branch="Pudong", level=1, now=now)
            uow.session.add(Branch(name="Minhang", created_at=now))
        caplog.set_level(logging.WARNING, logger="surveybot")
        await warn_about_staffing(db)
    finally:
        await db.dispose()
    said = [r.getMessage() for r in caplog.records]
    assert any("there is no admin" in line for line in said)
    assert any("branch Minhang has no level-1 manager" in line for line in said)
    assert any("branch Pudong has no level-1 manager" in line for line in said)  # not started
