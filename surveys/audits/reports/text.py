"""The scorecard as lines of text, for ``surveybot stats`` and under the ``/stats`` chart."""

from __future__ import annotations

from surveys.audits.reports.scorecard import Scorecard, ScorecardRow
from surveys.i18n import name_of, say


def _value(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def row_line(row: ScorecardRow, language: str) -> str:
    line = say(
        "scorecard_row",
        language,
        touchpoint=name_of("touchpoint", row.touchpoint, language),
        audit=_value(row.audit_score, 1),
        customers=_value(row.customer_average, 2),
        responses=row.responses,
    )
    if row.flag is not None:
        line += " " + say(f"scorecard_flag_{row.flag}", language)
    return line


def scorecard_text(card: Scorecard, language: str, *, flagged_only: bool = False) -> str:
    """Each audited branch with its audit score, then its touchpoints (flagged first)."""
    if not card.rows:
        return ""
    lines = [say("scorecard_title", language)]
    for branch, score in card.audit_scores.items():
        rows = [r for r in card.rows if r.branch == branch and (r.flag or not flagged_only)]
        if flagged_only and not rows:
            continue
        lines.append(say("scorecard_branch", language, branch=branch, score=f"{score:.1f}"))
        lines.extend("  " + row_line(row, language) for row in rows)
    return "\n".join(lines) if len(lines) > 1 else ""
