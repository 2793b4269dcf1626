"""An audit on site: the shopper starts it, answers item by item (buttons, numbers, text,
photos), shares a location, may pause and resume, and submits.

The audit row holds a pointer to the item being asked (``current_item``), so a stale
button or a second shopper cannot answer anything else; an item whose photo is required
keeps the pointer until a photo arrives. Every answer keeps its time. Photos are kept in
the database until ``AuditRules.photo_retention`` has passed (then only the row remains).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from surveys.audits.assignments import LAPSE_GRACE
from surveys.audits.checklists import Checklist, Item, ItemType
from surveys.audits.geo import branch_location, check_coordinates, distance_m
from surveys.audits.model import AuditError, AuditRules, ChecklistCatalog
from surveys.audits.states import AuditStatus
from surveys.storage.tables import Audit, AuditAnswer, AuditPhoto
from surveys.storage.uow import UnitOfWork

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
TEXT_LIMIT = 2000
STARTABLE = frozenset({AuditStatus.ASSIGNED, AuditStatus.PAUSED, AuditStatus.RETURNED})


@dataclass(frozen=True, slots=True)
class Step:
    """Where an audit stands: the item being asked (None: every item is answered)."""

    audit: Audit
    checklist: Checklist
    items: tuple[Item, ...]
    item: Item | None
    answer: AuditAnswer | None
    needs_photo: bool

    @property
    def position(self) -> int:
        return 0 if self.item is None else self.items.index(self.item) + 1

    @property
    def needs_location(self) -> bool:
        return self.audit.latitude is None


def audit_items(checklist: Checklist, audit: Audit) -> tuple[Item, ...]:
    """The items this audit asks: all, or the failed ones a re-audit checks again."""
    if not audit.items_only:
        return checklist.items
    wanted = set(audit.items_only)
    return tuple(item for item in checklist.items if item.id in wanted)


def parse_number(text: str) -> float | None:
    """The first number in what was typed ("12", "12.5", "约12分钟"), or None."""
    found = _NUMBER.search(text)
    return None if found is None else float(found.group().replace(",", "."))


class Fieldwork:
    def __init__(self, catalog: ChecklistCatalog, rules: AuditRules) -> None:
        self.catalog = catalog
        self.rules = rules

    async def own(self, uow: UnitOfWork, user_id: int, audit_id: int) -> Audit:
        """The audit, if it is this shopper's and they have been told of it."""
        audit = await uow.session.get(Audit, audit_id)
        if audit is None or audit.shopper_user_id != user_id or audit.told_at is None:
            raise AuditError("audit_not_yours")
        return audit

    async def active_for(self, uow: UnitOfWork, user_id: int) -> Audit | None:
        """The shopper's audit under way (answers and photos go to it), if any."""
        return (
            await uow.session.execute(
                select(Audit)
                .where(
                    Audit.shopper_user_id == user_id,
                    Audit.status == AuditStatus.IN_PROGRESS.value,
                )
                .order_by(Audit.started_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()

    async def step(self, uow: UnitOfWork, audit: Audit) -> Step:
        checklist = await self.catalog.get(uow, audit.checklist_id)
        items = audit_items(checklist, audit)
        item = next((i for i in items if i.id == audit.current_item), None)
        answer = None
        needs_photo = False
        if item is not None:
            answer = (
                await uow.session.execute(
                    select(AuditAnswer).where(
                        AuditAnswer.audit_id == audit.id, AuditAnswer.item_id == item.id
                    )
                )
            ).scalar_one_or_none()
            needs_photo = (
                item.photo
                and answer is not None
                and not await self._has_photo(uow, audit.id, item.id)
            )
        return Step(audit, checklist, items, item, answer, needs_photo)

    async def start(self, uow: UnitOfWork, user_id: int, audit_id: int, now: datetime) -> Step:
        """Start on site, resume after a pause, or answer again after a send-back."""
        audit = await self.own(uow, user_id, audit_id)
        if audit.status == AuditStatus.IN_PROGRESS.value:
            return await self.step(uow, audit)
        if audit.status not in STARTABLE:
            raise AuditError("audit_not_open", id=audit.id)
        if now >= audit.closes_at + LAPSE_GRACE and audit.status != AuditStatus.RETURNED.value:
            raise AuditError("audit_window_passed")
        checklist = await self.catalog.get(uow, audit.checklist_id)
        if audit.status != AuditStatus.PAUSED.value:  # from the first item (again)
            audit.current_item = audit_items(checklist, audit)[0].id
        audit.started_at = audit.started_at or now
        audit.status = AuditStatus.IN_PROGRESS.value
        return await self.step(uow, audit)

    async def pause(self, uow: UnitOfWork, user_id: int, audit_id: int) -> Audit:
        audit = await self.own(uow, user_id, audit_id)
        if audit.status != AuditStatus.IN_PROGRESS.value:
            raise AuditError("audit_not_under_way", id=audit.id)
        audit.status = AuditStatus.PAUSED.value
        return audit

    async def answer(
        self,
        uow: UnitOfWork,
        audit: Audit,
        position: int,
        value: float | None,
        text: str | None,
        now: datetime,
    ) -> Step:
        """Record the answer to the item at ``position`` (1-based), which must be the one
        being asked; moves on unless the item still needs its photo."""
        if audit.status != AuditStatus.IN_PROGRESS.value:
            raise AuditError("audit_not_under_way", id=audit.id)
        step = await self.step(uow, audit)
        if step.item is None or step.position != position:
            raise AuditError("audit_stale_item")
        item = step.item
        if item.type is ItemType.PASS_FAIL and value not in (0, 1):
            raise AuditError("audit_stale_item")
        if item.type is ItemType.SCALE and (value is None or not 1 <= value <= 5):
            raise AuditError("audit_stale_item")
        if item.type is ItemType.NUMBER and (value is None or value < 0):
            raise AuditError("audit_want_number")
        if item.type is ItemType.TEXT and not (text or "").strip():
            raise AuditError("audit_want_text")
        row = step.answer
        if row is None:
            row = AuditAnswer(audit_id=audit.id, item_id=item.id, answered_at=now)
            uow.session.add(row)
        row.value = value
        row.text = text.strip()[:TEXT_LIMIT] if text else None
        row.answered_at = now
        await uow.session.flush()
        if not item.photo or await self._has_photo(uow, audit.id, item.id):
            self._advance(audit, step)
        return await self.step(uow, audit)

    async def typed(self, uow: UnitOfWork, audit: Audit, text: str, now: datetime) -> Step:
        """A typed answer to a number or text item (buttons answer the others)."""
        step = await self.step(uow, audit)
        if step.item is None or step.needs_photo:
            return step
        if step.item.type is ItemType.NUMBER:
            number = parse_number(text)
            if number is None:
                raise AuditError("audit_want_number")
            return await self.answer(uow, audit, step.position, number, None, now)
        if step.item.type is ItemType.TEXT:
            return await self.answer(uow, audit, step.position, None, text, now)
        raise AuditError("audit_use_buttons")

    async def photo(
        self, uow: UnitOfWork, audit: Audit, file_id: str, data: bytes, now: datetime
    ) -> Step:
        """A photo for the item being asked (after its answer), or an extra one."""
        step = await self.step(uow, audit)
        item_id = step.item.id if step.item is not None else None
        uow.session.add(
            AuditPhoto(
                audit_id=audit.id,
                item_id=item_id,
                file_id=file_id[:200],
                data=data,
                size=len(data),
                received_at=now,
            )
        )
        await uow.session.flush()
        if step.needs_photo:
            self._advance(audit, step)
        return await self.step(uow, audit)

    async def location(
        self, uow: UnitOfWork, audit: Audit, latitude: float, longitude: float, now: datetime
    ) -> Step:
        """Check in: the distance from the branch, flagged beyond the radius."""
        check_coordinates(latitude, longitude)
        audit.latitude, audit.longitude, audit.location_at = latitude, longitude, now
        where = await branch_location(uow, audit.branch_id)
        if where is None:
            audit.distance_m, audit.location_flagged = None, False
        else:
            audit.distance_m = distance_m(latitude, longitude, *where)
            audit.location_flagged = audit.distance_m > self.rules.radius_m
        return await self.step(uow, audit)

    async def submit(self, uow: UnitOfWork, user_id: int, audit_id: int, now: datetime) -> Step:
        audit = await self.own(uow, user_id, audit_id)
        step = await self.step(uow, audit)
        if audit.status != AuditStatus.IN_PROGRESS.value or step.item is not None:
            raise AuditError("audit_not_finished")
        if step.needs_location:
            raise AuditError("audit_needs_location")
        audit.status = AuditStatus.SUBMITTED.value
        audit.submitted_at = now
        return step

    def _advance(self, audit: Audit, step: Step) -> None:
        position = step.position
        audit.current_item = step.items[position].id if position < len(step.items) else None

    async def _has_photo(self, uow: UnitOfWork, audit_id: int, item_id: str) -> bool:
        count = await uow.session.execute(
            select(func.count())
            .select_from(AuditPhoto)
            .where(AuditPhoto.audit_id == audit_id, AuditPhoto.item_id == item_id)
        )
        return bool(count.scalar_one())


async def purge_photos(uow: UnitOfWork, now: datetime, rules: AuditRules) -> int:
    """Empty the photos older than the retention period; returns how many."""
    result = await uow.session.execute(
        update(AuditPhoto)
        .where(AuditPhoto.purged_at.is_(None), AuditPhoto.received_at < now - rules.photo_retention)
        .values(data=None, purged_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
