"""Reports: CSAT, NPS, response rates, complaints and rankings; charts; text; exports.

Owns ``metrics/`` (the SQL sections of a report and the values they return), ``text/``
(a report as text for ``surveybot stats``), ``charts/`` (the ``/stats`` PNG, matplotlib),
``export/`` (one row per survey as CSV or XLSX, openpyxl), and what they share: the scope
of a report, which template question plays which part, and how wide text is. It reads
the database through ``surveys.storage`` and speaks through ``surveys.i18n``; it knows
nothing of Telegram.

The public surface is listed here once. Charts and exports are imported on first use,
so importing this package stays cheap for the CLI and the bot.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from surveys.reports.metrics import (
    ComplaintStats,
    Grade,
    GradeThresholds,
    GroupScore,
    Report,
    Scores,
    Summary,
    TopicCount,
    TouchpointScore,
    WeekScore,
    build_report,
    by_branch,
    by_staff,
    summary,
    weekly,
)
from surveys.reports.questions import QuestionMap, TemplateQuestions
from surveys.reports.scope import ReportScope, Week

if TYPE_CHECKING:
    from surveys.reports.charts import render_chart, render_chart_async
    from surveys.reports.export import DeliveryExport, write_csv, write_xlsx

_LAZY = {
    "render_chart": "surveys.reports.charts",
    "render_chart_async": "surveys.reports.charts",
    "DeliveryExport": "surveys.reports.export",
    "write_csv": "surveys.reports.export",
    "write_xlsx": "surveys.reports.export",
}

__all__ = [
    "ComplaintStats",
    "DeliveryExport",
    "Grade",
    "GradeThresholds",
    "GroupScore",
    "QuestionMap",
    "Report",
    "ReportScope",
    "Scores",
    "Summary",
    "TemplateQuestions",
    "TopicCount",
    "TouchpointScore",
    "Week",
    "WeekScore",
    "build_report",
    "by_branch",
    "by_staff",
    "render_chart",
    "render_chart_async",
    "summary",
    "weekly",
    "write_csv",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
