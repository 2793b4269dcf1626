"""Escalation: which answers become complaints, how severe, and by when they must be handled.

    >>> from surveys.complaints.escalation import Evidence, default_rules, evaluate
    >>> verdict = evaluate(default_rules(), Evidence(overall=1, text="刹车有异响"))
    >>> verdict.severity, verdict.reasons
    ('critical', ('keyword:刹车', 'overall<=1', 'overall<=2'))

``rulefile`` reads rule files (``default_rules.yaml`` ships; a deployment replaces it with
``SURVEYBOT_RULES``), written in the ``conditions`` language with ``keywords`` that make a
text critical; ``verdicts`` judges ``evidence`` by them; ``hours`` counts working time for
deadlines. All are pure: time is always an argument.
"""

from __future__ import annotations

from surveys.complaints.escalation.conditions import parse_evidence_condition
from surveys.complaints.escalation.evidence import (
    LABELS,
    SEVERITIES,
    TOPIC_NAMES,
    Contradiction,
    ContradictionKind,
    Evidence,
    Severity,
    Verdict,
    raise_severity,
)
from surveys.complaints.escalation.hours import (
    BusinessCalendar,
    Deadlines,
    ServiceLevel,
    ServiceLevels,
    Span,
    deadlines,
    notify_at,
    wakes_people,
)
from surveys.complaints.escalation.keywords import Keywords
from surveys.complaints.escalation.rulefile import (
    DEFAULT_RULES_FILE,
    DEFAULT_ZONE,
    Rule,
    RulesError,
    RuleSet,
    default_rules,
    load_rules,
    parse_rules,
)
from surveys.complaints.escalation.verdicts import after_clarification, clarify_question, evaluate

__all__ = [
    "DEFAULT_RULES_FILE",
    "DEFAULT_ZONE",
    "LABELS",
    "SEVERITIES",
    "TOPIC_NAMES",
    "BusinessCalendar",
    "Contradiction",
    "ContradictionKind",
    "Deadlines",
    "Evidence",
    "Keywords",
    "Rule",
    "RuleSet",
    "RulesError",
    "ServiceLevel",
    "ServiceLevels",
    "Severity",
    "Span",
    "Verdict",
    "after_clarification",
    "clarify_question",
    "deadlines",
    "default_rules",
    "evaluate",
    "load_rules",
    "notify_at",
    "parse_evidence_condition",
    "parse_rules",
    "raise_severity",
    "wakes_people",
]
