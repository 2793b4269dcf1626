"""Admins in the chat: the wave wizard with live progress, wave control, import by upload."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from surveys.storage import UnitOfWork
from surveys.storage.tables import AuditEntry, Event, Wave
from tests.support.harness import HEADER, BotHarness, question_buttons, running_bot

ADMIN = 9001
STRANGER = 9002


@pytest.fixture
async def admin_harness(
    database_url: str, framework: str, tmp_path: Path
) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, admins=str(ADMIN), framework=framework) as running:
        running.sandbox.add_user(ADMIN, "Manager Wang", language_code="en")
        running.sandbox.add_user(STRANGER, "Mallory", language_code="en")
        yield running


async def _refusals(harness: BotHarness) -> list[tuple[int | None, str]]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        rows = await uow.session.execute(
            select(AuditEntry.actor_user_id, AuditEntry.action).where(
                AuditEntry.outcome == "refused"
            )
        )
        return [(user, action) for user, action in rows.all()]


async def test_wizard_schedules_a_wave_and_shows_its_progress(admin_harness: BotHarness) -> None:
    harness = admin_harness
    users = await harness.linked_customers(5)
    harness.sandbox.send_text(ADMIN, "/newwave")
    step = await harness.next_message(ADMIN, 0)
    for label in ("Service visit follow-up", "Yesterday", "All branches", "Now"):
        assert label in question_buttons(step), (label, step.text)
        step = await harness.tap_and_see_edit(ADMIN, step, question_buttons(step)[label])
    confirmation = step.text or ""
    assert "Reaches 5 customers" in confirmation
    assert "Survey: Service visit follow-up" in confirmation
    done = await harness.tap_and_see_edit(ADMIN, step, question_buttons(step)["✅ Send"])
    assert "is scheduled" in (done.text or "")
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        wave_id = (await uow.session.execute(select(Wave.id))).scalar_one()
    await harness.tick_until_done(wave_id)
    await harness.tick()
    progress = await harness.sandbox.wait_for_message(ADMIN, 1, contains="✅ Wave #1")
    final = progress[-1]
    assert len(harness.sandbox.messages(ADMIN)) == 2  # the wizard, and one progress message
    assert "sent 5" in (final.text or "")
    assert "100%" in (final.text or "")
    for user in users:
        assert any("Could you spare" in (m.text or "") for m in harness.sandbox.messages(user))


async def test_strangers_are_refused_and_audited(admin_harness: BotHarness) -> None:
    harness = admin_harness
    harness.sandbox.send_text(STRANGER, "/newwave")
    refusal = await harness.next_message(STRANGER, 0)
    assert refusal.text == "Sorry, this is for staff only."
    harness.sandbox.send_document(STRANGER, "events.csv", f"{HEADER}\n".encode(), "text/csv")
    await harness.next_message(STRANGER, 1)
    assert await _refusals(harness) == [(STRANGER, "admin.newwave"), (STRANGER, "import.file")]
    assert harness.sandbox.requests("getFile") == []


async def test_admin_imports_a_file_by_upload(admin_harness: BotHarness) -> None:
    harness = admin_harness
    day = harness.yesterday.isoformat()
    body = "\n".join(
        [
            HEADER,
            f"U-1,service,{day} 10:00,UC-1,王芳,13800138001,zh,浦东店,李伟,Model 3",
            f"U-2,sale,{day} 11:00,UC-2,Alex,13800138002,en,浦东店,李伟,Model Y",
            "U-3,service,not a date,UC-3,Bo,13800138003,,浦东店,,",
        ]
    )
    harness.sandbox.send_document(ADMIN, "events.csv", (body + "\n").encode("gb18030"), "text/csv")
    report = await harness.next_message(ADMIN, 0, timeout=10)
    text = report.text or ""
    assert "3 rows, 2 imported, 1 bad" in text
    assert "line 4: occurred_at" in text
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        assert (
            await uow.session.execute(select(func.count()).select_from(Event))
        ).scalar_one() == 2


async def test_waves_list_and_cancel_by_button(admin_harness: BotHarness) -> None:
    harness = admin_harness
    await harness.linked_customers(3)
    harness.sandbox.send_text(ADMIN, "/newwave")
    step = await harness.next_message(ADMIN, 0)
    for label in ("Service visit follow-up", "Yesterday", "All branches", "At 10:00", "✅ Send"):
        step = await harness.tap_and_see_edit(ADMIN, step, question_buttons(step)[label])
    harness.sandbox.send_text(ADMIN, "/waves")
    listing = await harness.next_message(ADMIN, 1)
    assert "#1 post_service" in (listing.text or "")
    assert " 10:00 · " in (listing.text or "")  # the time chosen, on the business's clock
    shown = await harness.tap_and_see_edit(ADMIN, listing, question_buttons(listing)["#1"])
    assert "scheduled" in (shown.text or "")
    after = await harness.tap_and_see_edit(ADMIN, shown, question_buttons(shown)["✖ Cancel wave"])
    assert "cancelled" in (after.text or "")
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        assert (await uow.session.execute(select(Wave.status))).scalar_one() == "cancelled"
