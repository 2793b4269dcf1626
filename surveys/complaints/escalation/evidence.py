"""What the rules judge, and what they decide: evidence, severities, verdicts.

Evidence is what is known of one customer's answers (scores, ratings, choices, the text
and how the text scorer read it); a verdict says whether that is a complaint, how
severe, why, and whether the score and the text contradict each other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal, get_args

from nlp import TOPICS
from surveys.i18n.names import name_key

Severity = Literal["critical", "high", "medium", "low"]
SEVERITIES: Final[tuple[Severity, ...]] = get_args(Severity)
"""Most severe first."""

ContradictionKind = Literal["high_score_unhappy_text", "low_score_happy_text"]
LABELS: Final = ("negative", "neutral", "positive")

TOPIC_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {topic: name_key("mention", topic) for topic in TOPICS}
)
"""Topic ids (as the text scorer reports them), each with the message key that names it in
a clarifying question ("you mentioned the wait")."""

RANK: Final[dict[str, int]] = {severity: rank for rank, severity in enumerate(SEVERITIES)}
"""A severity's place in SEVERITIES: 0 is critical."""


def as_severity(value: str) -> Severity:
    """``value`` as a Severity; ValueError naming the choices if it is none."""
    for known in SEVERITIES:
        if value == known:
            return known
    raise ValueError(f"unknown severity {value!r} (use one of {', '.join(SEVERITIES)})")


def raise_severity(value: str) -> Severity:
    """The next severity up; critical stays critical."""
    return SEVERITIES[max(RANK[as_severity(value)] - 1, 0)]


ID: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
TEXT_PREDICATES: Final = {"text_negative": "negative", "text_positive": "positive"}
PREDICATES: Final = frozenset({*TEXT_PREDICATES, "topic", "any_rating"})
RESERVED: Final = frozenset({"overall", "nps", "and", "or", "not", "answered", "skipped"})
SCORES: Final = {"overall": (1, 5), "nps": (0, 10)}
RATING_RANGE: Final = (1, 10)


def _check_number(what: str, value: object, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}, not {value!r}")


@dataclass(frozen=True)
class Evidence:
    """What is known about one customer's answers, as the rules read it.

    ``ratings`` are keyed by touchpoint id, ``choices`` and ``yes_no`` by question id; a
    skipped answer is left out (or None for ``overall`` and ``nps``). The text fields come
    from the text scorer. Ids must not repeat across the three mappings.
    """

    overall: int | None = None
    nps: int | None = None
    ratings: Mapping[str, int] = field(default_factory=dict)
    choices: Mapping[str, str] = field(default_factory=dict)
    yes_no: Mapping[str, bool] = field(default_factory=dict)
    text: str | None = None
    text_label: str | None = None
    text_score: float | None = None
    topics: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, (low, high) in SCORES.items():
            _check_number(name, getattr(self, name), low, high)
        for touchpoint, rating in self.ratings.items():
            _check_number(f"rating {touchpoint!r}", rating, *RATING_RANGE)
        if not all(isinstance(value, str) for value in self.choices.values()):
            raise ValueError("choices must be option ids")
        if not all(isinstance(value, bool) for value in self.yes_no.values()):
            raise ValueError("yes_no answers must be True or False")
        seen: set[str] = set()
        for key in (*self.ratings, *self.choices, *self.yes_no):
            if not ID.fullmatch(key) or key in RESERVED | PREDICATES:
                raise ValueError(f"{key!r} cannot be an answer id in evidence")
            if key in seen:
                raise ValueError(f"{key!r} appears twice in the evidence")
            seen.add(key)
        if self.text_label not in (None, *LABELS):
            raise ValueError(f"text_label must be one of {LABELS} or None, not {self.text_label!r}")
        score = self.text_score
        if score is not None and (not math.isfinite(score) or not -1.0 <= score <= 1.0):
            raise ValueError(f"text_score must be from -1 to 1, not {score!r}")
        for name in ("ratings", "choices", "yes_no"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(self, "topics", tuple(self.topics))


@dataclass(frozen=True, slots=True)
class Contradiction:
    """The score and the text disagree; ``score_text`` is how the customer scored, e.g. 9/10."""

    kind: ContradictionKind
    score_text: str
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether this is a complaint, how severe, and why (most severe reason first)."""

    complaint: bool
    severity: Severity | None
    reasons: tuple[str, ...] = ()
    contradiction: Contradiction | None = None
    keywords: tuple[str, ...] = ()
