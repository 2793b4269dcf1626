"""The numbers and grades of a report as a reader's words: ``57%``, ``+25``, a grade's name
or why there is none."""

from __future__ import annotations

from surveys.i18n import name_of, say
from surveys.reports.metrics import Grade, GradeThresholds, GroupScore

NOTHING = "–"


def percent(share: float | None) -> str:
    """A share 0-1 as a whole percentage; ``–`` when there is no denominator."""
    return NOTHING if share is None else f"{100 * share:.0f}%"


def score(nps: float | None) -> str:
    """An NPS with its sign (``+25``, ``-40``, ``0``)."""
    if nps is None:
        return NOTHING
    whole = round(nps) + 0  # no "-0"
    return f"{whole:+d}" if whole else "0"


def average(value: float | None) -> str:
    return NOTHING if value is None else f"{value:.2f}"


def hours(value: float | None, language: str) -> str:
    return NOTHING if value is None else say("report_hours", language, hours=f"{value:.1f}")


def grade_text(group: GroupScore, thresholds: GradeThresholds, language: str) -> str:
    """The group's grade; for none, why: fewer CSAT and NPS answers than a grade needs."""
    if group.grade is Grade.NA:
        have = max(group.scores.csat_responses, group.scores.nps_responses)
        return say("ungraded_reason", language, have=have, count=thresholds.min_responses)
    return name_of("grade", group.grade.value, language)
