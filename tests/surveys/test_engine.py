"""The survey engine through its entry points, on every storage backend."""

from __future__ import annotations

from sqlalchemy import func, select

from surveys.conversation.states import SurveyState
from surveys.ports import (
    AnswerAction,
    ContactRequest,
    ForgetAction,
    InlineKeyboard,
    Outgoing,
    Reply,
    SkipAction,
)
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, AuditEntry, Customer, Delivery, Event
from tests.support.world import World


async def _delivery(world: World, delivery_id: int) -> Delivery:
    async with UnitOfWork(world.db, readonly=True) as uow:
        row = await uow.session.get(Delivery, delivery_id)
        assert row is not None
        return row


async def _customer(world: World, customer_id: int) -> Customer:
    async with UnitOfWork(world.db, readonly=True) as uow:
        row = await uow.session.get(Customer, customer_id)
        assert row is not None
        return row


async def _answers(world: World, delivery_id: int) -> dict[str, Answer]:
    async with UnitOfWork(world.db, readonly=True) as uow:
        rows = await uow.session.execute(select(Answer).where(Answer.delivery_id == delivery_id))
        return {a.question_id: a for a in rows.scalars()}


def _texts(reply: Reply) -> list[str]:
    return [m.text for m in reply.messages]


def _new_question(reply: Reply) -> Outgoing:
    fresh = [m for m in reply.messages if m.edit_message_id is None]
    assert len(fresh) == 1, reply
    return fresh[0]


async def test_deep_link_links_the_chat(world: World) -> None:
    customer_id = await world.customer("C-1", name="Alex")
    token = world.links.issue("C-1")
    reply = await world.engine.on_start(world.inbound(501), token)
    assert "Alex" in reply.messages[0].text
    assert "/stop" in reply.messages[0].text  # the consent line
    linked = await _customer(world, customer_id)
    assert (linked.telegram_user_id, linked.chat_id) == (501, 501)


async def test_forged_or_foreign_links_are_refused_and_audited(world: World) -> None:
    await world.customer("C-1", telegram_user_id=777)
    bad = await world.engine.on_start(world.inbound(501), "a" + "x" * 30)
    taken = await world.engine.on_start(world.inbound(501), world.links.issue("C-1"))
    assert "not valid" in bad.messages[0].text
    assert "another Telegram account" in taken.messages[0].text
    async with UnitOfWork(world.db, readonly=True) as uow:
        refused = await uow.session.execute(
            select(func.count()).where(AuditEntry.outcome == "refused")
        )
        assert refused.scalar_one() == 2


async def test_start_without_token_offers_to_share_the_phone(world: World) -> None:
    reply = await world.engine.on_start(world.inbound(501, language="zh-hans"), None)
    assert isinstance(reply.messages[0].markup, ContactRequest)
    assert "手机号" in reply.messages[0].text


async def test_contact_links_with_or_without_plus(world: World) -> None:
    first = await world.customer("C-1", phone="+8613800138000")
    second = await world.customer("C-2", phone="+8613900139000")
    await world.engine.on_contact(world.inbound(601), "8613800138000", 601)
    await world.engine.on_contact(world.inbound(602), "+86 139 0013 9000", 602)
    assert (await _customer(world, first)).telegram_user_id == 601
    assert (await _customer(world, second)).telegram_user_id == 602


async def test_someone_elses_contact_is_refused(world: World) -> None:
    customer_id = await world.customer("C-1", phone="+8613800138000")
    reply = await world.engine.on_contact(world.inbound(601), "8613800138000", 999)
    assert "your own" in reply.messages[0].text
    assert (await _customer(world, customer_id)).telegram_user_id is None


async def test_unknown_phone_is_told_politely(world: World) -> None:
    reply = await world.engine.on_contact(world.inbound(601), "8613700000000", 601)
    assert "could not find" in reply.messages[0].text


async def test_complete_survey_with_buttons_and_text(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    user = 501
    scores = [5, 10, 5, 4, 5, 5, 5]  # overall, nps, five touchpoints
    for index, value in enumerate(scores):
        reply = await world.engine.on_action(
            world.inbound(user), AnswerAction(delivery_id, index, value), message_id=10 + index
        )
        assert reply.toast
        edit = reply.messages[0]
        assert edit.edit_message_id == 10 + index
        assert edit.markup is None
    comment = reply.messages[-1]
    assert "Anything we could do even better?" in comment.text
    done = await world.engine.on_text(world.inbound(user), "Everything was perfect, thanks!")
    assert "Thank you for your feedback" in _texts(done)[-1]
    delivery = await _delivery(world, delivery_id)
    assert delivery.survey_state == SurveyState.COMPLETED.value
    answers = await _answers(world, delivery_id)
    assert answers["overall"].value_int == 5
    assert answers["comment"].value_text == "Everything was perfect, thanks!"
    assert answers["comment"].sentiment_label == "positive"
    assert "main_problem" not in answers


async def test_low_score_asks_what_went_wrong_in_chinese(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501, language="zh")
    delivery_id = await world.delivery(customer_id, language="zh")
    await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 1), None)
    await world.engine.on_text(world.inbound(501), "给3分")
    for index in range(2, 7):
        await world.engine.on_action(world.inbound(501), SkipAction(delivery_id, index), None)
    problem = await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 7, 0), 9)
    assert "哪里做得不好" in _new_question(problem).text
    done = await world.engine.on_text(world.inbound(501), "等了三个小时，太慢了，服务态度也差")
    assert "尽快与您联系" in _texts(done)[-2]
    assert "的负责人将在11月30日" in _texts(done)[-1]
    answers = await _answers(world, delivery_id)
    assert answers["nps"].value_int == 3
    assert answers["main_problem"].value_choice == "wait_time"
    assert answers["reception"].skipped
    assert answers["comment"].sentiment_label == "negative"


async def test_double_tap_records_one_answer(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    first = await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 4), 5)
    second = await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 2), 5)
    assert first.messages
    assert second.messages == ()
    assert second.toast == "You already answered this question. Thank you!"
    answers = await _answers(world, delivery_id)
    assert answers["overall"].value_int == 4


async def test_replayed_update_changes_nothing(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    inbound = world.inbound(501)
    first = await world.engine.on_action(inbound, AnswerAction(delivery_id, 0, 4), 5)
    again = await world.engine.on_action(inbound, AnswerAction(delivery_id, 0, 4), 5)
    assert not first.duplicate
    assert again.duplicate
    assert again.messages == ()
    assert len(await _answers(world, delivery_id)) == 1


async def test_tap_by_another_user_is_refused_and_audited(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    await world.customer("C-2", telegram_user_id=502)
    delivery_id = await world.delivery(customer_id)
    reply = await world.engine.on_action(world.inbound(502), AnswerAction(delivery_id, 0, 1), 5)
    assert reply.toast == "This button belongs to someone else's survey."
    assert await _answers(world, delivery_id) == {}
    async with UnitOfWork(world.db, readonly=True) as uow:
        entry = (
            await uow.session.execute(select(AuditEntry).where(AuditEntry.outcome == "refused"))
        ).scalar_one()
    assert (entry.actor_user_id, entry.action, entry.object_id) == (
        502,
        "survey.answer",
        str(delivery_id),
    )


async def test_garbage_gets_a_helpful_reply_and_changes_nothing(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    for garbage in ("7", "4.5", "🤷", "?!"):
        reply = await world.engine.on_text(world.inbound(501), garbage)
        assert "from 1 to 5" in reply.messages[0].text
    assert await _answers(world, delivery_id) == {}
    ok = await world.engine.on_text(world.inbound(501), "5, it was great")
    assert "How likely" in _new_question(ok).text


async def test_stale_tap_on_an_earlier_question(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 4), 5)
    later = await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 3, 4), 6)
    assert later.toast == "This question is no longer open."


async def test_expired_survey_answers_politely(world: World) -> None:
    from datetime import timedelta

    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    world.clock.advance(timedelta(hours=73))
    reply = await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 4), 5)
    assert reply.toast == "Sorry, this survey has expired. Thank you all the same!"
    assert (await _delivery(world, delivery_id)).survey_state == SurveyState.EXPIRED.value


async def test_stop_opts_out_and_closes_the_open_survey(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    reply = await world.engine.on_command(world.inbound(501), "stop")
    assert isinstance(reply.messages[0].markup, InlineKeyboard)
    assert (await _customer(world, customer_id)).opted_out
    assert (await _delivery(world, delivery_id)).survey_state == SurveyState.STOPPED.value
    late = await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 4), 5)
    assert late.toast == "This survey is closed. Thank you for your time!"


async def test_forget_erases_personal_data_and_keeps_scores(world: World) -> None:
    customer_id = await world.customer(
        "C-1", name="Alex", phone="+8613800138000", telegram_user_id=501
    )
    delivery_id = await world.delivery(customer_id)
    await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 2), None)
    await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 1, 3), None)
    for index in range(2, 8):
        await world.engine.on_action(world.inbound(501), SkipAction(delivery_id, index), None)
    await world.engine.on_text(world.inbound(501), "My name is Alex and the wait was awful")
    prompt = await world.engine.on_command(world.inbound(501), "forget")
    assert "erases" in prompt.messages[0].text
    await world.engine.on_action(world.inbound(501), ForgetAction(confirm=True), None)
    customer = await _customer(world, customer_id)
    assert (customer.name, customer.phone, customer.telegram_user_id) == ("", None, None)
    assert customer.forgotten_at is not None
    assert customer.opted_out
    answers = await _answers(world, delivery_id)
    assert answers["comment"].value_text is None
    assert answers["comment"].sentiment_label == "negative"
    assert answers["overall"].value_int == 2
    async with UnitOfWork(world.db, readonly=True) as uow:
        vehicles = await uow.session.execute(
            select(Event.vehicle).where(Event.customer_id == customer_id)
        )
        assert vehicles.scalars().all() == [None]
        actors = await uow.session.execute(
            select(AuditEntry.actor_user_id).where(AuditEntry.actor_kind == "customer")
        )
        assert 501 not in actors.scalars().all()
    relink = await world.engine.on_start(world.inbound(501), world.links.issue("C-1"))
    assert "not valid" in relink.messages[0].text


async def test_status_and_help(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    none = await world.engine.on_command(world.inbound(501), "status")
    assert "no open survey" in none.messages[0].text
    await world.delivery(customer_id)
    open_one = await world.engine.on_command(world.inbound(501), "status")
    assert "Service visit follow-up" in open_one.messages[0].text
    help_reply = await world.engine.on_command(world.inbound(501), "help")
    assert "/forget" in help_reply.messages[0].text
