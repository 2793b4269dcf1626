"""Every metric on small hand-made data, on every database backend (see conftest.Sample)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from surveys.reports import (
    ComplaintStats,
    Grade,
    GradeThresholds,
    QuestionMap,
    ReportScope,
    Scores,
    TopicCount,
    TouchpointScore,
    build_report,
    by_branch,
    by_staff,
    summary,
    weekly,
)
from surveys.storage import Database, UnitOfWork
from tests.surveys.reports.conftest import NOW, Sample
from tests.surveys.reports.seed import ZONE, Seed, local


async def _summary(sample: Sample, **filters: Any) -> Any:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        return await summary(uow, sample.scope(**filters), now=NOW)


async def test_summary_of_the_period(sample: Sample) -> None:
    result = await _summary(sample)
    assert result.scores == Scores(
        deliveries=8,
        sent=7,
        answered=5,
        completed=4,
        response_rate=0.7143,
        completion_rate=0.5714,
        csat=0.5,
        csat_responses=4,
        nps=-25.0,
        nps_responses=4,
        promoters=1,
        detractors=2,
        text_answers=3,
        negative_texts=2,
        unhappy_text_share=0.6667,
    )


async def test_touchpoint_averages(sample: Sample) -> None:
    result = await _summary(sample)
    scored = {t.touchpoint: t for t in result.touchpoints}
    assert scored["reception"] == TouchpointScore("reception", 3.33, 3)
    assert scored["waiting_time"] == TouchpointScore("waiting_time", 3.0, 2)
    assert scored["product_explanation"] == TouchpointScore("product_explanation", 3.0, 1)
    assert scored["test_drive"] == TouchpointScore("test_drive", None, 0)
    assert set(scored) == {
        "reception",
        "waiting_time",
        "price_transparency",
        "work_quality",
        "staff_attitude",
        "product_explanation",
        "test_drive",
        "paperwork",
        "delivery",
    }


async def test_one_touchpoint_only(sample: Sample) -> None:
    result = await _summary(sample, touchpoint="waiting_time")
    assert result.touchpoints == (TouchpointScore("waiting_time", 3.0, 2),)


async def test_top_topics_count_a_survey_and_its_complaint_once(sample: Sample) -> None:
    result = await _summary(sample)
    assert result.topics == (
        TopicCount("price", mentions=2, complaints=1, negative_answers=2),
        TopicCount("wait_time", mentions=2, complaints=1, negative_answers=1),
        TopicCount("staff_attitude", mentions=1, complaints=1, negative_answers=0),
    )


async def test_complaints_opened_overdue_resolved(sample: Sample) -> None:
    result = await _summary(sample)
    assert result.complaints == ComplaintStats(
        opened=6, open=3, overdue=2, resolved=2, withdrawn=1, median_hours_to_resolve=7.0
    )


SCORES_BY_FILTER = [
    # filters, (deliveries, sent, answered, completed), csat, csat n, nps, nps n
    ({"branch_ids": "pudong"}, (4, 4, 4, 3), 0.6667, 3, 0.0, 3),
    ({"branch_ids": "jingan"}, (4, 3, 1, 1), 0.0, 1, -100.0, 1),
    ({"branch_ids": "pudong,jingan"}, (8, 7, 5, 4), 0.5, 4, -25.0, 4),
    ({"staff_name": "李伟"}, (3, 3, 3, 3), 1.0, 2, 50.0, 2),
    ({"staff_name": "张强"}, (3, 2, 1, 1), 0.0, 1, -100.0, 1),
    ({"staff_name": "nobody"}, (0, 0, 0, 0), None, 0, None, 0),
    ({"template": "post_sale"}, (3, 2, 1, 1), 0.0, 1, -100.0, 1),
    ({"template": "post_service"}, (5, 5, 4, 3), 0.6667, 3, 0.0, 3),
    ({"template": "unknown"}, (0, 0, 0, 0), None, 0, None, 0),
    ({"touchpoint": "reception"}, (5, 5, 4, 3), 0.6667, 3, 0.0, 3),
    ({"touchpoint": "test_drive"}, (3, 2, 1, 1), 0.0, 1, -100.0, 1),
    ({"event_kind": "service"}, (5, 5, 4, 3), 0.6667, 3, 0.0, 3),
    ({"wave_id": "post_sale"}, (3, 2, 1, 1), 0.0, 1, -100.0, 1),
    ({"branch_ids": "pudong", "staff_name": "王芳"}, (1, 1, 1, 0), 0.0, 1, -100.0, 1),
]


@pytest.mark.parametrize(
    ("filters", "counts", "csat", "csat_n", "nps", "nps_n"),
    SCORES_BY_FILTER,
    ids=[",".join(f"{k}={v}" for k, v in row[0].items()) for row in SCORES_BY_FILTER],
)
async def test_filters(
    sample: Sample,
    filters: dict[str, str],
    counts: tuple[int, int, int, int],
    csat: float | None,
    csat_n: int,
    nps: float | None,
    nps_n: int,
) -> None:
    resolved: dict[str, Any] = dict(filters)
    if "branch_ids" in filters:
        names = filters["branch_ids"].split(",")
        resolved["branch_ids"] = tuple(getattr(sample, name) for name in names)
    if "wave_id" in filters:
        resolved["wave_id"] = sample.seed.wave_ids[filters["wave_id"]]
    scores = (await _summary(sample, **resolved)).scores
    assert (scores.deliveries, scores.sent, scores.answered, scores.completed) == counts
    assert (scores.csat, scores.csat_responses, scores.nps, scores.nps_responses) == (
        csat,
        csat_n,
        nps,
        nps_n,
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, (6, 3, 2, 2, 1)),
        ({"branch_ids": "jingan"}, (2, 1, 1, 1, 0)),
        ({"staff_name": "李伟"}, (3, 2, 1, 0, 1)),
        ({"template": "post_sale"}, (1, 1, 1, 0, 0)),
        ({"event_kind": "service"}, (1, 0, 0, 1, 0)),
    ],
)
async def test_complaint_filters(
    sample: Sample, filters: dict[str, Any], expected: tuple[int, ...]
) -> None:
    if "branch_ids" in filters:
        filters = {**filters, "branch_ids": (getattr(sample, filters["branch_ids"]),)}
    c = (await _summary(sample, **filters)).complaints
    assert (c.opened, c.open, c.overdue, c.resolved, c.withdrawn) == expected


async def test_empty_period(sample: Sample) -> None:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        scope = ReportScope(date(2026, 11, 30), date(2026, 12, 6), ZONE)
        report = await build_report(uow, scope, now=NOW)
    assert report.summary.scores == Scores()
    assert all(t.average is None and t.responses == 0 for t in report.summary.touchpoints)
    assert report.summary.topics == ()
    assert report.summary.complaints == ComplaintStats()
    assert report.branches == report.staff == ()
    assert [w.week for w in report.weeks] == ["2026-W49"]
    assert report.weeks[0].scores == Scores()


async def test_empty_database(db: Database) -> None:
    async with UnitOfWork(db, readonly=True) as uow:
        scope = ReportScope(date(2026, 11, 1), date(2026, 11, 1), ZONE)
        report = await build_report(uow, scope, now=NOW)
    assert report.summary.scores == Scores()
    assert report.summary.touchpoints == ()


async def test_all_answers_skipped(db: Database) -> None:
    seed = await Seed.create(db)
    branch = await seed.branch("徐汇店")
    await seed.survey(
        local(date(2026, 11, 3)),
        branch_id=branch,
        staff="李伟",
        answers={q: None for q in ("overall", "nps", "reception", "comment")},
    )
    async with UnitOfWork(db, readonly=True) as uow:
        scope = ReportScope(date(2026, 11, 2), date(2026, 11, 8), ZONE)
        result = await summary(uow, scope, now=NOW)
        staff = await by_staff(uow, scope, thresholds=GradeThresholds(min_responses=1))
    s = result.scores
    assert (s.deliveries, s.sent, s.answered, s.completed) == (1, 1, 1, 1)
    assert (s.csat, s.csat_responses, s.nps, s.nps_responses) == (None, 0, None, 0)
    assert (s.text_answers, s.unhappy_text_share) == (0, None)
    assert {t.touchpoint: t.responses for t in result.touchpoints}["reception"] == 0
    assert staff[0].grade is Grade.NA
    assert staff[0].rank is None


async def test_a_single_response(db: Database) -> None:
    seed = await Seed.create(db)
    await seed.survey(local(date(2026, 11, 3)), branch_id=None, staff=None, answers={"overall": 4})
    async with UnitOfWork(db, readonly=True) as uow:
        scope = ReportScope(date(2026, 11, 3), date(2026, 11, 3), ZONE)
        s = (await summary(uow, scope, now=NOW)).scores
    assert (s.response_rate, s.csat, s.csat_responses, s.nps, s.nps_responses) == (
        1.0,
        1.0,
        1,
        None,
        0,
    )


async def test_roles_can_be_named_explicitly(sample: Sample) -> None:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        questions = await QuestionMap.load(uow, csat_question="reception", nps_question="nope")
        s = (await summary(uow, sample.scope(), now=NOW, questions=questions)).scores
    assert (s.csat, s.csat_responses, s.nps, s.nps_responses) == (0.6667, 3, None, 0)


async def test_branches_are_graded_and_ranked(sample: Sample) -> None:
    thresholds = GradeThresholds(fair_csat=0.6, min_responses=1)
    async with UnitOfWork(sample.db, readonly=True) as uow:
        branches = await by_branch(uow, sample.scope(), thresholds=thresholds)
        default = await by_branch(uow, sample.scope())
    assert [(b.name, b.grade, b.rank, b.complaints) for b in branches] == [
        ("浦东店", Grade.FAIR, 1, 4),
        ("静安店", Grade.POOR, 2, 2),
    ]
    assert branches[0].key == sample.pudong
    assert branches[0].scores.answered == 4
    assert [(b.grade, b.rank) for b in default] == [(Grade.NA, None), (Grade.NA, None)]


async def test_staff_are_graded_and_ranked(sample: Sample) -> None:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        staff = await by_staff(uow, sample.scope(), thresholds=GradeThresholds(min_responses=1))
    assert [(s.name, s.grade, s.rank, s.complaints, s.scores.deliveries) for s in staff] == [
        ("李伟", Grade.EXCELLENT, 1, 3, 3),
        ("张强", Grade.POOR, 2, 1, 3),
        ("王芳", Grade.POOR, 3, 1, 1),
        (None, Grade.NA, None, 1, 1),
    ]


async def test_weekly_series(sample: Sample) -> None:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        weeks = await weekly(uow, sample.scope())
    assert [(w.week, w.first, w.last) for w in weeks] == [
        ("2026-W45", date(2026, 11, 2), date(2026, 11, 8)),
        ("2026-W46", date(2026, 11, 9), date(2026, 11, 15)),
    ]
    first, second = (w.scores for w in weeks)
    assert (first.deliveries, first.answered, first.csat, first.nps) == (2, 2, 1.0, 50.0)
    assert (second.deliveries, second.sent, second.answered) == (6, 5, 3)
    assert (second.csat, second.csat_responses, second.nps) == (0.0, 2, -100.0)


async def test_weeks_follow_the_local_calendar_across_a_clock_change(db: Database) -> None:
    berlin = ZoneInfo("Europe/Berlin")  # summer time ends on Sunday 2026-10-25
    seed = await Seed.create(db)
    for day, hour, score in ((date(2026, 10, 25), 23, 5), (date(2026, 10, 26), 0, 1)):
        at = datetime(day.year, day.month, day.day, hour, 30, tzinfo=berlin).astimezone(UTC)
        await seed.survey(at, branch_id=None, staff=None, answers={"overall": score})
    async with UnitOfWork(db, readonly=True) as uow:
        weeks = await weekly(uow, ReportScope(date(2026, 10, 19), date(2026, 11, 1), berlin))
    assert [(w.week, w.scores.csat_responses, w.scores.csat) for w in weeks] == [
        ("2026-W43", 1, 1.0),
        ("2026-W44", 1, 0.0),
    ]


@pytest.mark.parametrize(
    ("hours", "median"),
    [
        ((), None),
        ((3,), 3.0),
        ((1, 3), 2.0),
        ((10, 1, 2), 2.0),
        ((1, 2, 3, 100), 2.5),
        ((0.5, 0.25, 48, 72, 1), 1.0),
    ],
)
async def test_median_time_to_resolve(
    db: Database, hours: tuple[float, ...], median: float | None
) -> None:
    seed = await Seed.create(db)
    opened = local(date(2026, 11, 3), 9)
    for number, h in enumerate(hours):
        status = "closed" if number % 2 else "resolved"
        await seed.complaint(opened, status=status, resolved_after=timedelta(hours=h))
    await seed.complaint(opened, status="open")
    await seed.complaint(opened, status="reopened")
    async with UnitOfWork(db, readonly=True) as uow:
        scope = ReportScope(date(2026, 11, 3), date(2026, 11, 3), ZONE)
        stats = (await summary(uow, scope, now=NOW)).complaints
    assert stats.median_hours_to_resolve == median
    assert stats.resolved == len(hours)


T0 = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "ack_hours", "resolve_hours", "overdue"),
    [
        ("open", 2, 48, True),
        ("open", 8, 48, False),
        ("reopened", 2, 48, True),
        ("claimed", 2, 48, False),
        ("claimed", 2, 4, True),
        ("contacted", 2, 4, True),
        ("contacted", 8, 48, False),
        ("resolved", 2, 4, False),
        ("closed", 2, 4, False),
        ("withdrawn", 2, 4, False),
    ],
)
async def test_overdue_at_now(
    db: Database, status: str, ack_hours: float, resolve_hours: float, overdue: bool
) -> None:
    seed = await Seed.create(db)
    await seed.complaint(T0, status=status, ack_hours=ack_hours, resolve_hours=resolve_hours)
    async with UnitOfWork(db, readonly=True) as uow:
        scope = ReportScope(date(2026, 11, 3), date(2026, 11, 3), ZONE)
        stats = (await summary(uow, scope, now=T0 + timedelta(hours=5))).complaints
    assert stats.overdue == int(overdue)
    assert stats.opened == 1


async def test_report_as_json(sample: Sample) -> None:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        report = await build_report(uow, sample.scope(), now=NOW)
    data = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))
    assert (data["deliveries"], data["response_rate"], data["csat"], data["nps"]) == (
        8,
        0.7143,
        0.5,
        -25.0,
    )
    assert data["period"]["first"] == "2026-11-02"
    assert data["complaints"]["overdue"] == 2
    assert data["branches"][0]["grade"] == "n/a"
    assert [w["week"] for w in data["weeks"]] == ["2026-W45", "2026-W46"]
    assert data["grade_thresholds"]["min_responses"] == 10
