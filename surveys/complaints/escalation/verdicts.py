"""Judging evidence by a rule set, and settling a contradiction with one question.

A high score (overall >= 4 or nps >= 9) with clearly unhappy text, or a low score (overall
<= 2 or nps <= 4) with clearly happy text, is a contradiction, unless the scores
contradict each other too. The verdict still says what the rules decided; the caller asks
:func:`clarify_question` first and settles it with :func:`after_clarification`. A critical
verdict carries no contradiction: it is never held for a question.
"""

from __future__ import annotations

from dataclasses import replace

from surveys.complaints.escalation.conditions import Facts
from surveys.complaints.escalation.evidence import (
    RANK,
    SEVERITIES,
    TOPIC_NAMES,
    Contradiction,
    Evidence,
    Verdict,
)
from surveys.complaints.escalation.rulefile import RuleSet
from surveys.i18n import Text, say


def _contradiction(rules: RuleSet, evidence: Evidence) -> Contradiction | None:
    overall, nps, score = evidence.overall, evidence.nps, evidence.text_score
    high = [f"{overall}/5"] if overall is not None and overall >= 4 else []
    high += [f"{nps}/10"] if nps is not None and nps >= 9 else []
    low = [f"{overall}/5"] if overall is not None and overall <= 2 else []
    low += [f"{nps}/10"] if nps is not None and nps <= 4 else []
    topic = evidence.topics[0] if evidence.topics else None
    if score is None or (high and low):
        return None
    if high and evidence.text_label == "negative" and score <= rules.unhappy_text_score:
        return Contradiction("high_score_unhappy_text", high[0], topic)
    if low and evidence.text_label == "positive" and score >= rules.happy_text_score:
        return Contradiction("low_score_happy_text", low[0], topic)
    return None


def evaluate(rules: RuleSet, evidence: Evidence) -> Verdict:
    """Run ``rules`` over ``evidence``: critical keywords first, then every rule in order."""
    keywords = rules.keywords.find(evidence.text) if evidence.text else ()
    matched: list[tuple[int, str]] = [(RANK["critical"], f"keyword:{word}") for word in keywords]
    facts = Facts(evidence)
    matched += [
        (RANK[rule.severity], rule.reason) for rule in rules.rules if rule.when.evaluate(facts)
    ]
    if not matched:
        return Verdict(False, None, contradiction=_contradiction(rules, evidence))
    matched.sort(key=lambda match: match[0])  # stable: file order within a severity
    severity = SEVERITIES[matched[0][0]]
    contradiction = None if severity == "critical" else _contradiction(rules, evidence)
    reasons = tuple(reason for _, reason in matched)
    return Verdict(True, severity, reasons, contradiction, keywords)


def clarify_question(contradiction: Contradiction, language: str) -> str:
    """The one short question that settles a contradiction, in ``language``."""
    points, _, scale = contradiction.score_text.partition("/")
    if contradiction.kind == "low_score_happy_text":
        return say("clarify_happy_text", language, points=points, scale=scale)
    name = TOPIC_NAMES.get(contradiction.topic or "")
    if name is None:
        return say("clarify_unhappy_text", language, points=points, scale=scale)
    return say("clarify_unhappy_topic", language, points=points, scale=scale, topic=Text(name))


def after_clarification(verdict: Verdict, wants_contact: bool) -> Verdict:
    """The verdict once the customer answered :func:`clarify_question`.

    Wanting contact makes it a complaint (at least low); declining closes it, keeping the
    reasons for reports.
    """
    if wants_contact:
        return replace(
            verdict,
            complaint=True,
            severity=verdict.severity or "low",
            reasons=(*verdict.reasons, "asked_for_contact"),
            contradiction=None,
        )
    return replace(verdict, complaint=False, severity=None, contradiction=None)
