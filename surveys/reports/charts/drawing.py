"""One PNG for ``/stats``: the weekly trend, the touchpoints, and branches or staff compared.

Drawn with matplotlib's Agg canvas attached to a plain ``Figure``: no pyplot,
no ``matplotlib.use``, no change to rcParams, so nothing global is touched
except that the shipped font is added to the font manager. Drawing is CPU
work; call :func:`render_chart_async` from async code (it draws in a worker
thread). Importing this module imports matplotlib (about half a second), which
is why ``surveys.reports`` does not import it.
"""

from __future__ import annotations

import asyncio
import functools
import io
import math
import threading
from collections.abc import Sequence
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from surveys.i18n import name_of, say
from surveys.reports.charts.typeface import ChartFont, chart_font
from surveys.reports.metrics.grades import Grade, GradeThresholds
from surveys.reports.metrics.results import GroupScore, Report
from surveys.reports.text import grade_text

Compare = Literal["branch", "staff"]

GRADE_COLOURS = {
    Grade.EXCELLENT: "#2e7d32",
    Grade.GOOD: "#1f77b4",
    Grade.FAIR: "#f0a030",
    Grade.POOR: "#d62728",
    Grade.NA: "#9e9e9e",
}
CSAT_COLOUR, NPS_COLOUR, RESPONSES_COLOUR = "#1f77b4", "#ff7f0e", "#d0d0d0"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Renders are rare; one at a time keeps matplotlib's shared caches out of trouble.
_RENDERING = threading.Lock()


def _whole(number: float) -> str:
    return str(round(number) + 0)


def _value(number: float | None, scale: float = 1.0) -> float:
    return math.nan if number is None else number * scale


class _Painter:
    """Sets every piece of text in the chart fonts, cleaned of glyphs none of them has."""

    def __init__(self, font: ChartFont, language: str) -> None:
        self.font = font
        self.language = language
        self.families = list(font.families)
        self.small = FontProperties(family=self.families, size=9)

    def say(self, key: str, **values: object) -> str:
        return self.font.displayable(say(key, self.language, **values))

    def name(self, table: str, code: str) -> str:
        return self.font.displayable(name_of(table, code, self.language))

    def clean(self, text: str) -> str:
        return self.font.displayable(text)

    def style(self, ax: Axes, title: str) -> None:
        ax.set_title(title, fontfamily=self.families, fontsize=12, loc="left")
        ax.tick_params(labelfontfamily=self.families, labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)

    def no_data(self, ax: Axes) -> None:
        ax.text(
            0.5,
            0.5,
            self.say("chart_no_data"),
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontfamily=self.families,
            color="#777777",
        )
        ax.set_xticks([])
        ax.set_yticks([])


def _headline(report: Report, p: _Painter) -> str:
    s = report.summary.scores
    c = report.summary.complaints
    scope = report.summary.scope
    parts = [f"{scope.first:%Y-%m-%d} – {scope.last:%Y-%m-%d}"]
    if s.csat is not None:
        parts.append(f"CSAT {s.csat:.0%}")
    if s.nps is not None:
        parts.append(f"NPS {_whole(s.nps)}")
    if s.response_rate is not None:
        parts.append(f"{p.say('chart_response_rate')} {s.response_rate:.0%}")
    parts.append(f"{p.say('chart_surveys')} {s.deliveries}")
    parts.append(f"{p.say('chart_complaints')} {c.opened} ({p.say('chart_overdue')} {c.overdue})")
    return p.clean(" · ".join(parts))


def _trend(ax: Axes, report: Report, p: _Painter) -> None:
    p.style(ax, p.say("chart_trend"))
    weeks = report.weeks
    if not any(w.scores.deliveries for w in weeks):
        p.no_data(ax)
        return
    x = list(range(len(weeks)))
    bars = ax.twinx()
    bars.bar(x, [w.scores.answered for w in weeks], color=RESPONSES_COLOUR, width=0.6)
    bars.set_ylabel(p.say("chart_responses"), fontfamily=p.families)
    bars.tick_params(labelfontfamily=p.families, labelsize=9)
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    bars.spines[["top"]].set_visible(False)
    ax.set_zorder(bars.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot(x, [_value(w.scores.csat, 100) for w in weeks], "o-", color=CSAT_COLOUR, label="CSAT %")
    ax.plot(x, [_value(w.scores.nps) for w in weeks], "s-", color=NPS_COLOUR, label="NPS")
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.set_ylim(-108, 108)
    ax.set_ylabel(p.say("chart_score_axis"), fontfamily=p.families)
    ax.set_xticks(x, [p.clean(f"{w.week[-3:]}\n{w.first:%m-%d}") for w in weeks])
    ax.legend(loc="lower left", prop=p.small, frameon=False)


def _touchpoints(ax: Axes, report: Report, p: _Painter) -> None:
    p.style(ax, p.say("chart_touchpoints"))
    scored = [t for t in report.summary.touchpoints if t.average is not None]
    if not scored:
        p.no_data(ax)
        return
    y = list(range(len(scored)))[::-1]
    averages = [t.average or 0.0 for t in scored]
    ax.barh(y, averages, color=CSAT_COLOUR, height=0.6)
    ax.set_yticks(y, [p.name("touchpoint", t.touchpoint) for t in scored])
    top = max(5.0, *averages)
    ax.set_xlim(0, top * 1.25)
    ax.set_xticks(range(math.ceil(top) + 1))
    for row, t in zip(y, scored, strict=True):
        ax.text(
            (t.average or 0.0) + 0.05,
            row,
            f"{t.average:.2f} (n={t.responses})",
            va="center",
            fontproperties=p.small,
        )


def _group_name(group: GroupScore, compare: Compare, p: _Painter) -> str:
    if group.name:
        return p.clean(group.name)
    return p.say("chart_no_branch" if compare == "branch" else "chart_no_staff")


def _comparison(
    ax: Axes,
    groups: Sequence[GroupScore],
    thresholds: GradeThresholds,
    compare: Compare,
    limit: int,
    p: _Painter,
) -> None:
    p.style(ax, p.say("chart_by_branch" if compare == "branch" else "chart_by_staff"))
    shown = list(groups[:limit])
    if not shown:
        p.no_data(ax)
        return
    y = list(range(len(shown)))[::-1]
    values = [_value(g.scores.csat, 100) for g in shown]
    ax.barh(
        y,
        [0.0 if math.isnan(v) else v for v in values],
        color=[GRADE_COLOURS[g.grade] for g in shown],
        height=0.6,
    )
    ax.set_yticks(y, [_group_name(g, compare, p) for g in shown])
    ax.set_xlim(0, 145)
    ax.set_xticks([0, 25, 50, 75, 100])
    for row, group, value in zip(y, shown, values, strict=True):
        parts = [] if math.isnan(value) else [f"{value:.0f}%"]
        parts.append(grade_text(group, thresholds, p.language))
        if group.scores.nps is not None:
            parts.append(f"NPS {_whole(group.scores.nps)}")
        parts.append(f"n={group.scores.answered}")
        note = " · ".join(parts)
        ax.text(
            (0.0 if math.isnan(value) else value) + 1.5,
            row,
            p.clean(note),
            va="center",
            fontproperties=p.small,
        )
    if len(groups) > limit:
        ax.text(
            1.0,
            -0.02,
            p.say("chart_more", count=len(groups) - limit),
            ha="right",
            va="top",
            transform=ax.transAxes,
            fontproperties=p.small,
            color="#777777",
        )


def render_chart(
    report: Report,
    *,
    language: str = "zh",
    compare: Compare = "branch",
    limit: int = 12,
    dpi: int = 100,
) -> bytes:
    """The report as one PNG: weekly trend, touchpoint averages, branches or staff compared."""
    with _RENDERING:
        p = _Painter(chart_font(), language)
        groups = report.branches if compare == "branch" else report.staff
        rows = max(3, min(limit, len(groups)))
        figure = Figure(figsize=(10, 9 + 0.3 * rows), dpi=dpi, layout="constrained")
        FigureCanvasAgg(figure)
        figure.suptitle(
            p.say("chart_title") + "\n" + _headline(report, p),
            fontfamily=p.families,
            fontsize=13,
        )
        grid = figure.add_gridspec(3, 1, height_ratios=[1.2, 1.0, 0.5 + 0.12 * rows])
        _trend(figure.add_subplot(grid[0]), report, p)
        _touchpoints(figure.add_subplot(grid[1]), report, p)
        _comparison(figure.add_subplot(grid[2]), groups, report.thresholds, compare, limit, p)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()


async def render_chart_async(
    report: Report,
    *,
    language: str = "zh",
    compare: Compare = "branch",
    limit: int = 12,
    dpi: int = 100,
) -> bytes:
    """:func:`render_chart` in a worker thread, so the event loop keeps serving updates."""
    return await asyncio.to_thread(
        functools.partial(
            render_chart, report, language=language, compare=compare, limit=limit, dpi=dpi
        )
    )
