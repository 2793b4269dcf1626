"""The customer's conversation end to end: the real aiogram bot polling the sandbox over HTTP."""

from __future__ import annotations

from sqlalchemy import func, select

from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Customer, Delivery
from tests.support.harness import BotHarness, question_buttons


async def _customer(harness: BotHarness, external_id: str) -> Customer:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return (
            await uow.session.execute(select(Customer).where(Customer.external_id == external_id))
        ).scalar_one()


async def _answers(harness: BotHarness) -> dict[str, Answer]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return {a.question_id: a for a in (await uow.session.execute(select(Answer))).scalars()}


async def test_link_by_deep_link_and_set_the_menu(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001, name="Alex Chen")
    reply = harness.sandbox.last_message(1001)
    assert reply is not None
    assert "Thank you, Alex Chen!" in (reply.text or "")
    assert (await _customer(harness, "C-1")).telegram_user_id == 1001
    commands = harness.sandbox.requests("setMyCommands")
    assert {r.params.get("language_code") for r in commands} == {None, "zh"}


async def test_link_by_shared_contact_with_and_without_plus(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001, phone="13800138001", link=False)
    await harness.customer("C-2", 1002, phone="13800138002", link=False)
    harness.sandbox.press_start(1001)
    welcome = await harness.next_message(1001, 0)
    assert welcome.reply_markup is not None
    assert welcome.reply_markup["keyboard"][0][0]["request_contact"] is True
    harness.sandbox.share_contact(1001, "8613800138001")
    harness.sandbox.share_contact(1002, "+8613800138002")
    await harness.next_message(1001, 1)
    await harness.next_message(1002, 0)
    assert (await _customer(harness, "C-1")).telegram_user_id == 1001
    assert (await _customer(harness, "C-2")).telegram_user_id == 1002


async def test_someone_elses_contact_is_refused(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001, phone="13800138001", link=False)
    harness.sandbox.add_user(1002, "Mallory", language_code="en")
    harness.sandbox.share_contact(1002, "8613800138001", contact_user_id=1001)
    refusal = await harness.next_message(1002, 0)
    assert "your own phone number" in (refusal.text or "")
    assert (await _customer(harness, "C-1")).telegram_user_id is None


async def _answer_all(
    harness: BotHarness, user: int, taps: dict[int, str], texts: dict[int, str]
) -> list[str]:
    """Answer question after question; returns the questions' texts as shown."""
    shown: list[str] = []
    seen = len(harness.sandbox.messages(user)) - 1
    message = harness.sandbox.messages(user)[seen]
    for step in range(20):
        buttons = question_buttons(message)
        if not buttons:
            shown.append(message.text or "")
            return shown
        shown.append(message.text or "")
        count = len(harness.sandbox.messages(user))
        if step in texts:
            harness.sandbox.send_text(user, texts[step])
        else:
            label = taps.get(step, next(iter(buttons)))
            await harness.tap_and_wait(user, message, buttons[label])
        message = await harness.next_message(user, count)
    raise AssertionError("the survey did not end")


async def test_complete_post_service_in_english(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001)
    await harness.wave_now()
    first = await harness.next_message(1001, 1)
    assert "Overall, how satisfied" in (first.text or "")
    shown = await _answer_all(
        harness,
        1001,
        taps={0: "5", 1: "10", 2: "5", 3: "4", 4: "5", 5: "5", 6: "5"},
        texts={7: "Fast and friendly, thank you!"},
    )
    assert "Anything we could do even better?" in shown[7]
    assert "Thank you for your feedback" in shown[-1]
    first_after = harness.sandbox.messages(1001)[1]
    assert first_after.reply_markup is None or not first_after.inline_keyboard
    assert "✔ 5/5" in (first_after.text or "")
    answers = await _answers(harness)
    assert answers["overall"].value_int == 5
    assert answers["comment"].value_text == "Fast and friendly, thank you!"
    assert answers["comment"].sentiment_label == "positive"


async def test_low_scores_ask_what_went_wrong_in_chinese(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001, name="李强", language="zh")
    await harness.wave_now()
    await harness.next_message(1001, 1)
    shown = await _answer_all(
        harness,
        1001,
        taps={0: "1", 1: "2", 7: "等待太久"},
        texts={2: "给2分", 8: "等了三个小时，太慢了"},
    )
    assert "哪里做得不好" in shown[8]
    assert "尽快与您联系" in shown[-1]
    answers = await _answers(harness)
    assert answers["reception"].value_int == 2
    assert answers["main_problem"].value_choice == "wait_time"
    assert answers["comment"].sentiment_label == "negative"


async def test_double_tap_records_one_answer(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001)
    await harness.wave_now()
    question = await harness.next_message(1001, 1)
    buttons = question_buttons(question)
    first = harness.sandbox.tap(1001, question.message_id, buttons["4"])
    second = harness.sandbox.tap(1001, question.message_id, buttons["2"])
    toasts = {
        (await harness.sandbox.wait_for_answer(first)).text,
        (await harness.sandbox.wait_for_answer(second)).text,
    }
    assert "You already answered this question. Thank you!" in toasts
    await harness.settle()
    answers = await _answers(harness)
    assert list(answers) == ["overall"]
    assert answers["overall"].value_int in (2, 4)
    assert len(harness.sandbox.messages(1001)) == 3  # link reply, question, next question


async def test_replayed_update_changes_nothing(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001)
    await harness.wave_now()
    await harness.next_message(1001, 1)
    typed = harness.sandbox.send_text(1001, "4")
    await harness.next_message(1001, 2)
    harness.sandbox.replay(typed["update_id"])
    await harness.settle()
    answers = await _answers(harness)
    assert list(answers) == ["overall"]
    assert len(harness.sandbox.messages(1001)) == 3


async def test_tap_forged_by_another_user_is_refused(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001)
    await harness.customer("C-2", 1002)
    await harness.wave_now()
    question = await harness.next_message(1001, 1)
    forged = harness.sandbox.tap(
        1001, question.message_id, question_buttons(question)["1"], user_id=1002
    )
    toast = (await harness.sandbox.wait_for_answer(forged)).text
    assert toast == "This button belongs to someone else's survey."
    assert await _answers(harness) == {}


async def test_stop_then_no_survey(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001)
    harness.sandbox.send_text(1001, "/stop")
    stopped = await harness.next_message(1001, 1)
    assert "will not receive any more surveys" in (stopped.text or "")
    await harness.wave_now()
    await harness.tick()
    await harness.settle()
    assert len(harness.sandbox.messages(1001)) == 2
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        assert (
            await uow.session.execute(select(func.count()).select_from(Delivery))
        ).scalar_one() == 0


async def test_forget_erases(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001, name="Alex Chen")
    await harness.wave_now()
    await harness.next_message(1001, 1)
    harness.sandbox.send_text(1001, "2")
    await harness.next_message(1001, 2)
    harness.sandbox.send_text(1001, "/forget")
    prompt = await harness.next_message(1001, 3)
    toast = await harness.tap_and_wait(1001, prompt, question_buttons(prompt)["Yes, erase my data"])
    assert toast
    done = await harness.next_message(1001, 4)
    assert "erased" in (done.text or "")
    customer = await _customer(harness, "C-1")
    assert (customer.name, customer.phone, customer.telegram_user_id) == ("", None, None)
    assert (await _answers(harness))["overall"].value_int == 2
