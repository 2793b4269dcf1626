"""Charts: a PNG comes out, and Chinese labels render with no missing glyph.

The suite turns warnings into errors, so matplotlib's "Glyph ... missing from
font(s)" warning would fail these tests; they also check the character map of
the chosen fonts directly.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
from matplotlib.ft2font import FT2Font

from surveys.i18n import name_of, say
from surveys.reports import (
    ComplaintStats,
    Grade,
    GradeThresholds,
    GroupScore,
    Report,
    ReportScope,
    Scores,
    Summary,
    TouchpointScore,
    WeekScore,
    build_report,
)
from surveys.reports.charts.drawing import PNG_MAGIC, render_chart, render_chart_async
from surveys.reports.charts.typeface import chart_font, font_path
from surveys.storage import UnitOfWork
from tests.surveys.reports.conftest import NOW, Sample
from tests.surveys.reports.seed import ZONE

BRANCHES = ("浦东店", "静安店", "徐汇旗舰店", "喆堃汽车服务中心")
STAFF = ("李伟", "王芳", "张强", "欧阳娜娜", "赵赟")


def _scores(csat: float | None, nps: float | None, answered: int) -> Scores:
    return Scores(
        deliveries=answered * 2,
        sent=answered * 2,
        answered=answered,
        response_rate=0.5,
        csat=csat,
        csat_responses=answered,
        nps=nps,
        nps_responses=answered,
    )


def _group(key: int | str | None, name: str | None, csat: float | None, grade: Grade) -> GroupScore:
    nps = None if csat is None else round(csat * 100 - 40, 1)
    return GroupScore(key, name, _scores(csat, nps, 20), 1, grade, None)


def made_up_report(*, branches: tuple[str, ...] = BRANCHES) -> Report:
    scope = ReportScope(date(2026, 11, 2), date(2026, 11, 29), ZONE)
    weeks = tuple(
        WeekScore(w.label, w.first, w.last, _scores(0.8 + 0.03 * i, 20.0 + 5 * i, 30 + i))
        for i, w in enumerate(scope.weeks())
    )
    grades = (Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR)
    return Report(
        summary=Summary(
            scope=scope,
            scores=_scores(0.86, 31.5, 130),
            touchpoints=(
                TouchpointScore("reception", 4.6, 120),
                TouchpointScore("waiting_time", 3.9, 118),
                TouchpointScore("new_touchpoint", 4.1, 12),
                TouchpointScore("paperwork", None, 0),
            ),
            topics=(),
            complaints=ComplaintStats(opened=7, open=2, overdue=1, resolved=5),
        ),
        branches=(
            *(_group(i, name, 0.95 - 0.1 * i, grades[i % 4]) for i, name in enumerate(branches)),
            _group(None, None, None, Grade.NA),
        ),
        staff=tuple(
            _group(name, name, 0.9 - 0.05 * i, grades[i % 4]) for i, name in enumerate(STAFF)
        ),
        weeks=weeks,
    )


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (the IHDR chunk comes first)."""
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("compare", ["branch", "staff"])
def test_chart_is_a_png(language: str, compare: str) -> None:
    png = render_chart(made_up_report(), language=language, compare=compare)  # type: ignore[arg-type]
    assert png.startswith(PNG_MAGIC)
    width, height = _png_size(png)
    assert width >= 800
    assert height >= 800


async def test_chart_renders_in_a_worker_thread(sample: Sample) -> None:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        report = await build_report(
            uow, sample.scope(), now=NOW, thresholds=GradeThresholds(min_responses=1)
        )
    png = await render_chart_async(report, language="zh", compare="staff")
    assert png.startswith(PNG_MAGIC)


def test_chart_of_an_empty_report() -> None:
    report = made_up_report()
    empty = Report(
        summary=replace(
            report.summary, scores=Scores(), touchpoints=(), complaints=ComplaintStats()
        ),
        weeks=tuple(replace(w, scores=Scores()) for w in report.weeks),
    )
    assert render_chart(empty).startswith(PNG_MAGIC)


def test_many_groups_are_cut_to_the_limit() -> None:
    many = tuple(f"门店{n}" for n in range(30))
    assert render_chart(made_up_report(branches=many), limit=8).startswith(PNG_MAGIC)


def test_the_shipped_font_covers_chinese_labels() -> None:
    font = chart_font()
    assert font.paths[0] == font_path()
    shipped = set(FT2Font(str(font_path())).get_charmap())
    texts = [
        *BRANCHES,
        *STAFF,
        *(say(key, "zh", count=3) for key in ("chart_title", "chart_trend", "chart_more")),
        *(name_of("grade", grade, "zh") for grade in Grade),
        *(name_of("touchpoint", t, "zh") for t in ("reception", "waiting_time", "delivery")),
        "CSAT 86% · NPS -25 · 回复率 71%",
    ]
    for text in texts:
        assert {c for c in text if ord(c) not in shipped} == set(), text
        assert font.missing(text) == set()
        assert font.displayable(text) == text


def test_the_shipped_font_covers_gb2312() -> None:
    shipped = set(FT2Font(str(font_path())).get_charmap())
    hanzi_rows = bytes(range(0xB0, 0xF8))  # level 1 (3,755) and level 2 (3,008) hanzi
    missing = []
    for lead in hanzi_rows:
        for trail in range(0xA1, 0xFF):
            try:
                char = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if ord(char) not in shipped:
                missing.append(char)
    assert missing == []
    every = {chr(c) for c in range(0x20, 0x7F)} | set("，。、；：？！“”（）《》—…￥％")
    assert {c for c in every if ord(c) not in shipped} == set()


def test_characters_no_font_has_are_replaced_not_warned_about() -> None:
    font = chart_font()
    odd = "王\U000e0100\U0010fffd店"  # a variation selector and a private-use character
    assert font.missing(odd) == {"\U000e0100", "\U0010fffd"}
    shown = font.displayable(odd)
    assert font.missing(shown) == set()
    assert shown[0] == "王"
    assert shown[-1] == "店"
    report = made_up_report(branches=(odd,))
    assert render_chart(report, language="zh").startswith(PNG_MAGIC)


def test_drawing_leaves_matplotlib_settings_alone() -> None:
    import matplotlib

    before = matplotlib.rcParams.copy()
    render_chart(made_up_report(), language="en")
    assert matplotlib.rcParams.copy() == before


def test_the_package_imports_matplotlib_and_openpyxl_only_when_used() -> None:
    probe = (
        "import sys, surveys.reports as r; "
        "print('matplotlib' in sys.modules, 'openpyxl' in sys.modules); "
        "r.render_chart; r.write_csv; "
        "print('matplotlib' in sys.modules, 'openpyxl' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "False", "True", "True"]
