"""Reports in the chat: /stats with a chart and buttons, /export as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import openpyxl
import pytest

from bot.sandbox import ChatMessage
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from tests.support.harness import BotHarness, question_buttons, running_bot

ADMIN = 7001
MANAGER = 7002
CUSTOMER = 1001


@pytest.fixture
async def office(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as harness:
        async with UnitOfWork(harness.services.db) as uow:
            now = harness.clock.now()
            await add_staff(uow, user_id=ADMIN, role=Role.ADMIN, branch=None, level=1, now=now)
            await add_staff(
                uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now
            )
        harness.sandbox.add_user(ADMIN, "Boss", language_code="en")
        harness.sandbox.add_user(MANAGER, "Li", language_code="zh-hans")
        await harness.customer("C-1", CUSTOMER, phone="13800138001")
        await harness.wave_now()
        await harness.next_message(CUSTOMER, 1)
        for answer in ["4", "9", "skip", "skip", "skip", "skip", "skip", "Quick and friendly"]:
            count = len(harness.sandbox.messages(CUSTOMER))
            harness.sandbox.send_text(CUSTOMER, answer)
            await harness.next_message(CUSTOMER, count)
        yield harness


def _file(harness: BotHarness, message: ChatMessage) -> bytes:
    info = message.document or (message.photo[-1] if message.photo else None)
    assert info is not None
    stored = harness.sandbox.world.files.get(info["file_id"])
    assert stored is not None
    return stored.data


async def test_stats_sends_a_chart_with_the_numbers(office: BotHarness) -> None:
    office.sandbox.send_text(ADMIN, "/stats")
    [chart] = await office.sandbox.wait_for_message(ADMIN, 1, timeout=30)
    assert chart.photo is not None
    assert _file(office, chart).startswith(b"\x89PNG")
    caption = chart.caption or ""
    assert "CSAT 100%" in caption
    assert "NPS +100" in caption
    assert "Surveys sent 1" in caption
    buttons = question_buttons(chart)
    assert {"7 days", "• 30 days", "90 days", "Compare staff"} <= set(buttons)
    office.sandbox.tap(ADMIN, chart.message_id, buttons["Compare staff"])
    again = await office.sandbox.wait_for_message(ADMIN, 2, timeout=30)
    assert "Compare branches" in question_buttons(again[-1])


async def test_managers_see_their_branch_and_customers_are_refused(office: BotHarness) -> None:
    office.sandbox.send_text(MANAGER, "/stats")
    [chart] = await office.sandbox.wait_for_message(MANAGER, 1, timeout=30)
    assert "浦东" not in (chart.caption or "")
    assert "Pudong" in (chart.caption or "")
    count = len(office.sandbox.messages(CUSTOMER))
    office.sandbox.send_text(CUSTOMER, "/stats")
    refusal = await office.next_message(CUSTOMER, count)
    assert refusal.text == "Sorry, this is for staff only."


async def test_a_manager_of_two_branches_sees_both(office: BotHarness) -> None:
    regional = 7003
    async with UnitOfWork(office.services.db) as uow:
        now = office.clock.now()
        for branch in ("Pudong", "Jingan"):
            await add_staff(
                uow, user_id=regional, role=Role.MANAGER, branch=branch, level=2, now=now
            )
    office.sandbox.add_user(regional, "Wang", language_code="en")
    office.sandbox.send_text(regional, "/stats")
    [chart] = await office.sandbox.wait_for_message(regional, 1, timeout=30)
    assert "Jingan, Pudong" in (chart.caption or "")
    assert "Compare staff" in question_buttons(chart)
    office.sandbox.send_text(MANAGER, "/stats")
    [single] = await office.sandbox.wait_for_message(MANAGER, 1, timeout=30)
    assert "Jingan" not in (single.caption or "")
    assert not any(label.startswith("Compare") for label in question_buttons(single))


async def test_export_sends_csv_and_xlsx_with_phones_for_admins_only(office: BotHarness) -> None:
    office.sandbox.send_text(ADMIN, "/export")
    documents = await office.sandbox.wait_for_message(ADMIN, 2, timeout=30)
    names = [m.document["file_name"] for m in documents if m.document]
    assert names[0].endswith(".csv")
    assert names[1].endswith(".xlsx")
    data = _file(office, documents[0])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert any("+8613800138001" in cell for cell in rows[1])
    book = openpyxl.load_workbook(io.BytesIO(_file(office, documents[1])), read_only=True)
    assert book.active is not None
    office.sandbox.send_text(MANAGER, "/export")
    manager_docs = await office.sandbox.wait_for_message(MANAGER, 2, timeout=30)
    manager_rows = list(csv.reader(io.StringIO(_file(office, manager_docs[0]).decode("utf-8-sig"))))
    assert not any("13800138001" in cell for row in manager_rows for cell in row)


async def test_morning_digest_and_weekly_report(
    database_url: str, framework: str, tmp_path: Path
) -> None:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(
        database_url, folder, language="en", digest_time="09:00", framework=framework
    ) as harness:
        async with UnitOfWork(harness.services.db) as uow:
            await add_staff(
                uow, user_id=ADMIN, role=Role.ADMIN, branch=None, level=1, now=harness.clock.now()
            )
        harness.sandbox.add_user(ADMIN, "Boss", language_code="en")
        await harness.tick()  # Monday 10:00 in Shanghai: the digest time has passed
        await harness.tick()
        messages = harness.sandbox.messages(ADMIN)
        texts = [m.text or m.caption or "" for m in messages]
        assert any(t.startswith("Good morning. Complaints of All branches: 0 open") for t in texts)
        weekly = [m for m in messages if m.photo]
        assert len(weekly) == 1
        assert "Last week" in (weekly[0].caption or "")
        await harness.tick()
        assert len(harness.sandbox.messages(ADMIN)) == 2  # once a day
