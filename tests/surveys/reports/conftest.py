"""A hand-made fortnight of surveys and complaints at two branches (see ``Sample``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from surveys.reports import ReportScope
from surveys.storage import Database
from tests.surveys.reports.seed import ZONE, Seed, local

FIRST, LAST = date(2026, 11, 2), date(2026, 11, 15)
NOW = local(date(2026, 11, 20), 12)


@dataclass
class Sample:
    """Surveys about visits on 2026-11-02 .. 2026-11-15 (Asia/Shanghai), two ISO weeks.

    ====  =====  ========  =======  ===========  ==================================
    id    day    branch    staff    template     answers
    ====  =====  ========  =======  ===========  ==================================
    d1    11-02  浦东店    李伟     post_service 5 / nps 10 / reception 5, wait 4, text +
    d2    11-03  浦东店    李伟     post_service 4 / 8 / 4, 2, text - (wait_time, price)
    d3    11-09  浦东店    王芳     post_service 2 / 3 / reception 1 (in progress)
    d4    11-10  静安店    张强     post_sale    3 / 6 / product 3, text - (price)
    d5    11-11  静安店    张强     post_sale    sent, no answer
    d6    11-12  静安店    张强     post_sale    failed
    d7    11-14  浦东店    李伟     post_service every question skipped
    d8    11-15  静安店    (none)   post_service uncertain send, 23:59 local
    ====  =====  ========  =======  ===========  ==================================

    d1 is at 00:00 on the first day; two more visits fall just outside the period.
    Complaints: c1 (d3, resolved after 4 h), c2 (d4, open, overdue), c3 (no survey,
    closed after 10 h), c4 withdrawn, c5 claimed and past its resolve deadline,
    c6 contacted and on time; c7 is opened after the period.
    """

    seed: Seed
    pudong: int
    jingan: int
    deliveries: dict[str, int]

    @property
    def db(self) -> Database:
        return self.seed.db

    def scope(self, **filters: object) -> ReportScope:
        return ReportScope(FIRST, LAST, ZONE, **filters)  # type: ignore[arg-type]


async def make_sample(db: Database) -> Sample:
    seed = await Seed.create(db)
    pudong = await seed.branch("浦东店")
    jingan = await seed.branch("静安店")
    d: dict[str, int] = {}
    d["d1"] = await seed.survey(
        local(date(2026, 11, 2), 0, 0),
        branch_id=pudong,
        staff="李伟",
        answers={"overall": 5, "nps": 10, "reception": 5, "waiting_time": 4, "comment": "服务很好"},
        texts={"comment": ("positive", None)},
    )
    d["d2"] = await seed.survey(
        local(date(2026, 11, 3)),
        branch_id=pudong,
        staff="李伟",
        answers={"overall": 4, "nps": 8, "reception": 4, "waiting_time": 2, "comment": "等太久"},
        texts={"comment": ("negative", "wait_time,price")},
    )
    d["d3"] = await seed.survey(
        local(date(2026, 11, 9)),
        branch_id=pudong,
        staff="王芳",
        answers={"overall": 2, "nps": 3, "reception": 1},
        state="in_progress",
    )
    d["d4"] = await seed.survey(
        local(date(2026, 11, 10)),
        branch_id=jingan,
        staff="张强",
        template="post_sale",
        answers={"overall": 3, "nps": 6, "product_explanation": 3, "comment": "价格不透明"},
        texts={"comment": ("negative", "price")},
    )
    d["d5"] = await seed.survey(
        local(date(2026, 11, 11)), branch_id=jingan, staff="张强", template="post_sale"
    )
    d["d6"] = await seed.survey(
        local(date(2026, 11, 12)),
        branch_id=jingan,
        staff="张强",
        template="post_sale",
        status="failed",
    )
    d["d7"] = await seed.survey(
        local(date(2026, 11, 14)),
        branch_id=pudong,
        staff="李伟",
        answers={"overall": None, "nps": None, "reception": None, "comment": None},
    )
    d["d8"] = await seed.survey(
        local(date(2026, 11, 15), 23, 59), branch_id=jingan, staff=None, status="uncertain"
    )
    for day, hour, minute in ((date(2026, 11, 16), 0, 0), (date(2026, 11, 1), 23, 59)):
        await seed.survey(
            local(day, hour, minute),
            branch_id=pudong,
            staff="李伟",
            answers={"overall": 1, "nps": 0, "reception": 1},
        )
    await seed.complaint(
        local(date(2026, 11, 9), 12),
        delivery_id=d["d3"],
        branch_id=pudong,
        staff="王芳",
        status="resolved",
        topics="staff_attitude,wait_time",
        resolved_after=timedelta(hours=4),
    )
    await seed.complaint(
        local(date(2026, 11, 10), 12),
        delivery_id=d["d4"],
        branch_id=jingan,
        staff="张强",
        topics="price",
    )
    await seed.complaint(
        local(date(2026, 11, 12), 9),
        branch_id=jingan,
        status="closed",
        resolved_after=timedelta(hours=10),
    )
    await seed.complaint(
        local(date(2026, 11, 13), 9), branch_id=pudong, staff="李伟", status="withdrawn"
    )
    await seed.complaint(
        local(date(2026, 11, 14), 9), branch_id=pudong, staff="李伟", status="claimed"
    )
    await seed.complaint(
        local(date(2026, 11, 15), 9),
        branch_id=pudong,
        staff="李伟",
        status="contacted",
        resolve_hours=240,
    )
    await seed.complaint(local(date(2026, 11, 16), 9), branch_id=pudong, staff="李伟")
    return Sample(seed, pudong, jingan, d)


@pytest.fixture
async def sample(db: Database) -> Sample:
    return await make_sample(db)
