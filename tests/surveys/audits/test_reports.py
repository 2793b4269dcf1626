"""The scorecard and calibration on a small fixed data set: every figure is worked out by
hand in the comments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import pytest

from surveys.audits.reports import build_scorecard, calibration
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.reports.scope import ReportScope
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Audit, AuditAnswer, Customer, Delivery, Event, Wave
from tests.surveys.audits.conftest import NOW, SHOPPERS, ZONE, AuditWorld

IN_PERIOD = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
PERIOD = ReportScope(date(2026, 12, 1), date(2026, 12, 7), ZONE)

PUDONG_AUDIT = {
    "greeted_at_gate": 5,  # reception, w2: over the 2-minute limit, 0
    "walkaround_check": 1,  # reception, w1: 100  -> reception 100/3 = 33.3
    "attitude": 5,  # staff_attitude 100
    "maintenance_explained": 1,  # 100
    "minutes_waited": 120,  # waiting_time, over 90: 0
    "price_as_quoted": 1,  # price_transparency 100
    "problem_solved": 2,  # work_quality 25
    "farewell": 1,  # 100   -> overall (0+100+100+200+0+200+50+100)/13 = 57.7
}
CUSTOMERS = {  # post_service touchpoint ratings at 浦东店 in the period
    "reception": [5, 4],  # 4.5: fine, though the audit is low -> execution
    "waiting_time": [5, 5],  # 5.0 beside an audit score of 0 -> execution
    "price_transparency": [2, 1],  # 1.5 beside 100 -> perception
    "work_quality": [2],  # low on both sides: no flag
    "staff_attitude": [4],  # fine on both sides
}


async def _audit(
    world: AuditWorld,
    uow: UnitOfWork,
    answers: Mapping[str, float],
    *,
    branch: str = "浦东店",
    checklist: str = "after_sale",
    status: str = "approved",
    submitted: datetime = IN_PERIOD,
    shopper: int = SHOPPERS[0],
) -> None:
    checklist_id, _ = await world.catalog.latest(uow, checklist)
    audit = Audit(
        checklist_id=checklist_id,
        checklist_key=checklist,
        branch_id=world.branches[branch],
        shopper_user_id=shopper,
        window_start=date(2026, 12, 1),
        window_end=date(2026, 12, 20),
        opens_at=NOW,
        closes_at=NOW + timedelta(days=20),
        status=status,
        location_flagged=False,
        submitted_at=submitted,
        told_at=NOW,
        created_at=NOW,
    )
    uow.session.add(audit)
    await uow.session.flush()
    for item, value in answers.items():
        uow.session.add(
            AuditAnswer(audit_id=audit.id, item_id=item, value=value, answered_at=submitted)
        )


async def _customer_ratings(world: AuditWorld, uow: UnitOfWork) -> None:
    templates = TemplateCatalog()
    await templates.sync(uow, load_templates(), NOW)
    template_id, _ = await templates.latest(uow, "post_service")
    wave = Wave(
        template_id=template_id,
        template_key="post_service",
        event_kind="service",
        send_at=NOW,
        created_at=NOW,
        skipped={},
    )
    uow.session.add(wave)
    await uow.session.flush()
    longest = max(len(v) for v in CUSTOMERS.values())
    for n in range(longest):
        customer = Customer(external_id=f"C{n}", name="C", created_at=NOW, updated_at=NOW)
        uow.session.add(customer)
        await uow.session.flush()
        event = Event(
            external_id=f"E{n}",
            kind="service",
            occurred_at=IN_PERIOD,
            customer_id=customer.id,
            branch_id=world.branches["浦东店"],
            created_at=NOW,
        )
        uow.session.add(event)
        await uow.session.flush()
        delivery = Delivery(
            wave_id=wave.id,
            customer_id=customer.id,
            event_id=event.id,
            template_id=template_id,
            language="zh",
            status="sent",
            due_at=NOW,
            created_at=NOW,
        )
        uow.session.add(delivery)
        await uow.session.flush()
        for question, ratings in CUSTOMERS.items():
            if n < len(ratings):
                uow.session.add(
                    Answer(
                        delivery_id=delivery.id,
                        question_id=question,
                        kind="rating",
                        value_int=ratings[n],
                        answered_at=IN_PERIOD,
                    )
                )


async def test_the_scorecard_sets_audits_beside_customers_and_flags_the_gaps(
    world: AuditWorld,
) -> None:
    async with UnitOfWork(world.db) as uow:
        await _audit(world, uow, PUDONG_AUDIT)
        await _audit(world, uow, {"attitude": 1}, status="submitted")  # not reviewed: no
        await _audit(world, uow, {"attitude": 1}, submitted=IN_PERIOD + timedelta(days=9))
        await _customer_ratings(world, uow)
    async with UnitOfWork(world.db, readonly=True) as uow:
        card = await build_scorecard(uow, world.catalog, PERIOD)
    assert card.audit_scores == {"浦东店": 57.7}
    rows = {row.touchpoint: row for row in card.rows}
    assert {
        t: (r.audit_score, r.customer_average, r.responses, r.flag) for t, r in rows.items()
    } == {
        "reception": (33.3, 4.5, 2, "execution"),
        "waiting_time": (0.0, 5.0, 2, "execution"),
        "price_transparency": (100.0, 1.5, 2, "perception"),
        "work_quality": (25.0, 2.0, 1, None),
        "staff_attitude": (100.0, 4.0, 1, None),
        "maintenance_process": (100.0, None, 0, None),
        "farewell": (100.0, None, 0, None),
    }
    # The flagged touchpoints come first.
    assert [r.touchpoint for r in card.rows[:3]] == [
        "price_transparency",
        "reception",
        "waiting_time",
    ]
    async with UnitOfWork(world.db, readonly=True) as uow:
        xuhui = await build_scorecard(
            uow,
            world.catalog,
            ReportScope(PERIOD.first, PERIOD.last, ZONE, (world.branches["Xuhui"],)),
        )
    assert (xuhui.rows, xuhui.audit_scores) == ((), {})


async def test_calibration_reports_how_often_two_shoppers_read_an_item_alike(
    world: AuditWorld,
) -> None:
    first = {"exterior_clean": 1, "attitude": 4, "greeted_quickly": 0.5, "notes": 0}
    async with UnitOfWork(world.db) as uow:
        for shopper, answers, day in (
            (SHOPPERS[0], first, 0),
            (SHOPPERS[1], {"exterior_clean": 0, "attitude": 5, "greeted_quickly": 1}, 3),
            (SHOPPERS[2], {"exterior_clean": 0, "attitude": 2, "greeted_quickly": 3}, 40),
        ):
            await _audit(
                world,
                uow,
                answers,
                branch="Xuhui",
                checklist="pre_sale",
                shopper=shopper,
                submitted=IN_PERIOD + timedelta(days=day),
            )
    async with UnitOfWork(world.db, readonly=True) as uow:
        found = await calibration(
            uow, world.catalog, world.rules, IN_PERIOD, IN_PERIOD + timedelta(days=60)
        )
    # Only the first two are within 14 days of each other: one pair.
    assert [(a.item, a.pairs, a.agreed) for a in found] == [
        ("exterior_clean", 1, 0),  # pass against fail
        ("attitude", 1, 1),  # 4 and 5: one point apart
        ("greeted_quickly", 1, 1),  # both within the 1-minute limit
    ]
    assert found[0].rate == 0.0
    assert found[1].rate == pytest.approx(1.0)
