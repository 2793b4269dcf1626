"""The numbers of a report, computed with SQL aggregates, and the values they come back in.

``report`` puts the sections together (summary, branch and staff rankings, weekly
trend); ``query`` turns a scope into the SQL conditions and raw counts they share;
``touchpoints``, ``topics``, ``complaints`` and ``rankings`` are one section each;
``results`` and ``grades`` are the plain values returned. May import ``surveys.storage``,
the state codes of conversation, outbox and complaints, and ``surveys.reports.scope`` /
``questions``; never matplotlib, openpyxl or the catalogs (numbers, not words).
"""

from __future__ import annotations

from surveys.reports.metrics.grades import Grade, GradeThresholds
from surveys.reports.metrics.report import build_report, by_branch, by_staff, summary, weekly
from surveys.reports.metrics.results import (
    ComplaintStats,
    GroupScore,
    Report,
    Scores,
    Summary,
    TopicCount,
    TouchpointScore,
    WeekScore,
)

__all__ = [
    "ComplaintStats",
    "Grade",
    "GradeThresholds",
    "GroupScore",
    "Report",
    "Scores",
    "Summary",
    "TopicCount",
    "TouchpointScore",
    "WeekScore",
    "build_report",
    "by_branch",
    "by_staff",
    "summary",
    "weekly",
]
