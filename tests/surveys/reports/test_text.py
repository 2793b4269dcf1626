"""``surveybot stats`` as text: every part of the report, aligned, in the reader's words."""

from __future__ import annotations

import re
from datetime import date

import pytest

from surveys.i18n import name_of, say
from surveys.reports import (
    Grade,
    GradeThresholds,
    GroupScore,
    Report,
    ReportScope,
    Scores,
    build_report,
)
from surveys.reports.text import grade_text, report_text
from surveys.reports.text.table import table
from surveys.reports.text.words import average, hours, percent, score
from surveys.reports.width import display_width
from surveys.storage import Database, UnitOfWork
from tests.surveys.reports.conftest import NOW, Sample
from tests.surveys.reports.seed import ZONE
from tests.surveys.reports.test_no_codes import _codes_in


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("Model Y", 7),
        ("浦东店", 6),
        ("Model Y · 浦东", 14),
        ("（未指定员工）", 14),
        ("ｅ", 2),  # full-width Latin
        ("e\u0301", 1),  # a combining accent takes no column
        ("ab\n浦东店", 6),  # the widest line
    ],
)
def test_display_width_counts_chinese_twice(text: str, width: int) -> None:
    assert display_width(text) == width


def test_table_aligns_chinese_and_latin_columns() -> None:
    lines = table(["Branch", "CSAT"], [["浦东店", "67%"], ["Jingan", "100%"]], right=(1,))
    assert lines == [
        "  Branch  CSAT",
        "  浦东店   67%",
        "  Jingan  100%",
    ]
    assert len({display_width(line) for line in lines}) == 1


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (percent(None), "–"),
        (percent(0.5), "50%"),
        (percent(0.7143), "71%"),
        (score(None), "–"),
        (score(-25.0), "-25"),
        (score(50.0), "+50"),
        (score(0.4), "0"),
        (score(-0.4), "0"),
        (average(None), "–"),
        (average(3.333), "3.33"),
        (hours(None, "en"), "–"),
        (hours(7.0, "en"), "7.0 h"),
        (hours(7.25, "zh"), "7.2 小时"),
    ],
)
def test_numbers_as_words(said: str, expected: str) -> None:
    assert said == expected


def _group(grade: Grade, csat_n: int, nps_n: int) -> GroupScore:
    scores = Scores(csat_responses=csat_n, nps_responses=nps_n)
    return GroupScore(1, "浦东店", scores, 0, grade, None)


@pytest.mark.parametrize(
    ("group", "language", "expected"),
    [
        (_group(Grade.NA, 3, 7), "en", "too few answers: 7 of 10"),
        (_group(Grade.NA, 0, 0), "zh", "样本不足：0/10 份"),
        (_group(Grade.GOOD, 12, 12), "en", "good"),
        (_group(Grade.POOR, 12, 12), "zh", "较差"),
    ],
)
def test_a_grade_or_why_there_is_none(group: GroupScore, language: str, expected: str) -> None:
    assert grade_text(group, GradeThresholds(), language) == expected


async def _report(sample: Sample, **options: object) -> Report:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        return await build_report(uow, sample.scope(), now=NOW, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_the_text_shows_everything_the_json_has(sample: Sample, language: str) -> None:
    report = await _report(sample)
    text = report_text(report, language, "2026-11-02 .. 2026-11-15")
    data = report.as_dict()
    for touchpoint in data["touchpoints"]:
        assert name_of("touchpoint", touchpoint["touchpoint"], language) in text
    for topic in data["topics"]:
        assert name_of("topic", topic["topic"], language) in text
    for group in (*data["branches"], *data["staff"]):
        assert (group["name"] or say("chart_no_staff", language)) in text
    for week in data["weeks"]:
        assert week["week"] in text
    complaints = data["complaints"]
    assert f"{complaints['withdrawn']}" in text
    assert ("7.0 小时" if language == "zh" else "median 7.0 h") in text
    assert ("已完成 4（57%）" if language == "zh" else "4 completed (57%)") in text
    assert ("推荐者 1，贬损者 2" if language == "zh" else "promoters 1, detractors 2") in text
    # Every group here has too few answers for a grade: the text says so, with numbers.
    reason = "样本不足：2/10 份" if language == "zh" else "too few answers: 2 of 10"
    assert reason in text
    bare = re.escape(name_of("grade", Grade.NA, language)) + "(?![：:])"  # "n/a", "样本不足"
    assert re.search(bare, text) is None
    assert ("至少有 10 份回答" if language == "zh" else "at least 10 answers") in text


async def test_the_chinese_text_holds_no_codes(sample: Sample) -> None:
    text = report_text(await _report(sample), "zh", "标题")
    assert _codes_in([text]) == set()


async def test_the_text_is_aligned(sample: Sample) -> None:
    text = report_text(await _report(sample), "zh", "标题")
    branches = text.split("\n\n")[5].splitlines()
    assert branches[0] == "门店"
    assert len({display_width(line) for line in branches[1:]}) == 1  # every row as wide


async def test_graded_groups_are_named_and_ranked(sample: Sample) -> None:
    report = await _report(sample, thresholds=GradeThresholds(fair_csat=0.6, min_responses=1))
    lines = report_text(report, "en", "t").splitlines()
    pudong = next(line for line in lines if "浦东店" in line)
    assert pudong.split()[:3] == ["1", "浦东店", "fair"]


async def test_an_empty_period_says_there_is_nothing(db: Database) -> None:
    scope = ReportScope(date(2026, 11, 3), date(2026, 11, 3), ZONE)
    async with UnitOfWork(db, readonly=True) as uow:
        report = await build_report(uow, scope, now=NOW, staff=False, weeks=False)
    text = report_text(report, "en", "2026-11-03 .. 2026-11-03")
    assert "0 surveys · 0 sent · 0 answered (–)" in text
    assert "Top complaint topics\n  (nothing in this period)" in text
    assert "Branches\n  (nothing in this period)" in text
    assert "Staff\n  (nothing in this period)" in text
    assert "By week" not in text
