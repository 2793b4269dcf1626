"""The audit on site, in the domain: who may act, the photo that is asked for until sent,
and the location check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from surveys.audits.assignments import AuditRequest, create_audit, due_to_tell
from surveys.audits.fieldwork import Fieldwork, parse_number, purge_photos
from surveys.audits.geo import distance_m, set_branch_location
from surveys.audits.model import AuditError
from surveys.storage import UnitOfWork
from surveys.storage.tables import Audit, AuditPhoto
from tests.surveys.audits.conftest import NOW, SHOPPERS, AuditWorld

PUDONG = (31.2304, 121.4737)
OPEN = NOW + timedelta(days=2)  # inside the window


async def _started(world: AuditWorld, checklist: str = "after_sale") -> tuple[Fieldwork, int]:
    work = Fieldwork(world.catalog, world.rules)
    async with UnitOfWork(world.db) as uow:
        await set_branch_location(uow, "浦东店", *PUDONG, NOW)
        request = AuditRequest(
            checklist, "浦东店", date(2026, 12, 9), date(2026, 12, 12), SHOPPERS[0]
        )
        audit = await create_audit(uow, world.catalog, world.rules, request, NOW)
        await due_to_tell(uow, OPEN)
        await work.start(uow, SHOPPERS[0], audit.id, OPEN)
        return work, audit.id


@pytest.mark.parametrize(
    ("text", "number"),
    [("5", 5.0), ("about 12.5 minutes", 12.5), ("约12分钟", 12.0), ("3,5", 3.5), ("none", None)],
)
def test_a_typed_number_is_found_in_what_was_written(text: str, number: float | None) -> None:
    assert parse_number(text) == number


async def test_another_shopper_can_neither_start_nor_answer(world: AuditWorld) -> None:
    work, audit_id = await _started(world)
    async with UnitOfWork(world.db) as uow:
        for user_id in (SHOPPERS[1], 8001):
            with pytest.raises(AuditError) as caught:
                await work.own(uow, user_id, audit_id)
            assert caught.value.text.key == "audit_not_yours"
            with pytest.raises(AuditError):
                await work.start(uow, user_id, audit_id, OPEN)
        assert await work.active_for(uow, SHOPPERS[1]) is None


async def test_a_required_photo_holds_the_item_until_it_arrives(world: AuditWorld) -> None:
    work, audit_id = await _started(world)
    async with UnitOfWork(world.db) as uow:
        audit = await uow.session.get_one(Audit, audit_id)
        step = await work.typed(uow, audit, "1", OPEN)
        assert step.position == 2
        assert step.item is not None
        assert step.item.photo
        with pytest.raises(AuditError, match="another item"):
            await work.answer(uow, audit, 1, 1, None, OPEN)
        step = await work.answer(uow, audit, 2, 1, None, OPEN)
        assert (step.position, step.needs_photo) == (2, True)
        step = await work.typed(uow, audit, "done", OPEN)  # asked again, nothing moves
        assert (step.position, step.needs_photo) == (2, True)
        step = await work.photo(uow, audit, "AgAC-1", b"jpeg", OPEN)
        assert (step.position, step.needs_photo) == (3, False)
        with pytest.raises(AuditError) as caught:
            await work.submit(uow, SHOPPERS[0], audit_id, OPEN)
        assert caught.value.text.key == "audit_not_finished"


async def test_a_location_2_km_away_is_flagged_and_one_at_the_door_is_not(
    world: AuditWorld,
) -> None:
    work, audit_id = await _started(world)
    two_km_north = (PUDONG[0] + 2000 / 111_195, PUDONG[1])
    assert distance_m(*PUDONG, *two_km_north) == pytest.approx(2000, abs=1)
    async with UnitOfWork(world.db) as uow:
        audit = await uow.session.get_one(Audit, audit_id)
        await work.location(uow, audit, *two_km_north, OPEN)
        assert audit.location_flagged is True
        assert audit.distance_m == pytest.approx(2000, abs=1)
        await work.location(uow, audit, PUDONG[0] + 0.0005, PUDONG[1], OPEN)
        assert audit.location_flagged is False
        assert audit.distance_m == pytest.approx(55.6, abs=1)
        with pytest.raises(AuditError):
            await work.location(uow, audit, 95, 0, OPEN)


async def test_photos_are_emptied_after_the_retention_period(world: AuditWorld) -> None:
    work, audit_id = await _started(world)
    async with UnitOfWork(world.db) as uow:
        audit = await uow.session.get_one(Audit, audit_id)
        await work.photo(uow, audit, "AgAC-1", b"jpeg", OPEN)
    later = OPEN + world.rules.photo_retention
    async with UnitOfWork(world.db) as uow:
        assert await purge_photos(uow, later, world.rules) == 0
        assert await purge_photos(uow, later + timedelta(seconds=1), world.rules) == 1
        photo = (await uow.session.execute(select(AuditPhoto))).scalar_one()
    assert (photo.data, photo.size, photo.purged_at) == (None, 4, later + timedelta(seconds=1))
