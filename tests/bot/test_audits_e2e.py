"""A mystery-shopper audit end to end against the sandbox, on both chat frameworks:
assignment, answers with a photo and a location, review, scores, an improvement action
opened and closed, its re-escalation, and a re-audit of the failed items."""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox import ChatMessage
from surveys.audits.actions import queue_notice, schedule_reaudit
from surveys.audits.assignments import AuditRequest, create_audit, due_to_tell
from surveys.audits.fieldwork import Fieldwork
from surveys.audits.geo import set_branch_location
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import Audit, AuditAction, AuditAnswer, AuditEntry, AuditPhoto
from tests.support.harness import BotHarness, question_buttons, running_bot

ADMIN = 5009
MANAGER = 5001  # Pudong, level 1
SECOND = 5002  # Pudong, level 2
SHOPPER = 7001
OTHER_SHOPPER = 7002
PUDONG = (31.2304, 121.4737)


def _png() -> bytes:
    """A real 1x1 PNG, as a phone would send a (very small) photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PHOTO = _png()


@pytest.fixture
async def field(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as running:
        async with UnitOfWork(running.services.db) as uow:
            now = running.clock.now()
            for user, role, branch, level in (
                (ADMIN, Role.ADMIN, None, 1),
                (MANAGER, Role.MANAGER, "Pudong", 1),
                (SECOND, Role.MANAGER, "Pudong", 2),
                (SHOPPER, Role.SHOPPER, None, 1),
                (OTHER_SHOPPER, Role.SHOPPER, None, 1),
            ):
                await add_staff(uow, user_id=user, role=role, branch=branch, level=level, now=now)
            await set_branch_location(uow, "Pudong", *PUDONG, now)
        for user, name in (
            (ADMIN, "Boss"),
            (MANAGER, "Li"),
            (SECOND, "Zhao"),
            (SHOPPER, "Ann"),
            (OTHER_SHOPPER, "Bo"),
        ):
            running.sandbox.add_user(user, name, language_code="en")
        yield running


async def _said(harness: BotHarness, chat_id: int, count: int) -> ChatMessage:
    """The bot's ``count``-th message in the chat (waiting for it), 1-based."""
    return await harness.next_message(chat_id, count - 1)


async def _tap(harness: BotHarness, chat_id: int, message: ChatMessage, label: str) -> str:
    return await harness.tap_and_wait(chat_id, message, question_buttons(message)[label])


async def test_an_audit_from_assignment_to_re_audit(field: BotHarness) -> None:
    sandbox, clock = field.sandbox, field.clock
    sandbox.send_text(ADMIN, "/newaudit after_sale Pudong 2026-12-01..2026-12-05 7001")
    created = await _said(field, ADMIN, 1)
    assert "Audit #" in (created.text or "")
    assert "shopper 7001" in (created.text or "")
    await field.tick()
    await field.settle()
    assert sandbox.messages(SHOPPER) == []  # not before the window opens

    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # 10:00 on 1 December in Shanghai
    await field.tick()
    assignment = await _said(field, SHOPPER, 1)
    assert "Pudong" in (assignment.text or "")
    assert "2026-12-05" in (assignment.text or "")

    # Another shopper tapping this assignment's button is refused, and it is audited.
    start = question_buttons(assignment)["▶️ Start on site"]
    refused = sandbox.tap(SHOPPER, assignment.message_id, start, user_id=OTHER_SHOPPER)
    assert (await sandbox.wait_for_answer(refused)).text == "This is not your assignment."

    await _tap(field, SHOPPER, assignment, "▶️ Start on site")
    first = await _said(field, SHOPPER, 2)
    assert "Item 1/8" in (first.text or "")
    assert "Type the number." in (first.text or "")
    sandbox.send_text(SHOPPER, "about 5 minutes")
    second = await _said(field, SHOPPER, 3)
    assert "Item 2/8" in (second.text or "")
    await _tap(field, SHOPPER, second, "✅ Pass")
    wants_photo = await _said(field, SHOPPER, 4)
    assert "send a photo" in (wants_photo.text or "")
    sandbox.send_text(SHOPPER, "here it comes")  # the photo is asked for until it is sent
    again = await _said(field, SHOPPER, 5)
    assert "send a photo" in (again.text or "")
    sandbox.send_photo(SHOPPER, PHOTO)
    assert (await _said(field, SHOPPER, 6)).text == "📷 Photo saved."
    third = await _said(field, SHOPPER, 7)
    assert "Item 3/8" in (third.text or "")
    await _tap(field, SHOPPER, third, "4")
    fourth = await _said(field, SHOPPER, 8)
    await _tap(field, SHOPPER, fourth, "⏸ Pause")
    paused = await _said(field, SHOPPER, 9)
    await _tap(field, SHOPPER, paused, "▶️ Resume")
    resumed = await _said(field, SHOPPER, 10)
    assert "Item 4/8" in (resumed.text or "")
    await _tap(field, SHOPPER, resumed, "✅ Pass")
    sandbox.send_text(OTHER_SHOPPER, "45")  # goes nowhere near this audit
    sandbox.send_text(SHOPPER, "45")
    sixth = await _said(field, SHOPPER, 12)
    assert "Item 6/8" in (sixth.text or "")
    await _tap(field, SHOPPER, sixth, "❌ Fail")
    await _tap(field, SHOPPER, await _said(field, SHOPPER, 13), "5")
    await _tap(field, SHOPPER, await _said(field, SHOPPER, 14), "✅ Pass")
    summary = await _said(field, SHOPPER, 15)
    assert "All 8 items are answered." in (summary.text or "")
    assert "📤 Submit" not in question_buttons(summary)  # the location comes first
    sandbox.send_location(SHOPPER, 31.2310, 121.4740)
    checked = await _said(field, SHOPPER, 16)
    assert "m from the branch" in (checked.text or "")
    assert "⚠️" not in (checked.text or "")
    ready = await _said(field, SHOPPER, 17)
    await _tap(field, SHOPPER, ready, "📤 Submit")
    assert "Submitted" in ((await _said(field, SHOPPER, 18)).text or "")

    await field.tick()
    review = await _said(field, ADMIN, 2)
    assert "Score 67.3 · 2 failed items · 1 photos" in (review.text or "")
    assert sandbox.messages(MANAGER) == []  # branch staff learn nothing before review
    await _tap(field, ADMIN, review, "✅ Approve")
    await field.settle()
    await field.tick()
    cards = [await _said(field, MANAGER, 1), await _said(field, MANAGER, 2)]
    assert all("Improvement action #" in (card.text or "") for card in cards)
    assert "Shopper" not in " ".join(card.text or "" for card in cards)

    await _tap(field, MANAGER, cards[0], "🛠 Close with a note and a photo")
    await _said(field, MANAGER, 3)
    sandbox.send_text(MANAGER, "Advisors now meet every car at the gate")
    assert "photo of the fix" in ((await _said(field, MANAGER, 4)).text or "")
    sandbox.send_photo(MANAGER, PHOTO)
    assert "closed" in ((await _said(field, MANAGER, 5)).text or "")

    async with UnitOfWork(field.services.db, readonly=True) as uow:
        audit = (await uow.session.execute(select(Audit))).scalar_one()
        actions = list((await uow.session.execute(select(AuditAction))).scalars())
        answers = list((await uow.session.execute(select(AuditAnswer))).scalars())
        photos = list((await uow.session.execute(select(AuditPhoto))).scalars())
        refusals = list(
            (
                await uow.session.execute(
                    select(AuditEntry.actor_user_id).where(AuditEntry.outcome == "refused")
                )
            ).scalars()
        )
    assert audit.status == "approved"
    assert round(audit.score or 0, 1) == 67.3
    assert audit.location_flagged is False
    assert audit.distance_m is not None
    assert audit.distance_m < 100
    assert sorted(a.item_id for a in actions) == ["greeted_at_gate", "price_as_quoted"]
    assert sorted(a.status for a in actions) == ["closed", "open"]
    assert len(answers) == 8
    assert all(a.answered_at is not None for a in answers)
    assert [p.data for p in photos] == [PHOTO, PHOTO]
    assert OTHER_SHOPPER in refusals

    # The open action passes its deadline: level 2 and the admins hear of it.
    clock.set(datetime(2026, 12, 9, 3, 0, tzinfo=UTC))
    await field.tick()
    overdue = await _said(field, SECOND, 1)
    assert "overdue" in (overdue.text or "")

    async with UnitOfWork(field.services.db) as uow:
        reaudit = await schedule_reaudit(
            uow,
            field.services.checklists,
            field.services.audit_rules,
            audit.id,
            (date(2026, 12, 10), date(2026, 12, 12)),
            None,
            clock.now(),
        )
        assert reaudit.items_only == ["greeted_at_gate", "price_as_quoted"]
        assert reaudit.shopper_user_id == OTHER_SHOPPER  # the first one was just there
    clock.set(datetime(2026, 12, 9, 16, 0, tzinfo=UTC) + timedelta(minutes=1))
    await field.tick()
    stranger = await _said(field, OTHER_SHOPPER, 1)  # their "45" was read as a customer's
    assert "Audit" not in (stranger.text or "")
    told = await _said(field, OTHER_SHOPPER, 2)
    await _tap(field, OTHER_SHOPPER, told, "▶️ Start on site")
    assert "Item 1/2" in ((await _said(field, OTHER_SHOPPER, 3)).text or "")

    # The manager's /stats: the survey chart, then the scorecard chart of the approved audit.
    before = len(sandbox.messages(MANAGER))
    sandbox.send_text(MANAGER, "/stats")
    survey_chart = await _said(field, MANAGER, before + 1)
    audit_chart = await _said(field, MANAGER, before + 2)
    assert survey_chart.photo
    assert audit_chart.photo
    assert (audit_chart.caption or "").startswith("🕵️ Mystery shopping beside customers")
    sandbox.send_text(MANAGER, "/export")
    exported = await _said(field, MANAGER, before + 5)
    assert exported.document is not None
    assert exported.document["file_name"].startswith("audits-")


async def test_a_submitted_audit_sent_back_is_answered_again(field: BotHarness) -> None:
    """The admin sends the audit back with a note: the shopper reads it and starts over;
    another shopper's forged tap on its item buttons changes nothing."""
    sandbox, clock = field.sandbox, field.clock
    services = field.services
    sandbox.send_text(ADMIN, "/staff add 7003 shopper Pudong")
    assert "belongs to no branch" in ((await _said(field, ADMIN, 1)).text or "")
    sandbox.send_text(ADMIN, "/staff add 7003 shopper")
    assert "7003 is now mystery shopper" in ((await _said(field, ADMIN, 2)).text or "")
    work = Fieldwork(services.checklists, services.audit_rules)
    now = clock.now()
    async with UnitOfWork(services.db) as uow:
        request = AuditRequest(
            "after_sale", "Pudong", date(2026, 11, 30), date(2026, 12, 2), SHOPPER
        )
        audit = await create_audit(uow, services.checklists, services.audit_rules, request, now)
        audit_id = audit.id
        await due_to_tell(uow, now)
        step = await work.start(uow, SHOPPER, audit_id, now)
        while (item := step.item) is not None:
            if step.needs_photo:
                step = await work.photo(uow, audit, "AgAC-9", PHOTO, now)
                continue
            value = {"number": 1.0, "scale": 4.0}.get(item.type.value, 1.0)
            step = await work.answer(uow, audit, step.position, value, None, now)
        await work.location(uow, audit, PUDONG[0] + 0.02, PUDONG[1], now)  # 2.2 km away
        await work.submit(uow, SHOPPER, audit_id, now)
        await queue_notice(uow, ADMIN, f"au_review:{audit_id}", now)
    await field.tick()
    review = await _said(field, ADMIN, 3)
    assert "⚠️ Location is 2224 m from the branch" in (review.text or "")
    await _tap(field, ADMIN, review, "↩️ Send back with a note")
    assert "Type the note" in ((await _said(field, ADMIN, 4)).text or "")
    sandbox.send_text(ADMIN, "Please go again: the location was not at the branch")
    assert "sent back" in ((await _said(field, ADMIN, 5)).text or "")
    await field.tick()
    back = await _said(field, SHOPPER, 1)
    assert "the location was not at the branch" in (back.text or "")
    await _tap(field, SHOPPER, back, "▶️ Resume")
    first = await _said(field, SHOPPER, 2)
    assert "Item 1/8" in (first.text or "")
    sandbox.send_text(SHOPPER, "1")
    second = await _said(field, SHOPPER, 3)
    forged = sandbox.tap(
        SHOPPER, second.message_id, question_buttons(second)["❌ Fail"], user_id=OTHER_SHOPPER
    )
    assert (await sandbox.wait_for_answer(forged)).text == "This is not your assignment."
    async with UnitOfWork(services.db, readonly=True) as uow:
        stored = await uow.session.get_one(Audit, audit_id)
        assert (stored.status, stored.current_item) == ("in_progress", "walkaround_check")
        assert stored.review_note == "Please go again: the location was not at the branch"
    sandbox.send_text(SHOPPER, "/audits")
    mine = await _said(field, SHOPPER, 4)
    assert "Pudong" in (mine.text or "")
    assert "shopper on site" in (mine.text or "")
    assert list(question_buttons(mine)) == [f"▶️ Audit #{audit_id}"]
    sandbox.send_text(ADMIN, "/audits")
    listed = await _said(field, ADMIN, 6)
    assert f"#{audit_id} ·" in (listed.text or "")
    assert (listed.text or "").endswith(f"· {SHOPPER}")
    sandbox.send_text(MANAGER, "/audits")  # branch staff learn nothing of it
    assert (await _said(field, MANAGER, 1)).text == "You have no assignments now."
