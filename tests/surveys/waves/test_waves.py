"""Waves on every backend: audience rules with their skip counts, standing runs, control."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.outbox.states import SendStatus
from surveys.ports import ManualClock
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Branch, Customer, Delivery, Event, Wave
from surveys.waves.model import AudienceRules, WaveError, WaveRequest
from surveys.waves.runner import WaveRunner
from surveys.waves.schedule import AbsoluteWindow, Recurrence, parse_quiet_hours, parse_window
from surveys.waves.service import cancel_wave, create_wave, pause_wave, resume_wave
from surveys.waves.views import view_wave

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 local
YESTERDAY = date(2026, 11, 29)


class Shop:
    """A small dealership: customers, visits, and the pieces to run waves."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.clock = ManualClock(NOW)
        self.catalog = TemplateCatalog()
        self.rules = AudienceRules(zone=ZONE, fatigue=timedelta(days=30), default_language="zh")
        self._ids = 0

    async def setup(self) -> None:
        async with UnitOfWork(self.db) as uow:
            await self.catalog.sync(uow, load_templates(), NOW)
            uow.session.add_all(
                [Branch(name="Pudong", created_at=NOW), Branch(name="Minhang", created_at=NOW)]
            )

    async def visit(
        self,
        *,
        linked: bool = True,
        opted_out: bool = False,
        unreachable: bool = False,
        when: datetime = datetime(2026, 11, 29, 3, 0, tzinfo=UTC),
        kind: str = "service",
        branch: str = "Pudong",
        customer_id: int | None = None,
    ) -> int:
        self._ids += 1
        async with UnitOfWork(self.db) as uow:
            if customer_id is None:
                customer = Customer(
                    external_id=f"C{self._ids}",
                    name=f"Customer {self._ids}",
                    telegram_user_id=10_000 + self._ids if linked else None,
                    chat_id=10_000 + self._ids if linked else None,
                    opted_out=opted_out,
                    unreachable=unreachable,
                    created_at=NOW,
                    updated_at=NOW,
                )
                uow.session.add(customer)
                await uow.session.flush()
                customer_id = customer.id
            branch_id = (
                await uow.session.execute(select(Branch.id).where(Branch.name == branch))
            ).scalar_one()
            uow.session.add(
                Event(
                    external_id=f"E{self._ids}",
                    kind=kind,
                    occurred_at=when,
                    customer_id=customer_id,
                    branch_id=branch_id,
                    created_at=NOW,
                )
            )
        return customer_id

    async def wave(self, **overrides: Any) -> int:
        values: dict[str, Any] = {
            "template_key": "post_service",
            "event_kind": "service",
            "window": AbsoluteWindow(YESTERDAY, YESTERDAY),
            "send_at": self.clock.now(),
        }
        values.update(overrides)
        async with UnitOfWork(self.db) as uow:
            request = WaveRequest(**values)
            wave = await create_wave(uow, self.catalog, request, ZONE, self.clock.now())
            return wave.id

    def runner(self, rules: AudienceRules | None = None) -> WaveRunner:
        return WaveRunner(self.db, self.clock, rules or self.rules)


@pytest.fixture
async def shop(db: Database) -> Shop:
    built = Shop(db)
    await built.setup()
    return built


async def test_audience_rules_are_counted(shop: Shop) -> None:
    await shop.visit()
    await shop.visit()
    await shop.visit(linked=False)
    await shop.visit(opted_out=True)
    await shop.visit(unreachable=True)
    repeat = await shop.visit()
    await shop.visit(customer_id=repeat, when=datetime(2026, 11, 29, 8, 0, tzinfo=UTC))
    await shop.visit(when=datetime(2026, 11, 27, 3, 0, tzinfo=UTC))  # outside the window
    await shop.visit(kind="sale")  # another event type
    wave_id = await shop.wave()
    assert await shop.runner().start_due() == [wave_id]
    async with UnitOfWork(shop.db, readonly=True) as uow:
        view = await view_wave(uow, wave_id)
        deliveries = (await uow.session.execute(select(Delivery))).scalars().all()
    assert view.status == "sending"
    assert view.counts.pending == 3
    assert view.counts.skipped == {"not_linked": 1, "opted_out": 1, "unreachable": 1, "merged": 1}
    latest = next(d for d in deliveries if d.customer_id == repeat)
    async with UnitOfWork(shop.db, readonly=True) as uow:
        event = await uow.session.get(Event, latest.event_id)
    assert event is not None
    assert event.occurred_at == datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


async def test_fatigue_and_same_event(shop: Shop) -> None:
    await shop.visit()
    first = await shop.wave()
    await shop.runner().start_due()
    again = await shop.wave()
    await shop.runner().start_due()
    async with UnitOfWork(shop.db, readonly=True) as uow:
        assert (await view_wave(uow, first)).counts.pending == 1
        assert (await view_wave(uow, again)).counts.skipped == {"already_surveyed": 1}
    shop.clock.advance(timedelta(days=2))
    await shop.visit(
        customer_id=1, when=datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    )  # the same customer, a new visit
    later = await shop.wave(window=AbsoluteWindow(date(2026, 12, 1), date(2026, 12, 1)))
    await shop.runner().start_due()
    async with UnitOfWork(shop.db, readonly=True) as uow:
        assert (await view_wave(uow, later)).counts.skipped == {"fatigue": 1}


async def test_branch_filter(shop: Shop) -> None:
    await shop.visit(branch="Pudong")
    await shop.visit(branch="Minhang")
    wave_id = await shop.wave(branch="Minhang")
    await shop.runner().start_due()
    async with UnitOfWork(shop.db, readonly=True) as uow:
        assert (await view_wave(uow, wave_id)).counts.pending == 1
    with pytest.raises(WaveError, match="no branch named 'Nowhere'"):
        await shop.wave(branch="Nowhere")


async def test_future_wave_waits_and_sees_later_links(shop: Shop) -> None:
    customer = await shop.visit(linked=False)
    wave_id = await shop.wave(send_at=NOW + timedelta(hours=3))
    assert await shop.runner().start_due() == []
    async with UnitOfWork(shop.db) as uow:
        row = await uow.session.get(Customer, customer)
        assert row is not None
        row.telegram_user_id = row.chat_id = 555
    shop.clock.advance(timedelta(hours=3))
    assert await shop.runner().start_due() == [wave_id]
    async with UnitOfWork(shop.db, readonly=True) as uow:
        assert (await view_wave(uow, wave_id)).counts.pending == 1


async def test_quiet_hours_hold_a_due_wave(shop: Shop) -> None:
    await shop.visit()
    shop.clock.set(datetime(2026, 11, 30, 14, 0, tzinfo=UTC))  # 22:00 local
    rules = AudienceRules(zone=ZONE, quiet_hours=parse_quiet_hours("21:00-09:00"))
    wave_id = await shop.wave()
    assert await shop.runner(rules).start_due() == []
    shop.clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))  # 09:00 local
    assert await shop.runner(rules).start_due() == [wave_id]


async def test_standing_wave_runs_once_per_day(shop: Shop) -> None:
    await shop.visit()
    rule_id = await shop.wave(
        window=parse_window("yesterday"),
        send_at=None,
        recurrence=Recurrence(datetime(2026, 1, 1, 10, 0).time()),
    )
    async with UnitOfWork(shop.db, readonly=True) as uow:
        rule = await uow.session.get(Wave, rule_id)
        assert rule is not None
        assert rule.send_at == datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    runner = shop.runner()
    first = await runner.start_due()
    second = await runner.start_due()
    assert len(first) == 1
    assert second == []
    shop.clock.advance(timedelta(days=1))
    third = await runner.start_due()
    assert len(third) == 1
    async with UnitOfWork(shop.db, readonly=True) as uow:
        children = (
            (await uow.session.execute(select(Wave).where(Wave.parent_id == rule_id)))
            .scalars()
            .all()
        )
        view = await view_wave(uow, rule_id)
    assert sorted((c.window_start, c.window_end) for c in children) == [
        (date(2026, 11, 29), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2026, 11, 30)),
    ]
    assert view.recurrence == "every day at 10:00"
    assert view.counts.pending == 1


async def test_standing_wave_needs_a_relative_window(shop: Shop) -> None:
    with pytest.raises(WaveError, match="relative window"):
        await shop.wave(send_at=None, recurrence=Recurrence(datetime(2026, 1, 1, 10).time()))


async def test_pause_resume_cancel(shop: Shop) -> None:
    await shop.visit()
    await shop.visit()
    wave_id = await shop.wave()
    await shop.runner().start_due()
    async with UnitOfWork(shop.db) as uow:
        await pause_wave(uow, wave_id)
    async with UnitOfWork(shop.db) as uow:
        assert (await view_wave(uow, wave_id)).status == "paused"
        await resume_wave(uow, wave_id)
    async with UnitOfWork(shop.db) as uow:
        assert (await view_wave(uow, wave_id)).status == "sending"
        await cancel_wave(uow, wave_id, shop.clock.now())
    async with UnitOfWork(shop.db, readonly=True) as uow:
        view = await view_wave(uow, wave_id)
        statuses = (await uow.session.execute(select(Delivery.status))).scalars().all()
    assert view.status == "cancelled"
    assert set(statuses) == {SendStatus.CANCELLED.value}
    async with UnitOfWork(shop.db) as uow:
        with pytest.raises(WaveError, match="already cancelled"):
            await cancel_wave(uow, wave_id, shop.clock.now())


async def test_finished_waves_are_closed(shop: Shop) -> None:
    await shop.visit()
    wave_id = await shop.wave()
    runner = shop.runner()
    await runner.start_due()
    assert await runner.close_finished() == []
    async with UnitOfWork(shop.db) as uow:
        for delivery in (await uow.session.execute(select(Delivery))).scalars():
            delivery.status = SendStatus.SENT.value
    assert await runner.close_finished() == [wave_id]


async def test_a_poison_wave_is_set_aside_and_the_others_go_on(shop: Shop) -> None:
    """A standing wave whose stored recurrence no longer parses fails its stage; after
    three strikes it is set aside with its reason, and a healthy wave starts every time."""
    await shop.visit()
    poison = await shop.wave(
        window=parse_window("yesterday"),
        send_at=None,
        recurrence=Recurrence(datetime(2026, 1, 1, 10, 0).time()),
    )
    async with UnitOfWork(shop.db) as uow:
        rule = await uow.session.get(Wave, poison)
        assert rule is not None
        rule.recurrence = "every blue moon at 10:00"
    runner = shop.runner()
    for _ in range(3):
        healthy = await shop.wave()
        assert await runner.start_due() == [healthy]
    async with UnitOfWork(shop.db, readonly=True) as uow:
        view = await view_wave(uow, poison)
    assert view.status == "stuck"
    assert view.set_aside == "spawn: ScheduleError"
    healthy = await shop.wave()
    assert await runner.start_due() == [healthy]
