"""Refusals leave a trace and tell nothing: forged taps on someone else's complaint buttons
are audited, ``/complaint N`` says the same to a non-staff user whether #N exists or not,
``/forget`` keeps a pseudonym on the forgotten person's audit rows, and a manager removed
after tapping Resolve cannot store a note."""

from __future__ import annotations

from sqlalchemy import select

from bot.chat.callbacks import encode
from surveys.i18n import say
from surveys.ports import CallMeAnswer, SolvedAnswer
from surveys.storage import UnitOfWork
from surveys.storage.tables import AuditEntry, Complaint, PendingInput
from tests.bot.test_complaints_e2e import (  # the desk: staff, one unhappy customer
    ADMIN,
    CUSTOMER,
    MANAGER,
    _cards,
    _unhappy_survey,
    desk,
)
from tests.support.harness import BotHarness, question_buttons

__all__ = ["desk"]

INTRUDER = 1002  # another linked customer
STRANGER = 1003  # never linked


async def _audit(harness: BotHarness, action: str) -> list[AuditEntry]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        rows = await uow.session.execute(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return list(rows.scalars())


async def _forged_tap(harness: BotHarness, user: int, data: str) -> str:
    if not harness.sandbox.messages(user):  # a message of the bot's to tap under
        harness.sandbox.send_text(user, "/help")
        await harness.next_message(user, 0)
    last = harness.sandbox.messages(user)[-1]
    query = harness.sandbox.tap(user, last.message_id, data, forge=True)
    return (await harness.sandbox.wait_for_answer(query)).text or ""


async def _complaint_and_delivery(harness: BotHarness) -> tuple[int, int]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        complaint = (await uow.session.execute(select(Complaint))).scalar_one()
        assert complaint.delivery_id is not None
        return complaint.id, complaint.delivery_id


async def test_forged_taps_on_another_customers_complaint_are_audited(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await desk.customer("C-2", INTRUDER, name="Mallory")
    desk.sandbox.add_user(STRANGER, "Eve", language_code="en")
    await _unhappy_survey(desk, "Terrible, rude staff.")
    complaint_id, delivery_id = await _complaint_and_delivery(desk)
    not_yours = say("not_yours", "en")
    for user in (INTRUDER, STRANGER):
        assert await _forged_tap(desk, user, encode(SolvedAnswer(complaint_id, True))) == not_yours
        assert await _forged_tap(desk, user, encode(CallMeAnswer(delivery_id, True))) == not_yours
    solved = [
        (e.actor_user_id, e.object_id, e.outcome) for e in await _audit(desk, "complaint.solved")
    ]
    assert solved == [
        (INTRUDER, str(complaint_id), "refused"),
        (STRANGER, str(complaint_id), "refused"),
    ]
    clarify = [(e.actor_user_id, e.outcome) for e in await _audit(desk, "complaint.clarify")]
    assert clarify == [(INTRUDER, "refused"), (STRANGER, "refused")]
    async with UnitOfWork(desk.services.db, readonly=True) as uow:
        complaint = await uow.session.get(Complaint, complaint_id)
        assert complaint is not None
        assert complaint.status == "open"


async def test_complaint_numbers_tell_a_non_staff_user_nothing(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Terrible, rude staff.")
    complaint_id, _ = await _complaint_and_delivery(desk)
    desk.sandbox.add_user(STRANGER, "Eve", language_code="en")
    replies = []
    for argument in (str(complaint_id), "999", "²", ""):
        seen = len(desk.sandbox.messages(STRANGER))
        desk.sandbox.send_text(STRANGER, f"/complaint {argument}".strip())
        replies.append((await desk.next_message(STRANGER, seen)).text)
    assert replies == [say("staff_only", "en")] * 4
    refused = [(e.actor_user_id, e.outcome) for e in await _audit(desk, "complaint.view")]
    assert refused == [(STRANGER, "refused")] * 4


async def test_forget_keeps_a_pseudonym_on_the_audit_rows(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await desk.customer("C-2", INTRUDER, name="Mallory")
    await _unhappy_survey(desk, "Terrible, rude staff.")
    complaint_id, delivery_id = await _complaint_and_delivery(desk)
    await _forged_tap(desk, INTRUDER, encode(SolvedAnswer(complaint_id, True)))
    await _forged_tap(desk, INTRUDER, encode(CallMeAnswer(delivery_id, False)))
    seen = len(desk.sandbox.messages(INTRUDER))
    desk.sandbox.send_text(INTRUDER, "/forget")
    prompt = await desk.next_message(INTRUDER, seen)
    await desk.tap_and_wait(INTRUDER, prompt, question_buttons(prompt)["Yes, erase my data"])
    await desk.settle()
    refused = [*await _audit(desk, "complaint.solved"), *await _audit(desk, "complaint.clarify")]
    key = desk.services.links.pseudonym(INTRUDER)
    assert [(e.actor_user_id, e.actor_key, e.outcome) for e in refused] == [
        (None, key, "refused"),
        (None, key, "refused"),
    ]
    assert key != desk.services.links.pseudonym(CUSTOMER)
    assert str(INTRUDER) not in key


async def test_a_removed_manager_cannot_store_a_resolution_note(desk: BotHarness) -> None:
    await desk.customer("C-1", CUSTOMER)
    await _unhappy_survey(desk, "Terrible, rude staff.")
    await desk.tick()
    [card] = _cards(desk, MANAGER)
    card = await desk.tap_and_see_edit(MANAGER, card, question_buttons(card)["✋ Claim"])
    count = len(desk.sandbox.messages(MANAGER))
    await desk.tap_and_wait(MANAGER, card, question_buttons(card)["✅ Resolve"])
    await desk.next_message(MANAGER, count)  # "write what was done"
    seen = len(desk.sandbox.messages(ADMIN))
    desk.sandbox.send_text(ADMIN, f"/staff remove {MANAGER}")
    await desk.next_message(ADMIN, seen)
    desk.sandbox.send_text(MANAGER, "Called them, all fine now.")
    refusal = await desk.next_message(MANAGER, count + 1)
    assert refusal.text == say("not_your_branch", "en")
    async with UnitOfWork(desk.services.db, readonly=True) as uow:
        [complaint] = (await uow.session.execute(select(Complaint))).scalars()
        assert (complaint.resolution_note, complaint.status) == (None, "open")
        assert await uow.session.get(PendingInput, MANAGER) is None
    assert [(e.actor_user_id, e.outcome) for e in await _audit(desk, "complaint.resolve")] == [
        (MANAGER, "refused")
    ]
