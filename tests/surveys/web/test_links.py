"""Which survey a link opens: the visit's own (shared with the chat), or one made for it."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer, Delivery, Event, Wave
from surveys.web.keys import WebKeys
from surveys.web.links import LinkError, LinkPolicy, survey_link
from tests.support.world import World

KEYS = WebKeys("a-deployment-secret-0123456789")
POLICY = LinkPolicy(ZoneInfo("Asia/Shanghai"), "zh")


async def _link(world: World, customer_id: int) -> tuple[int, bool]:
    async with UnitOfWork(world.db) as uow:
        customer = await uow.session.get(Customer, customer_id)
        assert customer is not None
        made = await survey_link(uow, KEYS, world.catalog, POLICY, customer, world.clock.now())
        return made.delivery_id, made.fresh


async def test_a_visit_surveyed_in_the_chat_is_opened_not_surveyed_again(world: World) -> None:
    customer = await world.customer("C-1", telegram_user_id=501)
    delivery = await world.delivery(customer)
    assert await _link(world, customer) == (delivery, False)
    assert await _link(world, customer) == (delivery, False)


async def test_a_chat_survey_not_sent_yet_is_taken_over_by_the_link(world: World) -> None:
    customer = await world.customer("C-2", telegram_user_id=502)
    delivery = await world.delivery(customer)
    async with UnitOfWork(world.db) as uow:
        await uow.session.execute(
            update(Delivery).where(Delivery.id == delivery).values(status="pending", sent_at=None)
        )
    world.clock.advance(timedelta(minutes=5))
    assert await _link(world, customer) == (delivery, False)
    async with UnitOfWork(world.db, readonly=True) as uow:
        row = await uow.session.get(Delivery, delivery)
        assert row is not None
        assert (row.status, row.sent_at, row.current_question) == (
            "sent",
            world.clock.now(),
            "overall",
        ), "the outbox sends only pending rows: the chat will not start it too"


async def test_a_visit_without_a_survey_gets_one_made_for_the_link(world: World) -> None:
    customer = await world.customer("C-3", language=None)
    async with UnitOfWork(world.db) as uow:
        uow.session.add(
            Event(
                external_id="E-3",
                kind="sale",
                occurred_at=world.clock.now() - timedelta(days=2),
                customer_id=customer,
                created_at=world.clock.now(),
            )
        )
    made, fresh = await _link(world, customer)
    assert fresh
    async with UnitOfWork(world.db, readonly=True) as uow:
        delivery = await uow.session.get(Delivery, made)
        assert delivery is not None
        wave = await uow.session.get(Wave, delivery.wave_id)
        assert wave is not None
        assert (delivery.status, delivery.chat_id, delivery.language) == ("sent", None, "zh")
        assert (wave.template_key, wave.status, wave.remind) == ("post_sale", "done", False)
        count = await uow.session.scalar(select(func.count()).select_from(Delivery))
    assert count == 1
    assert await _link(world, customer) == (made, False)


async def test_no_link_without_a_visit_or_for_who_opted_out(world: World) -> None:
    nobody = await world.customer("C-4")
    with pytest.raises(LinkError, match="no visit"):
        await _link(world, nobody)
    stopped = await world.customer("C-5", telegram_user_id=505)
    await world.delivery(stopped)
    async with UnitOfWork(world.db) as uow:
        await uow.session.execute(
            update(Customer).where(Customer.id == stopped).values(opted_out=True)
        )
    with pytest.raises(LinkError, match="opted out"):
        await _link(world, stopped)
