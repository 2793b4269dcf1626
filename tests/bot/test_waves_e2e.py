"""Waves end to end: the real bot sends through the sandbox, which enforces Telegram's limits."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from bot.sandbox import RateLimits
from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer, Delivery
from surveys.waves.model import WaveRequest
from surveys.waves.schedule import AbsoluteWindow
from surveys.waves.service import preview_request
from tests.support.harness import BotHarness, question_buttons


async def _deliveries(harness: BotHarness) -> list[Delivery]:
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        return list((await uow.session.execute(select(Delivery))).scalars())


def _surveys_received(harness: BotHarness, users: list[int]) -> Counter[int]:
    """How many survey openings each chat received (the intro names the visit)."""
    return Counter(
        {
            user: sum(
                1 for m in harness.sandbox.messages(user) if "Could you spare" in (m.text or "")
            )
            for user in users
        }
    )


async def test_wave_to_200_customers_within_telegram_limits(harness: BotHarness) -> None:
    harness.sandbox.set_rate_limits(
        RateLimits(enabled=True, per_second=40, burst=5, per_chat_per_second=1, chat_burst=1)
    )
    users = await harness.linked_customers(200)
    wave_id = await harness.wave_now()
    await harness.tick_until_done(wave_id)
    received = _surveys_received(harness, users)
    assert set(received.values()) == {1}
    assert harness.sandbox.rate_limit_hits() == []
    deliveries = await _deliveries(harness)
    assert len(deliveries) == 200
    assert {d.status for d in deliveries} == {"sent"}


async def test_blocked_chats_become_unreachable_and_the_wave_finishes(harness: BotHarness) -> None:
    users = await harness.linked_customers(20)
    blocked = users[:3]
    for user in blocked:
        harness.sandbox.inject(user, "blocked")
    wave_id = await harness.wave_now()
    await harness.tick_until_done(wave_id)
    deliveries = {d.chat_id: d for d in await _deliveries(harness)}
    assert {deliveries[u].status for u in blocked} == {"failed"}
    assert {deliveries[u].last_error for u in blocked} == {"blocked"}
    assert {d.status for u, d in deliveries.items() if u not in blocked} == {"sent"}
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        unreachable = (
            (await uow.session.execute(select(Customer.chat_id).where(Customer.unreachable)))
            .scalars()
            .all()
        )
    assert sorted(u for u in unreachable if u is not None) == sorted(blocked)
    # The next wave does not try them again.
    request = WaveRequest(
        "post_service",
        "service",
        AbsoluteWindow(harness.yesterday, harness.yesterday),
        send_at=harness.clock.now(),
    )
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        report = await preview_request(uow, request, harness.services.rules, harness.clock.now())
    assert report.skipped["unreachable"] == 3


async def test_a_429_storm_delays_but_loses_nothing(harness: BotHarness) -> None:
    users = await harness.linked_customers(30)
    harness.sandbox.inject(
        None, "flood", count=8, retry_after=1, methods=frozenset({"sendMessage"})
    )
    wave_id = await harness.wave_now()
    await harness.tick_until_done(wave_id)
    assert set(_surveys_received(harness, users).values()) == {1}
    assert {d.status for d in await _deliveries(harness)} == {"sent"}
    assert len(harness.sandbox.rate_limit_hits()) == 8
    assert harness.runtime.limiter is not None
    assert harness.runtime.limiter.stats().pauses >= 1


async def test_reminder_then_expiry(harness: BotHarness) -> None:
    await harness.customer("C-1", 1001)
    await harness.customer("C-2", 1002)
    wave_id = await harness.wave_now()
    await harness.tick_until_done(wave_id)
    opening = await harness.next_message(1002, 1)
    await harness.tap_and_wait(1002, opening, question_buttons(opening)["5"])
    await harness.next_message(1002, 2)
    harness.clock.advance(timedelta(hours=23))
    await harness.tick()
    assert len(harness.sandbox.messages(1001)) == 2
    harness.clock.advance(timedelta(hours=2))
    await harness.tick()
    reminder = await harness.next_message(1001, 2)
    assert "reminder" in (reminder.text or "").lower()
    assert "Overall, how satisfied" in (reminder.text or "")
    reminded = await harness.next_message(1002, 3)
    assert "How likely" in (reminded.text or "")
    await harness.tick()
    await harness.settle()
    assert len(harness.sandbox.messages(1001)) == 3  # one reminder only
    harness.clock.advance(timedelta(hours=48))
    await harness.tick()
    toast = await harness.tap_and_wait(1001, reminder, question_buttons(reminder)["4"])
    assert toast == "Sorry, this survey has expired. Thank you all the same!"
    states = {d.chat_id: d.survey_state for d in await _deliveries(harness)}
    assert states == {1001: "expired", 1002: "expired"}
