"""The ``when`` language of rules: template conditions read over evidence.

``when`` is the ``when:`` language of survey templates
(:mod:`surveys.conversation.conditions`) read over the evidence: ``overall`` (1-5),
``nps`` (0-10), touchpoint ids (their ratings), choice question ids (the option chosen)
and yes/no question ids (``as_agreed == no``). An answer that was skipped makes every
comparison with it false. On top of that:

* ``text_negative`` / ``text_positive``: the customer's text reads unhappy / happy;
* ``topic(ID)``: the text is about topic ``ID`` (``wait_time``, ``price``, ...);
* ``any_rating OP N``: some touchpoint rating compares so, e.g. ``any_rating <= 2``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from surveys.complaints.escalation.evidence import (
    RATING_RANGE,
    SCORES,
    TEXT_PREDICATES,
    TOPIC_NAMES,
    Evidence,
)
from surveys.conversation.conditions import (
    AllOf,
    Answered,
    AnswerValue,
    AnyOf,
    Compare,
    Condition,
    ConditionError,
    Not,
    # The evidence language is the template language plus a few predicates: it extends
    # the template parser rather than keep a copy of it.
    _Parser,
    _tokenize,
)

_COMPARISONS: Final = frozenset({"<", "<=", ">", ">=", "==", "!="})


class Facts(Mapping[str, AnswerValue]):
    """Evidence as template conditions read answers: values by id, yes/no as words."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self._values: dict[str, AnswerValue] = {"overall": evidence.overall, "nps": evidence.nps}
        self._values.update(evidence.ratings)
        self._values.update(evidence.choices)
        self._values.update({key: "yes" if yes else "no" for key, yes in evidence.yes_no.items()})

    def __getitem__(self, key: str) -> AnswerValue:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _evidence(answers: Mapping[str, AnswerValue]) -> Evidence:
    if isinstance(answers, Facts):
        return answers.evidence
    raise TypeError("evidence predicates read Evidence; run rules with evaluate()")


@dataclass(frozen=True)
class TextIs(Condition):
    """``text_negative`` / ``text_positive``."""

    label: str

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        return _evidence(answers).text_label == self.label

    def question_ids(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class HasTopic(Condition):
    """``topic(ID)``."""

    topic: str

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        return self.topic in _evidence(answers).topics

    def question_ids(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class AnyRating(Condition):
    """``any_rating OP N``: some touchpoint rating compares so."""

    op: str
    value: int

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        ratings = _evidence(answers).ratings
        return any(Compare(key, self.op, self.value).evaluate(ratings) for key in ratings)

    def question_ids(self) -> set[str]:
        return set()


class _EvidenceParser(_Parser):
    """The template ``when:`` parser, with the evidence predicates as extra factors."""

    def _after_next(self) -> str | None:
        index = self.position + 1
        return self.tokens[index] if index < len(self.tokens) else None

    def factor(self) -> Condition:
        token, following = self.peek(), self._after_next()
        if token in TEXT_PREDICATES and following not in _COMPARISONS:
            self.take()
            return TextIs(TEXT_PREDICATES[token])
        if token == "topic" and following == "(":
            self.take()
            self.take("(")
            topic = self.identifier()
            self.take(")")
            return HasTopic(topic)
        if token == "any_rating" and following in _COMPARISONS:
            self.take()
            op, raw = self.take(), self.take()
            if not re.fullmatch(r"-?\d+", raw):
                raise ConditionError(f"any_rating compares with a number, not {raw!r}")
            return AnyRating(op, int(raw))
        return super().factor()


def parse_evidence_condition(text: str) -> Condition:
    """Parse a rule's ``when``; raises ConditionError naming what could not be read."""
    parser = _EvidenceParser(_tokenize(text))
    condition = parser.expr()
    if parser.peek() is not None:
        raise ConditionError(f"unexpected {parser.peek()!r}")
    return condition


def condition_problems(node: Condition, known: Collection[str] | None) -> Iterator[str]:
    """What is wrong with a parsed condition that parses but could never mean what it says."""
    if isinstance(node, Not):
        yield from condition_problems(node.inner, known)
    elif isinstance(node, AllOf | AnyOf):
        for part in node.parts:
            yield from condition_problems(part, known)
    elif isinstance(node, HasTopic):
        if node.topic not in TOPIC_NAMES:
            yield f"unknown topic {node.topic!r} (use one of {', '.join(TOPIC_NAMES)})"
    elif isinstance(node, AnyRating):
        low, high = RATING_RANGE
        if not low <= node.value <= high:
            yield f"any_rating compares with a rating from {low} to {high}, not {node.value}"
    elif isinstance(node, Compare | Answered):
        name = node.question
        if name in TEXT_PREDICATES:
            yield f"{name} stands alone; it takes no comparison or answered()"
        elif name == "topic":
            yield "write topic(ID), e.g. topic(price)"
        elif name == "any_rating":
            yield "write any_rating with a comparison, e.g. any_rating <= 2"
        elif isinstance(node, Compare) and name in SCORES:
            low, high = SCORES[name]
            if not isinstance(node.value, int) or not low <= node.value <= high:
                yield f"{name} is a number from {low} to {high}; {node.value!r} cannot match"
        elif known is not None and name not in known and name not in SCORES:
            yield f"{name!r} is not a touchpoint or question of any survey"
