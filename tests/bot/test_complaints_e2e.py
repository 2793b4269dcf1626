"""The closed loop end to end: unhappy answers reach the right managers, who act in the chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.sandbox import ChatMessage
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import AuditEntry, Complaint, Delivery
from tests.support.harness import BotHarness, question_buttons, running_bot

CUSTOMER = 1001
MANAGER = 5001  # Pudong, level 1
SECOND = 5002  # Pudong, level 2
OTHER_BRANCH = 5003  # Minhang, level 1
ADMIN = 5009


async def _staff(harness: BotHarness) -> None:
    async with UnitOfWork(harness.services.db) as uow:
        now = harness.clock.now()
        await add_staff(
            uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now, name="Li"
        )
        await add_staff(
            uow, user_id=SECOND, role=Role.MANAGER, branch="Pudong", level=2, now=now, name="Zhao"
        )
        await add_staff(
            uow,
            user_id=OTHER_BRANCH,
            role=Role.MANAGER,
            branch="Minhang",
            level=1,
            now=now,
            name="Sun",
        )
        await add_staff(uow, user_id=ADMIN, role=Role.ADMIN, branch=None, level=1, now=now)
    for user, name in ((MANAGER, "Li"), (SECOND, "Zhao"), (OTHER_BRANCH, "Sun"), (ADMIN, "Boss")):
        harness.sandbox.add_user(user, name, language_code="en")


@pytest.fixture
async def desk(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as running:
        await _staff(running)
        yield running


async def _unhappy_survey(harness: BotHarness, text: str, overall: str = "1") -> None:
    """The customer answers the post-service survey unhappily, typing every answer."""
    await harness.survey_typed(
        CUSTOMER, overall, "2", "skip", "skip", "skip", "skip", "skip", "1", text
    )


def _cards(harness: BotHarness, chat: int) -> list[ChatMessage]:
    return [m for m in harness.sandbox.messages(chat) if "Complaint #" in (m.text or "")]


async def _complaints(harness: BotHarness) -> list[Complaint]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return list((await uow.session.execute(select(Complaint))).scalars())


async def test_angry_one_star_gives_one_card_to_the_right_branch(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER, name="Alex Chen", phone="13800138001")
    await _unhappy_survey(desk, "Waited three hours and nobody called me back. Terrible.")
    told = desk.sandbox.messages(CUSTOMER)[-1].text or ""
    assert "will contact you by" in told
    await desk.tick()
    await desk.tick()
    [card] = _cards(desk, MANAGER)
    text = card.text or ""
    assert "Alex Chen" in text
    assert "+8613800138001" in text
    assert "overall 1/5" in text
    assert "Waited three hours" in text
    assert set(question_buttons(card)) == {"✋ Claim", "↪ Reassign"}
    assert _cards(desk, OTHER_BRANCH) == []
    assert _cards(desk, SECOND) == []
    [complaint] = await _complaints(desk)
    assert complaint.severity == "high"
    assert "wait_time" in (complaint.topics or "")


async def test_double_claim_is_one_claim_and_other_branches_are_refused(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Rude staff, never again.")
    await desk.tick()
    [card] = _cards(desk, MANAGER)
    claim = question_buttons(card)["✋ Claim"]
    first = desk.sandbox.tap(MANAGER, card.message_id, claim)
    second = desk.sandbox.tap(MANAGER, card.message_id, claim)
    toasts = {
        (await desk.sandbox.wait_for_answer(first)).text,
        (await desk.sandbox.wait_for_answer(second)).text,
    }
    assert toasts == {"Claimed: it is yours now.", "Already claimed."}
    forged = desk.sandbox.tap(MANAGER, card.message_id, claim, user_id=OTHER_BRANCH, forge=True)
    refusal = await desk.sandbox.wait_for_answer(forged)
    assert refusal.text == "Sorry, only managers of this branch can act on it."
    await desk.settle()
    [complaint] = await _complaints(desk)
    assert (complaint.status, complaint.assignee_user_id) == ("claimed", MANAGER)
    async with UnitOfWork(desk.services.db, readonly=True) as uow:
        refused = (
            await uow.session.execute(
                select(AuditEntry.actor_user_id, AuditEntry.action).where(
                    AuditEntry.outcome == "refused"
                )
            )
        ).all()
    assert refused == [(OTHER_BRANCH, "complaint.claim")]


async def test_unclaimed_past_the_deadline_goes_to_level_two(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "The brakes squeal since the repair.")
    await desk.tick()
    [complaint] = await _complaints(desk)
    assert complaint.severity == "critical"
    desk.clock.advance(timedelta(minutes=59))
    await desk.tick()
    assert _cards(desk, SECOND) == []
    desk.clock.advance(timedelta(minutes=2))
    await desk.tick()
    await desk.tick()
    [card] = _cards(desk, SECOND)
    assert "level 2" in (card.text or "")
    first_card = _cards(desk, MANAGER)[0]
    assert "OVERDUE" in (first_card.text or "")


async def test_resolve_then_the_customer_says_no_and_it_reopens(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "The price was much higher than quoted.")
    await desk.tick()
    [card] = _cards(desk, MANAGER)
    card = await desk.tap_and_see_edit(MANAGER, card, question_buttons(card)["✋ Claim"])
    card = await desk.tap_and_see_edit(MANAGER, card, question_buttons(card)["📞 Contacted"])
    count = len(desk.sandbox.messages(MANAGER))
    await desk.tap_and_wait(MANAGER, card, question_buttons(card)["✅ Resolve"])
    ask_note = await desk.next_message(MANAGER, count)
    assert "write what was done" in (ask_note.text or "")
    desk.sandbox.send_text(MANAGER, "Refunded the difference and apologised.")
    causes = await desk.next_message(MANAGER, count + 1)
    await desk.tap_and_wait(MANAGER, causes, question_buttons(causes)["Price"])
    await desk.tick()
    seen = len(desk.sandbox.messages(CUSTOMER))
    asked = await desk.sandbox.wait_for_message(CUSTOMER, 1, contains="Was your problem solved?")
    question = asked[-1]
    await desk.tap_and_wait(CUSTOMER, question, question_buttons(question)["No, not solved"])
    reply = await desk.next_message(CUSTOMER, seen)
    assert "reopened" in (reply.text or "")
    [complaint] = await _complaints(desk)
    assert (complaint.status, complaint.severity, complaint.reopened) == ("reopened", "critical", 1)
    assert complaint.resolution_note == "Refunded the difference and apologised."
    assert complaint.root_cause == "price"
    await desk.tick()
    notices = [m.text or "" for m in desk.sandbox.messages(MANAGER)]
    assert any("REOPENED" in text for text in notices)


async def test_contradiction_is_asked_and_honoured(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await desk.wave_now()
    await desk.next_message(CUSTOMER, 1)
    for answer in ["5", "9", "skip", "skip", "skip", "skip", "skip"]:
        count = len(desk.sandbox.messages(CUSTOMER))
        desk.sandbox.send_text(CUSTOMER, answer)
        await desk.next_message(CUSTOMER, count)
    count = len(desk.sandbox.messages(CUSTOMER))
    desk.sandbox.send_text(CUSTOMER, "Terrible, I waited four hours for an oil change.")
    question = (await desk.sandbox.wait_for_message(CUSTOMER, 1, contains="manager to contact"))[-1]
    assert "5/5" in (question.text or "") or "5 " in (question.text or "")
    assert await _complaints(desk) == []
    await desk.tap_and_wait(CUSTOMER, question, question_buttons(question)["Yes, please"])
    await desk.sandbox.wait_for_message(CUSTOMER, 1, contains="will contact you by")
    [complaint] = await _complaints(desk)
    assert "asked_for_contact" in complaint.triggers
    del count


async def test_no_wave_reaches_a_customer_with_an_open_complaint(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Awful service.")
    desk.clock.advance(timedelta(days=40))
    await desk.import_rows(
        f"E-later,service,{desk.yesterday.isoformat()} 10:00,C-1,Alex,13800131001,en,Pudong,Li,X"
    )
    wave_id = await desk.wave_now()
    async with UnitOfWork(desk.services.db, readonly=True) as uow:
        from surveys.waves.views import view_wave

        view = await view_wave(uow, wave_id)
    assert view.counts.skipped == {"open_complaint": 1}


async def test_a_card_is_delivered_after_a_crash_before_notifying(
    database_url: str, framework: str, tmp_path: Path
) -> None:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as first:
        await _staff(first)
        await first.customer("C-1", CUSTOMER)
        await _unhappy_survey(first, "Dirty car, rude staff.")
        sandbox, clock = first.sandbox, first.clock
        # The process dies here: the complaint is stored, no card was sent yet.
        assert _cards(first, MANAGER) == []
        async with running_bot(
            database_url, folder, sandbox=sandbox, clock=clock, language="en", framework=framework
        ) as second:
            await second.tick()
            assert len(_cards(second, MANAGER)) == 1


async def test_customer_writing_unhappily_outside_a_survey_is_heard(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    count = len(desk.sandbox.messages(CUSTOMER))
    desk.sandbox.send_text(CUSTOMER, "My car is making a terrible noise after your repair!")
    question = await desk.next_message(CUSTOMER, count)
    assert "Would you like a manager to contact you?" in (question.text or "")
    await desk.tap_and_wait(CUSTOMER, question, question_buttons(question)["Yes, please"])
    await desk.sandbox.wait_for_message(CUSTOMER, 1, contains="will contact you by")
    [complaint] = await _complaints(desk)
    assert complaint.source == "message"
    await desk.tick()
    assert len(_cards(desk, MANAGER)) == 1
    async with UnitOfWork(desk.services.db, readonly=True) as uow:
        assert (
            await uow.session.execute(select(func.count()).select_from(Delivery))
        ).scalar_one() == 0


async def test_cards_arrive_at_least_once(desk: BotHarness) -> None:
    """A dropped connection may or may not have delivered: post again, marked as a repeat.
    A 5xx certainly did not: retry, one card."""
    await desk.customer("C-1", CUSTOMER)
    desk.sandbox.inject(MANAGER, "drop", count=1)
    desk.sandbox.inject(SECOND, "server_error", count=1)
    await _unhappy_survey(desk, "Terrible, rude staff.")
    await desk.tick()
    await desk.tick()
    cards = _cards(desk, MANAGER)
    assert len(cards) == 2
    assert "sent again" in (cards[1].text or "")
    # Level 2 gets it later (escalation) and its first try fails with a 5xx.
    desk.clock.advance(timedelta(days=2))
    await desk.tick()
    assert _cards(desk, SECOND) == []
    desk.clock.advance(timedelta(minutes=1))
    await desk.tick()
    [card] = _cards(desk, SECOND)
    assert "sent again" not in (card.text or "")


async def test_a_manager_who_blocked_the_bot_is_skipped(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    desk.sandbox.inject(MANAGER, "blocked")
    await _unhappy_survey(desk, "Terrible, rude staff.")
    await desk.tick()
    await desk.tick()
    assert len(_cards(desk, SECOND)) == 1
    notices = [m.text or "" for m in desk.sandbox.messages(ADMIN)]
    assert any("cannot be reached" in text for text in notices)


async def test_removing_a_manager_returns_their_complaints(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Terrible, rude staff.")
    await desk.tick()
    [card] = _cards(desk, MANAGER)
    await desk.tap_and_see_edit(MANAGER, card, question_buttons(card)["✋ Claim"])
    desk.sandbox.send_text(ADMIN, f"/staff remove {MANAGER}")
    answer = await desk.sandbox.wait_for_message(ADMIN, 1, contains="went back to the queue")
    assert "1 complaint went back to the queue." in (answer[-1].text or "")
    [complaint] = await _complaints(desk)
    assert (complaint.status, complaint.assignee_user_id) == ("open", None)
    await desk.tick()
    notices = [m.text or "" for m in desk.sandbox.messages(SECOND)]
    assert not any("back in the queue" in text for text in notices)  # level 2 is not level 1


async def test_queue_and_complaint_commands(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Terrible, rude staff.")
    count = len(desk.sandbox.messages(MANAGER))
    desk.sandbox.send_text(MANAGER, "/queue")
    queue = await desk.next_message(MANAGER, count)
    assert "#1" in (queue.text or "")
    desk.sandbox.send_text(MANAGER, "/complaint 1")
    shown = await desk.next_message(MANAGER, count + 1)
    assert "Timeline:" in (shown.text or "")
    assert "opened (high)" in (shown.text or "")
    desk.sandbox.send_text(OTHER_BRANCH, "/complaint 1")
    refused = await desk.next_message(OTHER_BRANCH, 0)
    assert "only managers of this branch" in (refused.text or "")
    desk.sandbox.send_text(CUSTOMER, "/status")
    status = await desk.sandbox.wait_for_message(CUSTOMER, 1, contains="Your feedback #1")
    assert "will contact you by" in (status[-1].text or "")


async def test_forget_withdraws_and_silence_closes(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Terrible, rude staff.")
    count = len(desk.sandbox.messages(CUSTOMER))
    desk.sandbox.send_text(CUSTOMER, "/forget")
    prompt = await desk.next_message(CUSTOMER, count)
    await desk.tap_and_wait(CUSTOMER, prompt, question_buttons(prompt)["Yes, erase my data"])
    await desk.settle()
    [complaint] = await _complaints(desk)
    assert (complaint.status, complaint.text) == ("withdrawn", None)


async def test_a_resolved_complaint_closes_itself_when_the_customer_is_silent(
    desk: BotHarness,
) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Terrible, rude staff.")
    async with UnitOfWork(desk.services.db) as uow:
        complaint = (await uow.session.execute(select(Complaint))).scalar_one()
        await desk.services.desk.resolve(
            uow, complaint, MANAGER, "Apologised", "staff_attitude", CUSTOMER, desk.clock.now()
        )
    desk.clock.advance(timedelta(hours=71))
    await desk.tick()
    assert (await _complaints(desk))[0].status == "resolved"
    desk.clock.advance(timedelta(hours=2))
    await desk.tick()
    assert (await _complaints(desk))[0].status == "closed"
