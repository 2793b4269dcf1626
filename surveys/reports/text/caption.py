"""The short text of a report that goes with its chart (it fits a photo's caption)."""

from __future__ import annotations

from surveys.i18n import name_of, say
from surveys.reports import Report

CAPTION_LIMIT = 1024


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def summary_text(report: Report, language: str, title: str) -> str:
    """The short text that goes with the chart (fits a photo caption)."""
    s = report.summary.scores
    c = report.summary.complaints
    nps = "–" if s.nps is None else f"{s.nps:+.0f}"
    lines = [
        title,
        say(
            "stats_sent",
            language,
            sent=s.sent,
            answered=s.answered,
            rate=_percent(s.response_rate),
            completed=s.completed,
        ),
        say(
            "stats_scores",
            language,
            csat=_percent(s.csat),
            csat_n=s.csat_responses,
            nps=nps,
            nps_n=s.nps_responses,
        ),
    ]
    topics = ", ".join(
        f"{name_of('topic', t.topic, language)} {t.mentions}" for t in report.summary.topics[:3]
    )
    lines.append(
        say("stats_unhappy", language, share=_percent(s.unhappy_text_share), topics=topics or "–")
    )
    median = "–" if c.median_hours_to_resolve is None else f"{c.median_hours_to_resolve:.0f} h"
    lines.append(
        say(
            "stats_complaints",
            language,
            opened=c.opened,
            overdue=c.overdue,
            resolved=c.resolved,
            median=median,
        )
    )
    grades = [f"{g.name or '—'} {name_of('grade', g.grade, language)}" for g in report.branches[:6]]
    if grades:
        lines.append(say("stats_grades", language, grades=" · ".join(grades)))
    return "\n".join(lines)[:CAPTION_LIMIT]
