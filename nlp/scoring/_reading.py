"""What the scorer's phases hand each other: tokens, hits, clauses and the finished reading.

Tokens come out of ``_tokens``; the walk (``_negation``) turns them into hits and
cuts the answer into clauses (``_contrast`` weights them); ``nlp._analysis`` reads the
result. The types live apart from every phase so that no phase imports another's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from nlp.lexicons import Entry

WORD: Final = 0
SENT: Final = 1
NEG: Final = 2
MOD: Final = 3
SENT_MOD: Final = 4
TOO: Final = 5
AFTER: Final = 6
BEFORE: Final = 7
CLAUSE_END: Final = 8
SENTENCE_END: Final = 9

BOUNDARIES: Final = frozenset({CLAUSE_END, SENTENCE_END, AFTER, BEFORE})
"""Token kinds that may end a clause (a contrast word only at the start of one)."""


@dataclass(slots=True)
class Token:
    kind: int
    start: int
    end: int
    key: str
    entry: Entry | None = None
    value: float = 0.0
    topic: str | None = None
    chinese: bool = False
    plain: bool = False  # emoji and pattern hits: not negated, not modified
    negated: bool = False  # already a negated complaint: "故障少"


@dataclass(slots=True)
class Hit:
    """One piece of evidence: ``value`` is already negated and modified, not yet weighted."""

    value: float
    start: int
    end: int
    clause: int
    key: str
    negated: bool = False  # read through a negation: "not bad", "no problems", "没有不满意"


@dataclass(slots=True)
class Clause:
    sentence: int
    weight: float = 1.0
    start: int = 0
    end: int = 0
    content_words: int = 0
    hit_count: int = 0


@dataclass(slots=True)
class Reading:
    """Hits and clauses of one answer, plus where each topic was mentioned."""

    text: str
    hits: list[Hit] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    topics: list[tuple[int, int, str]] = field(default_factory=list)
    empty: bool = False

    def weighted(self, hit: Hit) -> float:
        return hit.value * self.clauses[hit.clause].weight
