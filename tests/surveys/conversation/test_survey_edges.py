"""Half-alive surveys: an uncertain delivery answered, a tap after expiry, a cancelled wave
with claimed rows, and a template file put back to an earlier version."""

from __future__ import annotations

import copy
from datetime import timedelta

from sqlalchemy import select, update

from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates, parse_template
from surveys.conversation.states import SurveyState
from surveys.outbox.states import SendStatus
from surveys.ports import AnswerAction
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Complaint, Delivery
from surveys.waves.service import cancel_wave
from tests.support.world import World


async def _delivery(world: World, delivery_id: int) -> Delivery:
    async with UnitOfWork(world.db, readonly=True) as uow:
        row = await uow.session.get(Delivery, delivery_id)
        assert row is not None
        return row


async def _uncertain(world: World, delivery_id: int) -> None:
    async with UnitOfWork(world.db) as uow:
        await uow.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(status=SendStatus.UNCERTAIN.value, expires_at=None, last_error="timeout")
        )


async def test_a_typed_answer_to_an_uncertain_survey_proves_it_arrived(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    await _uncertain(world, delivery_id)
    world.clock.advance(timedelta(hours=1))
    reply = await world.engine.on_text(world.inbound(501), "4")
    assert "How likely" in reply.messages[-1].text  # the next question: the answer counted
    delivery = await _delivery(world, delivery_id)
    assert delivery.status == SendStatus.SENT.value
    assert delivery.expires_at == world.clock.now() + timedelta(hours=72)
    assert delivery.sent_at == world.clock.now()  # reminders count from here


async def test_a_tap_on_an_uncertain_survey_proves_it_arrived(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    await _uncertain(world, delivery_id)
    await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 5), 7)
    delivery = await _delivery(world, delivery_id)
    assert (delivery.status, delivery.expires_at is not None) == (SendStatus.SENT.value, True)


async def test_a_late_tap_closes_the_survey_like_expiry_and_the_rules_run(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 0, 1), 7)
    world.clock.advance(timedelta(hours=73))
    late = await world.engine.on_action(world.inbound(501), AnswerAction(delivery_id, 1, 0), 8)
    assert late.toast == "Sorry, this survey has expired. Thank you all the same!"
    assert (await _delivery(world, delivery_id)).survey_state == SurveyState.EXPIRED.value
    async with UnitOfWork(world.db, readonly=True) as uow:
        complaint = (
            await uow.session.execute(select(Complaint).where(Complaint.delivery_id == delivery_id))
        ).scalar_one()
        answers = (await uow.session.execute(select(Answer.question_id))).scalars().all()
    assert complaint.overall == 1
    assert answers == ["overall"]


async def test_cancelling_a_wave_cancels_its_claimed_rows(world: World) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501)
    sent = await world.delivery(customer_id)
    other = await world.customer("C-2", telegram_user_id=502)
    async with UnitOfWork(world.db) as uow:
        first = await uow.session.get(Delivery, sent)
        assert first is not None
        claimed = Delivery(
            wave_id=first.wave_id,
            customer_id=other,
            event_id=first.event_id,
            template_id=first.template_id,
            language="en",
            status=SendStatus.CLAIMED.value,
            claim_token="t-1",
            due_at=world.clock.now(),
            created_at=world.clock.now(),
        )
        uow.session.add(claimed)
        await uow.session.flush()
        claimed_id, wave_id = claimed.id, first.wave_id
    async with UnitOfWork(world.db) as uow:
        await cancel_wave(uow, wave_id, world.clock.now())
    assert (await _delivery(world, claimed_id)).status == SendStatus.CANCELLED.value
    assert (await _delivery(world, sent)).status == SendStatus.SENT.value


async def test_a_template_put_back_to_an_earlier_version_takes_effect(world: World) -> None:
    shipped = load_templates()
    edited_raw = copy.deepcopy(dict(shipped["post_service"].raw))
    edited_raw["title"] = {"en": "Edited title", "zh": "改过的标题"}
    edited = {**shipped, "post_service": parse_template(edited_raw, "edited")}
    catalog = TemplateCatalog()
    now = world.clock.now()
    async with UnitOfWork(world.db) as uow:
        original_id, _ = await world.catalog.latest(uow, "post_service")
        await catalog.sync(uow, edited, now)
        edited_id, template = await catalog.latest(uow, "post_service")
        assert (edited_id != original_id, template.title.get("en")) == (True, "Edited title")
        await catalog.sync(uow, shipped, now)  # the file is reverted
        reverted_id, template = await catalog.latest(uow, "post_service")
    assert reverted_id == original_id
    assert template.title.get("en") != "Edited title"
