"""A customer who writes again about an open complaint adds to it: one complaint, one card
(edited), the manager holding it told each time with the words quoted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.sandbox import ChatMessage
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import Complaint, ComplaintAction, Notification
from tests.support.harness import BotHarness, question_buttons, running_bot

CUSTOMER = 1001
MANAGER = 5001
SECOND = 5002


@pytest.fixture
async def bot(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as running:
        async with UnitOfWork(running.services.db) as uow:
            now = running.clock.now()
            for user, level in ((MANAGER, 1), (SECOND, 1)):
                await add_staff(
                    uow, user_id=user, role=Role.MANAGER, branch="Pudong", level=level, now=now
                )
        for user in (MANAGER, SECOND):
            running.sandbox.add_user(user, f"M{user}", language_code="en")
        yield running


async def _unhappy_survey(harness: BotHarness, text: str) -> None:
    await harness.survey_typed(
        CUSTOMER, "1", "2", "skip", "skip", "skip", "skip", "skip", "1", text
    )


def _cards(harness: BotHarness, chat: int) -> list[ChatMessage]:
    return [m for m in harness.sandbox.messages(chat) if (m.text or "").startswith("🟠 Complaint")]


async def test_three_more_messages_join_the_open_complaint(bot: BotHarness) -> None:
    await bot.customer("C-1", CUSTOMER, name="Alex Chen")
    await _unhappy_survey(bot, "Waited three hours and nobody called me back. Terrible.")
    await bot.tick()
    [card] = _cards(bot, MANAGER)
    card = await bot.tap_and_see_edit(MANAGER, card, question_buttons(card)["✋ Claim"])
    words = ["Still nobody called!", "I am still waiting, 2 days now.", "Hello??"]
    for said in words:
        count = len(bot.sandbox.messages(CUSTOMER))
        bot.sandbox.send_text(CUSTOMER, said)
        reply = await bot.next_message(CUSTOMER, count)
        assert "added this to your complaint #1" in (reply.text or "")
        assert "manager to contact" not in (reply.text or "")
        await bot.tick()
    await bot.tick()
    notices = [
        m.text or "" for m in bot.sandbox.messages(MANAGER) if "wrote again" in (m.text or "")
    ]
    assert [n.split("“")[1].rstrip("”") for n in notices] == words
    assert not [m for m in bot.sandbox.messages(SECOND) if "wrote again" in (m.text or "")]
    [card] = _cards(bot, MANAGER)  # still one card, edited in place
    assert "Hello??" in (card.text or "")
    async with UnitOfWork(bot.services.db, readonly=True) as uow:
        complaints = (await uow.session.execute(select(func.count(Complaint.id)))).scalar_one()
        wrote = (
            await uow.session.execute(
                select(func.count()).where(ComplaintAction.action == "customer_wrote")
            )
        ).scalar_one()
        cards = (
            await uow.session.execute(
                select(func.count()).where(
                    Notification.kind == "card", Notification.chat_id == MANAGER
                )
            )
        ).scalar_one()
    assert (complaints, wrote, cards) == (1, 3, 1)


async def test_a_critical_word_raises_the_severity(bot: BotHarness) -> None:
    await bot.customer("C-1", CUSTOMER)
    await _unhappy_survey(bot, "Waited three hours, terrible.")
    count = len(bot.sandbox.messages(CUSTOMER))
    bot.sandbox.send_text(CUSTOMER, "And now the brakes squeal!")
    await bot.next_message(CUSTOMER, count)
    async with UnitOfWork(bot.services.db, readonly=True) as uow:
        [complaint] = (await uow.session.execute(select(Complaint))).scalars().all()
    assert complaint.severity == "critical"


async def test_a_customer_pages_staff_a_limited_number_of_times_a_day(bot: BotHarness) -> None:
    await bot.customer("C-1", CUSTOMER)
    await _unhappy_survey(bot, "Waited three hours, terrible.")
    replies = []
    for n in range(6):
        count = len(bot.sandbox.messages(CUSTOMER))
        bot.sandbox.send_text(CUSTOMER, f"Message number {n}, still waiting")
        replies.append((await bot.next_message(CUSTOMER, count)).text or "")
    # The complaint itself was the first page; four more reach the managers, then quiet.
    assert ["told the manager" in r for r in replies] == [True] * 4 + [False] * 2
    async with UnitOfWork(bot.services.db, readonly=True) as uow:
        paged = (
            await uow.session.execute(
                select(func.count()).where(Notification.kind.startswith("words:"))
            )
        ).scalar_one()
    assert paged == 4 * 2  # both level-1 managers, nobody has claimed it
