"""Clauses and contrast: where the walk cuts an answer, and how much each clause counts.

Punctuation ends a clause, a full stop also a sentence. Around "but"/"但是" the clauses just
before count half and the ones after count 1.5 times; a clause opened by "although"/"虽然"
counts half. Kept apart from the negation walk because it decides weights, not values:
the walk only says where a boundary is.
"""

from __future__ import annotations

from typing import Final

from nlp.scoring._reading import AFTER, CLAUSE_END, SENTENCE_END, Clause, Token

CONTRAST_BEFORE: Final = 0.5
CONTRAST_AFTER: Final = 1.5
CONCESSIVE: Final = 0.5
CONTRAST_REACH: Final = 2
"""How many clauses on each side of a contrast word it reweights."""
_ALWAYS_CONTRAST: Final = frozenset({"但是", "但", "可是", "不过", "然而", "却"})


def opens_clause(tokens: list[Token], index: int, token: Token) -> bool:
    """Chinese contrast words such as 就是/结果/唯一 only contrast at the start of a clause."""
    if not token.chinese or token.key in _ALWAYS_CONTRAST:
        return True
    return index == 0 or tokens[index - 1].kind in (CLAUSE_END, SENTENCE_END)


class Clauses:
    """The clauses of one reading, cut and weighted as the walk reaches each boundary."""

    __slots__ = ("_after_until", "_clauses")

    def __init__(self, clauses: list[Clause]) -> None:
        clauses.append(Clause(sentence=0))
        self._clauses = clauses
        self._after_until = -1  # clauses up to this index get the "after contrast" weight

    def cut(self, token: Token) -> None:
        """Close the current clause at a boundary token (see ``_reading.BOUNDARIES``)."""
        clauses = self._clauses
        clause = clauses[-1]
        sentence = clause.sentence
        kind = token.kind
        if kind == SENTENCE_END:
            self._after_until = -1
            self._open(sentence + 1, token.end)
        elif kind == CLAUSE_END:
            self._open(sentence, token.end)
        elif kind == AFTER:
            has_content = clause.content_words > 0 or clause.hit_count > 0
            last_before = len(clauses) - 1 if has_content else len(clauses) - 2
            for before in range(max(0, last_before - CONTRAST_REACH + 1), last_before + 1):
                clauses[before].weight *= CONTRAST_BEFORE
            if has_content:
                self._open(sentence, token.start)
            clauses[-1].weight = CONTRAST_AFTER
            self._after_until = len(clauses) - 1 + CONTRAST_REACH - 1
        else:  # BEFORE: a concessive clause counts less
            if clause.content_words > 0:
                self._open(sentence, token.start)
            clauses[-1].weight *= CONCESSIVE

    def finish(self, end: int) -> None:
        """The last clause runs to the end of the text."""
        self._clauses[-1].end = end

    def _open(self, sentence: int, at: int) -> None:
        clauses = self._clauses
        clauses[-1].end = at
        clauses.append(Clause(sentence=sentence, start=at))
        if len(clauses) - 1 <= self._after_until:
            clauses[-1].weight *= CONTRAST_AFTER
