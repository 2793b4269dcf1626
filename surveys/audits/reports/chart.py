"""The scorecard as a PNG: per audited touchpoint, the audit score beside the customers'
rating (put on the same 0-100 scale: 1 → 0, 5 → 100), the gaps marked.

Drawn as the ``/stats`` chart is (a plain ``Figure`` on the Agg canvas, the shipped font,
nothing global touched); importing this module imports matplotlib, so nothing imports it
until a chart is drawn. Call :func:`render_scorecard_async` from async code.
"""

from __future__ import annotations

import asyncio
import functools
import io
import threading

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from surveys.audits.reports.scorecard import Scorecard
from surveys.i18n import name_of, say
from surveys.reports.charts.typeface import chart_font

AUDIT_COLOUR, CUSTOMER_COLOUR, FLAG_COLOUR = "#6a3d9a", "#1f77b4", "#d62728"
_RENDERING = threading.Lock()


def _on_100(average: float | None) -> float:
    return 0.0 if average is None else max(0.0, min(100.0, (average - 1) * 25))


def render_scorecard(card: Scorecard, *, language: str = "zh", dpi: int = 100) -> bytes:
    with _RENDERING:
        font = chart_font()
        families = list(font.families)
        rows = list(card.rows)
        figure = Figure(figsize=(10, 1.5 + 0.45 * max(3, len(rows))), dpi=dpi, layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        ax.set_title(
            font.displayable(say("scorecard_title", language)),
            fontfamily=families,
            fontsize=12,
            loc="left",
        )
        y = [float(n) for n in range(len(rows))][::-1]
        ax.barh([v + 0.2 for v in y], [r.audit_score or 0.0 for r in rows], 0.4, color=AUDIT_COLOUR)
        ax.barh(
            [v - 0.2 for v in y],
            [_on_100(r.customer_average) for r in rows],
            0.4,
            color=CUSTOMER_COLOUR,
        )
        labels = [
            font.displayable(f"{r.branch} · {name_of('touchpoint', r.touchpoint, language)}")
            for r in rows
        ]
        ax.set_yticks(y, labels)
        for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
            if row.flag is not None:
                tick.set_color(FLAG_COLOUR)
        ax.set_xlim(0, 100)
        ax.tick_params(labelfontfamily=families, labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(
            [
                font.displayable(say("scorecard_legend_audit", language)),
                font.displayable(say("scorecard_legend_customers", language)),
            ],
            prop={"family": families, "size": 9},
            loc="lower right",
        )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()


async def render_scorecard_async(card: Scorecard, *, language: str = "zh") -> bytes:
    return await asyncio.to_thread(functools.partial(render_scorecard, card, language=language))
