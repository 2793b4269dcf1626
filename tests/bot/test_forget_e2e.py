"""/forget erases every copy: after it, no table and no line of the bot's log holds the
customer's name, phone, chat id or words, and every manager card about them says so."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox import ChatMessage
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import Base, Complaint
from tests.support.harness import BotHarness, question_buttons, running_bot

CUSTOMER = 734_001_923
MANAGER = 5001
NAME = "Alexandra Chenowith"
PHONE = "13812345678"
FIRST_WORDS = "Waited three hours and nobody called me back. Terrible."
LATER_WORDS = "Also the seats smell of cigarette smoke now, disgusting."
PENDING_WORDS = "Worst garage ever, my radio code was lost too, awful."


@pytest.fixture
async def bot(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as running:
        async with UnitOfWork(running.services.db) as uow:
            await add_staff(
                uow,
                user_id=MANAGER,
                role=Role.MANAGER,
                branch="Pudong",
                level=1,
                now=running.clock.now(),
            )
        running.sandbox.add_user(MANAGER, "Li", language_code="en")
        yield running


async def _say(bot: BotHarness, text: str) -> ChatMessage:
    count = len(bot.sandbox.messages(CUSTOMER))
    bot.sandbox.send_text(CUSTOMER, text)
    return await bot.next_message(CUSTOMER, count)


async def _dump(bot: BotHarness) -> str:
    """Every row of every table, as text."""
    lines: list[str] = []
    async with UnitOfWork(bot.services.db, readonly=True) as uow:
        for table in Base.metadata.sorted_tables:
            for row in (await uow.session.execute(select(table))).all():
                lines.append(f"{table.name}: {' | '.join(map(str, row))}")
    return "\n".join(lines)


def _on_disk(database_url: str, secrets: tuple[str, ...]) -> list[str]:
    """The secrets still in the SQLite file's bytes (free pages included) after a checkpoint."""
    path = Path(database_url.split("///", 1)[1])
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    return [secret for secret in secrets if secret.encode() in data]


async def test_nothing_of_the_customer_is_left_after_forget(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, database_url: str
) -> None:
    caplog.set_level(logging.INFO)
    await bot.customer("C-1", CUSTOMER, name=NAME, phone=PHONE)
    await bot.wave_now()
    await bot.next_message(CUSTOMER, 1)
    for answer in ["1", "2", "skip", "skip", "skip", "skip", "skip", "1", FIRST_WORDS]:
        await _say(bot, answer)
    await bot.tick()
    [card] = [m for m in bot.sandbox.messages(MANAGER) if "Customer:" in (m.text or "")]
    assert NAME in (card.text or "")
    card = await bot.tap_and_see_edit(MANAGER, card, question_buttons(card)["✋ Claim"])
    await _say(bot, LATER_WORDS)  # joins the open complaint, quoted to the manager
    await bot.tick()
    # The complaint is resolved and confirmed: a closed complaint's card is still in a chat.
    async with UnitOfWork(bot.services.db) as uow:
        complaint = (await uow.session.execute(select(Complaint))).scalar_one()
        await bot.services.desk.resolve(
            uow, complaint, MANAGER, "Apologised", "wait_time", CUSTOMER, bot.clock.now()
        )
    await bot.tick()
    asked = (await bot.sandbox.wait_for_message(CUSTOMER, 1, contains="problem solved"))[-1]
    await bot.tap_and_wait(CUSTOMER, asked, question_buttons(asked)["Yes, solved"])
    await bot.settle()
    question = await _say(bot, PENDING_WORDS)  # no open complaint: "call me?" waits
    assert "manager to contact" in (question.text or "")

    prompt = await _say(bot, "/forget")
    await bot.tap_and_wait(CUSTOMER, prompt, question_buttons(prompt)["Yes, erase my data"])
    await bot.settle()
    for _ in range(3):
        await bot.tick()

    dump = await _dump(bot)
    log = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (NAME, *NAME.split(), PHONE, str(CUSTOMER), FIRST_WORDS, LATER_WORDS):
        assert secret not in dump, (secret, [line for line in dump.splitlines() if secret in line])
        assert secret not in log, secret
    for words in (FIRST_WORDS, LATER_WORDS, PENDING_WORDS):
        for fragment in (words[:20], words[-20:]):
            assert fragment not in dump, fragment
            assert fragment not in log, fragment
    if bot.services.db.dialect == "sqlite":
        assert not _on_disk(database_url, (NAME, PHONE, FIRST_WORDS, LATER_WORDS, PENDING_WORDS))
    [card] = [m for m in bot.sandbox.messages(MANAGER) if "Customer:" in (m.text or "")]
    assert "data erased at the customer's request" in (card.text or "")
    assert NAME not in (card.text or "")
