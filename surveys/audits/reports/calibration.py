"""Calibration: where two shoppers audited one branch against one checklist within a short
time (``AuditRules.calibration_gap``), did they read each item the same way?

Two answers agree when they pass or fail alike (pass/fail, a number against its limit)
or, on a 1-5 scale, lie at most one point apart. Items read differently come first, so a
group sees which checklist items need clearer words or shopper training.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from sqlalchemy import select

from surveys.audits.checklists import Item, ItemType
from surveys.audits.model import AuditRules, ChecklistCatalog
from surveys.audits.review import answers_of
from surveys.audits.scoring import failed
from surveys.audits.states import AuditStatus
from surveys.storage.tables import Audit
from surveys.storage.uow import UnitOfWork

COUNTED = (AuditStatus.SUBMITTED.value, AuditStatus.APPROVED.value)


@dataclass(frozen=True, slots=True)
class ItemAgreement:
    checklist: str
    item: str
    pairs: int
    agreed: int

    @property
    def rate(self) -> float:
        return self.agreed / self.pairs if self.pairs else 0.0


def agree(item: Item, first: float | None, second: float | None) -> bool | None:
    """Whether two answers to ``item`` agree (None: not comparable)."""
    if first is None or second is None or item.type is ItemType.TEXT:
        return None
    if item.type is ItemType.SCALE:
        return abs(first - second) <= 1
    return failed(item, first) == failed(item, second)


async def calibration(
    uow: UnitOfWork,
    catalog: ChecklistCatalog,
    rules: AuditRules,
    since: datetime,
    until: datetime,
) -> tuple[ItemAgreement, ...]:
    """Agreement per item over pairs of audits submitted in [since, until)."""
    audits = list(
        (
            await uow.session.execute(
                select(Audit)
                .where(
                    Audit.status.in_(COUNTED),
                    Audit.submitted_at >= since,
                    Audit.submitted_at < until,
                )
                .order_by(Audit.submitted_at)
            )
        ).scalars()
    )
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for one, other in combinations(audits, 2):
        if (one.branch_id, one.checklist_key) != (other.branch_id, other.checklist_key):
            continue
        if one.shopper_user_id == other.shopper_user_id:
            continue
        assert one.submitted_at is not None
        assert other.submitted_at is not None
        if abs(other.submitted_at - one.submitted_at) > rules.calibration_gap:
            continue
        checklist = await catalog.get(uow, other.checklist_id)
        first, second = await answers_of(uow, one.id), await answers_of(uow, other.id)
        for item in checklist.items:
            verdict = agree(item, first.get(item.id), second.get(item.id))
            if verdict is not None:
                counts = tally[(checklist.key, item.id)]
                counts[0] += 1
                counts[1] += int(verdict)
    found = [
        ItemAgreement(key, item, pairs, agreed) for (key, item), (pairs, agreed) in tally.items()
    ]
    return tuple(sorted(found, key=lambda a: (a.rate, a.checklist, a.item)))
