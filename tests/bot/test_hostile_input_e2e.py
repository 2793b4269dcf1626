"""Hostile arguments and names get a clear reply on both frameworks and both databases.

Each was an unhandled exception (no reply, a traceback) or an insert PostgreSQL refused:
numbers that ``str.isdigit`` takes but ``int`` does not, numbers past the database's
integers, a 300-character branch name, and files named with 300 characters or a NUL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from surveys.dialogues.upload import FILE_NAME_LIMIT
from surveys.i18n import say
from surveys.staff.roles import BRANCH_NAME_LIMIT
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Branch
from tests.support.harness import HEADER, BotHarness, running_bot

ADMIN = 9101
CUSTOMER = 9102


@pytest.fixture
async def bot(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(
        database_url, folder, admins=str(ADMIN), language="en", framework=framework
    ) as running:
        running.sandbox.add_user(ADMIN, "Wang", language_code="en")
        yield running


async def _reply(bot: BotHarness, text: str) -> str:
    seen = len(bot.sandbox.messages(ADMIN))
    bot.sandbox.send_text(ADMIN, text)
    return (await bot.next_message(ADMIN, seen)).text or ""


async def test_command_numbers_are_ascii_digits_within_range(bot: BotHarness) -> None:
    en = "en"
    usage = say("complaint_usage", en)
    for argument in ("²", "①", "99999999999999999999999", "-1", "0", "#2147483648"):
        assert await _reply(bot, f"/complaint {argument}") == usage, argument
    assert await _reply(bot, "/complaint #2147483647") == say("no_complaint", en, id=2147483647)
    for argument in ("²", "①", "99999999999999999999999"):
        assert await _reply(bot, f"/wave {argument}") == say("wave_usage", en), argument
    bad_user = say("bad_user_id", en)
    for command in (
        "/staff add ² manager BranchA",
        "/staff add 12345678901234567890 admin",
        "/staff remove ²",
        "/staff remove 99999999999999999999",
    ):
        assert await _reply(bot, command) == bad_user, command
    assert await _reply(bot, "/staff add 7 manager BranchA ²") == say("bad_level", en)
    assert await _reply(bot, "/staff add 7 manager BranchA 99999999999") == say("bad_level", en)
    for argument in ("²", "99999999999999999999999"):
        seen = len(bot.sandbox.messages(ADMIN))
        bot.sandbox.send_text(ADMIN, f"/export {argument}")
        [*_, export] = await bot.sandbox.wait_for_message(ADMIN, seen + 1, timeout=20)
        assert export.document is not None, argument  # the default period, exported


async def test_a_branch_name_too_long_or_with_a_nul_is_refused_clearly(bot: BotHarness) -> None:
    refusal = say("bad_branch_name", "en", limit=BRANCH_NAME_LIMIT)
    assert await _reply(bot, f"/staff add 7 manager {'B' * 300}") == refusal
    assert await _reply(bot, "/staff add 7 manager 'Pu\x00dong'") == refusal
    assert await _reply(bot, f"/staff remove 7 {'B' * 300}") == refusal
    added = await _reply(bot, f"/staff add 7 manager {'B' * BRANCH_NAME_LIMIT}")
    assert "B" * BRANCH_NAME_LIMIT in added
    async with UnitOfWork(bot.services.db, readonly=True) as uow:
        names = list((await uow.session.execute(select(Branch.name))).scalars())
    assert names == ["B" * BRANCH_NAME_LIMIT]


async def test_an_upload_named_badly_gets_a_clear_reply(bot: BotHarness) -> None:
    day = bot.yesterday.isoformat()
    body = f"{HEADER}\nU-1,service,{day} 10:00,UC-1,Bo,13800138001,en,Pudong,Li,X\n".encode()
    refusal = say("upload_bad_name", "en", limit=FILE_NAME_LIMIT)
    for name in ("x" * 296 + ".csv", "events\x00.csv", "\u6d66" * 90 + ".csv"):
        seen = len(bot.sandbox.messages(ADMIN))
        bot.sandbox.send_document(ADMIN, name, body, "text/csv")
        assert (await bot.next_message(ADMIN, seen, timeout=10)).text == refusal, name[:10]
    for name in ("..", "e" * 196 + ".csv"):  # a name that is a folder; the longest allowed
        seen = len(bot.sandbox.messages(ADMIN))
        bot.sandbox.send_document(ADMIN, name, body, "text/csv")
        report = (await bot.next_message(ADMIN, seen, timeout=10)).text or ""
        assert "1 rows, 1 imported" in report, report


async def test_a_nul_in_a_customers_words_is_kept_without_it(bot: BotHarness) -> None:
    await bot.customer("C-1", CUSTOMER)
    await bot.wave_now()
    await bot.next_message(CUSTOMER, 1)
    for answer in ["2", "2", "skip", "skip", "skip", "skip", "skip", "1", "rude\x00 staff"]:
        seen = len(bot.sandbox.messages(CUSTOMER))
        bot.sandbox.send_text(CUSTOMER, answer)
        await bot.next_message(CUSTOMER, seen)
    await bot.settle()
    async with UnitOfWork(bot.services.db, readonly=True) as uow:
        texts = list(
            (
                await uow.session.execute(
                    select(Answer.value_text).where(Answer.value_text.is_not(None))
                )
            ).scalars()
        )
    assert texts == ["rude staff"]
