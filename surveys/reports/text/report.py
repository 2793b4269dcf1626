"""A whole report as text for ``surveybot stats``: what ``--json`` holds, in sections.

The headline (surveys sent, answered and completed, CSAT and NPS with their counts,
unhappy comments), touchpoint averages, top topics, complaints, branches and staff
with their grades (or why there is none) and rank, the weekly trend, and how grades are
given. Every word comes from the catalog; numbers keep their units.
"""

from __future__ import annotations

from collections.abc import Sequence

from surveys.i18n import name_of, say
from surveys.reports.metrics import GradeThresholds, GroupScore, Report
from surveys.reports.text.table import INDENT, table
from surveys.reports.text.words import (
    NOTHING,
    average,
    grade_text,
    hours,
    percent,
    score,
)

Lines = list[str]

#: The columns of each table; each is the message ``report_column_<column>``.
TOUCHPOINT_COLUMNS = ("touchpoint", "average", "answers")
TOPIC_COLUMNS = ("topic", "mentions", "complaints", "unhappy_comments")
GROUP_SCORES = ("grade", "csat", "nps", "sent", "answered", "completed", "complaints")
BRANCH_COLUMNS = ("rank", "branch", *GROUP_SCORES)
STAFF_COLUMNS = ("rank", "staff", *GROUP_SCORES)
WEEK_COLUMNS = ("week", "dates", "sent", "answered", "csat", "nps")
COLUMNS = tuple(
    dict.fromkeys(
        (*TOUCHPOINT_COLUMNS, *TOPIC_COLUMNS, *BRANCH_COLUMNS, *STAFF_COLUMNS, *WEEK_COLUMNS)
    )
)


def _header(columns: Sequence[str], language: str) -> list[str]:
    return [say(f"report_column_{column}", language) for column in columns]


def _headline(report: Report, language: str) -> Lines:
    s = report.summary.scores
    return [
        say("report_surveys", language),
        INDENT
        + say(
            "report_sends",
            language,
            deliveries=s.deliveries,
            sent=s.sent,
            answered=s.answered,
            response=percent(s.response_rate),
            completed=s.completed,
            completion=percent(s.completion_rate),
        ),
        INDENT
        + say(
            "report_scores",
            language,
            csat=percent(s.csat),
            csat_n=s.csat_responses,
            nps=score(s.nps),
            nps_n=s.nps_responses,
            promoters=s.promoters,
            detractors=s.detractors,
        ),
        INDENT
        + say(
            "report_comments",
            language,
            texts=s.text_answers,
            negative=s.negative_texts,
            share=percent(s.unhappy_text_share),
        ),
    ]


def _section(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    language: str,
    *,
    right: Sequence[int] = (),
) -> Lines:
    if not rows:
        return [title, INDENT + say("report_nothing", language)]
    return [title, *table(header, rows, right=right)]


def _touchpoints(report: Report, language: str) -> Lines:
    rows = [
        [name_of("touchpoint", t.touchpoint, language), average(t.average), str(t.responses)]
        for t in report.summary.touchpoints
    ]
    header = _header(TOUCHPOINT_COLUMNS, language)
    return _section(say("report_touchpoints", language), header, rows, language, right=(1, 2))


def _topics(report: Report, language: str) -> Lines:
    rows = [
        [
            name_of("topic", t.topic, language),
            str(t.mentions),
            str(t.complaints),
            str(t.negative_answers),
        ]
        for t in report.summary.topics
    ]
    header = _header(TOPIC_COLUMNS, language)
    return _section(say("report_topics", language), header, rows, language, right=(1, 2, 3))


def _complaints(report: Report, language: str) -> Lines:
    c = report.summary.complaints
    return [
        say("report_complaints", language),
        INDENT
        + say(
            "report_complaint_counts",
            language,
            opened=c.opened,
            open=c.open,
            overdue=c.overdue,
            resolved=c.resolved,
            withdrawn=c.withdrawn,
            median=hours(c.median_hours_to_resolve, language),
        ),
    ]


def _groups(
    groups: Sequence[GroupScore], staff: bool, thresholds: GradeThresholds, language: str
) -> Lines:
    nameless = say("chart_no_staff" if staff else "chart_no_branch", language)
    rows = [
        [
            NOTHING if g.rank is None else str(g.rank),
            g.name or nameless,
            grade_text(g, thresholds, language),
            percent(g.scores.csat),
            score(g.scores.nps),
            str(g.scores.sent),
            str(g.scores.answered),
            str(g.scores.completed),
            str(g.complaints),
        ]
        for g in groups
    ]
    header = _header(STAFF_COLUMNS if staff else BRANCH_COLUMNS, language)
    title = say("report_staff" if staff else "report_branches", language)
    return _section(title, header, rows, language, right=(0, 3, 4, 5, 6, 7, 8))


def _weeks(report: Report, language: str) -> Lines:
    rows = [
        [
            w.week,
            f"{w.first:%m-%d} – {w.last:%m-%d}",
            str(w.scores.sent),
            str(w.scores.answered),
            percent(w.scores.csat),
            score(w.scores.nps),
        ]
        for w in report.weeks
    ]
    header = _header(WEEK_COLUMNS, language)
    return _section(say("report_weeks", language), header, rows, language, right=(2, 3, 4, 5))


def _thresholds(thresholds: GradeThresholds, language: str) -> Lines:
    t = thresholds
    return [
        say(
            "report_grading",
            language,
            excellent_csat=percent(t.excellent_csat),
            excellent_nps=score(t.excellent_nps),
            good_csat=percent(t.good_csat),
            good_nps=score(t.good_nps),
            fair_csat=percent(t.fair_csat),
            fair_nps=score(t.fair_nps),
            count=t.min_responses,
        )
    ]


def report_text(report: Report, language: str, title: str) -> str:
    """Every section of ``report`` under ``title``, blank lines between sections.

    The weekly trend appears when the report holds it (``build_report(weeks=False)`` has
    none; any period has at least one week).
    """
    thresholds = report.thresholds
    sections: list[Lines] = [
        [title],
        _headline(report, language),
        _touchpoints(report, language),
        _topics(report, language),
        _complaints(report, language),
        _groups(report.branches, False, thresholds, language),
        _groups(report.staff, True, thresholds, language),
    ]
    if report.weeks:
        sections.append(_weeks(report, language))
    sections.append(_thresholds(thresholds, language))
    return "\n\n".join("\n".join(lines) for lines in sections)
