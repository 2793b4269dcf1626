"""A reply that fails is not lost: the next question (or the thanks) after an answer is
owed until Telegram takes it, sent again by the ticker, and shown again when the customer
taps an old button or writes. The real bot on both frameworks against the sandbox, which
answers one sendMessage with a 502 (not carried out); both databases."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.sandbox import ChatMessage
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Delivery
from tests.support.harness import BotHarness, question_buttons

USER = 1001
RETRY = timedelta(seconds=5)  # SURVEYBOT_REPLY_RETRY_SECONDS by default


def _fail_next_send(harness: BotHarness) -> None:
    harness.sandbox.inject(
        USER, "server_error", status=502, count=1, methods=frozenset({"sendMessage"})
    )


async def _failed_sends_seen(harness: BotHarness, count: int) -> None:
    """Until the sandbox has refused ``count`` sendMessage calls to the customer."""

    def refused() -> bool | None:
        calls = [
            r
            for r in harness.sandbox.requests("sendMessage")
            if r.params.get("chat_id") in (USER, str(USER))
            and r.method == "sendMessage"
            and r.status == 502
        ]
        return len(calls) >= count or None

    await harness.sandbox.wait_for(refused, 5.0, f"{count} refused sendMessage call(s)")
    await harness.settle()


async def _marks_written(harness: BotHarness) -> None:
    """The marks of replies sent are written in batches: until this one is."""
    assert harness.runtime.ticker is not None
    assert harness.runtime.ticker.owed is not None
    await harness.runtime.ticker.owed.receipts.drain()


async def _delivery(harness: BotHarness) -> Delivery:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return (await uow.session.execute(select(Delivery))).scalar_one()


async def _answered(harness: BotHarness) -> list[str]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        rows = await uow.session.execute(select(Answer.question_id).order_by(Answer.id))
        return list(rows.scalars())


async def _first_question(harness: BotHarness) -> ChatMessage:
    await harness.customer("C-1", USER)
    await harness.wave_now()
    return await harness.next_message(USER, 1)


async def _answer_first_and_lose_the_reply(harness: BotHarness) -> ChatMessage:
    first = await _first_question(harness)
    _fail_next_send(harness)
    await harness.tap_and_wait(USER, first, question_buttons(first)["5"])
    await _failed_sends_seen(harness, 1)
    assert len(harness.sandbox.messages(USER)) == 2, "the next question should have been lost"
    assert await _answered(harness) == ["overall"]
    assert (await _delivery(harness)).reply_due_at is not None
    return first


async def test_a_reply_refused_with_502_is_sent_again_by_the_ticker(harness: BotHarness) -> None:
    await _answer_first_and_lose_the_reply(harness)
    await harness.tick()
    assert len(harness.sandbox.messages(USER)) == 2, "resent before its retry time"

    harness.clock.advance(RETRY + timedelta(seconds=1))
    report = await harness.tick()
    assert report.replies_again == 1
    again = await harness.next_message(USER, 2)
    buttons = question_buttons(again)
    assert buttons, again.text
    assert (await _delivery(harness)).reply_due_at is None
    await harness.tick()
    assert len(harness.sandbox.messages(USER)) == 3, "a reply paid is not sent again"

    # The question sent again is a working one: the survey goes on from it.
    await harness.tap_and_wait(USER, again, buttons["10"])
    await harness.next_message(USER, 3)
    assert len(await _answered(harness)) == 2


async def test_a_tap_on_an_old_button_shows_the_question_again(harness: BotHarness) -> None:
    """The answered question kept its buttons (its edit failed too, as after a kill -9)."""
    first = await _first_question(harness)
    harness.sandbox.inject(
        USER,
        "server_error",
        status=502,
        count=2,
        methods=frozenset({"sendMessage", "editMessageText"}),
    )
    await harness.tap_and_wait(USER, first, question_buttons(first)["5"])
    await _failed_sends_seen(harness, 1)
    assert len(harness.sandbox.messages(USER)) == 2
    assert question_buttons(first), "the answered question should have kept its buttons"
    harness.clock.advance(RETRY + timedelta(seconds=1))

    toast = await harness.tap_and_wait(USER, first, question_buttons(first)["3"])
    assert "already answered" in toast
    shown = await harness.next_message(USER, 2)
    assert question_buttons(shown), shown.text
    await harness.settle()
    await _marks_written(harness)
    assert await _answered(harness) == ["overall"], "the old tap changed the answer"
    report = await harness.tick()
    assert report.replies_again == 0
    assert len(harness.sandbox.messages(USER)) == 3


async def test_words_typed_meanwhile_show_the_question_again(harness: BotHarness) -> None:
    await _answer_first_and_lose_the_reply(harness)
    harness.clock.advance(RETRY + timedelta(seconds=1))

    harness.sandbox.send_text(USER, "hello?")
    messages = await harness.sandbox.wait_for_message(USER, 3)
    # Words at a score question are kept as its comment and the score is asked for again,
    # with the question's buttons: that shows the customer what to answer now, once.
    assert question_buttons(messages[2]), messages[2].text
    await harness.settle()
    assert len(harness.sandbox.messages(USER)) == 3
    await _marks_written(harness)
    assert (await _delivery(harness)).reply_due_at is None


async def test_a_double_tap_while_the_reply_is_on_its_way_shows_nothing_twice(
    harness: BotHarness,
) -> None:
    first = await _first_question(harness)
    buttons = question_buttons(first)
    taps = [harness.sandbox.tap(USER, first.message_id, buttons[b]) for b in ("4", "2")]
    for tap in taps:
        await harness.sandbox.wait_for_answer(tap)
    await harness.settle()
    await _marks_written(harness)
    assert len(harness.sandbox.messages(USER)) == 3  # link reply, question, next question
    await harness.tick()
    harness.clock.advance(RETRY + timedelta(seconds=1))
    await harness.tick()
    assert len(harness.sandbox.messages(USER)) == 3


async def test_the_thanks_refused_with_502_is_sent_again(harness: BotHarness) -> None:
    message = await _first_question(harness)
    for label in ("5", "10", "5", "4", "5", "5", "5"):
        count = len(harness.sandbox.messages(USER))
        await harness.tap_and_wait(USER, message, question_buttons(message)[label])
        message = await harness.next_message(USER, count)
    assert "Anything we could do even better?" in (message.text or "")
    _fail_next_send(harness)
    count = len(harness.sandbox.messages(USER))
    harness.sandbox.send_text(USER, "Fast and friendly, thank you!")
    await _failed_sends_seen(harness, 1)
    assert len(harness.sandbox.messages(USER)) == count
    delivery = await _delivery(harness)
    assert delivery.survey_state == "completed"
    assert delivery.reply_due_at is not None

    harness.clock.advance(RETRY + timedelta(seconds=1))
    await harness.tick()
    thanks = await harness.next_message(USER, count)
    assert "Thank you for your feedback" in (thanks.text or "")
    assert (await _delivery(harness)).reply_due_at is None
