"""The ``when:`` language of survey templates: small, parsed once, checked at load time.

Grammar (``and`` binds tighter than ``or``)::

    expr    := term ("or" term)*
    term    := factor ("and" factor)*
    factor  := "not" factor | "(" expr ")" | "answered(" ID ")" | "skipped(" ID ")"
             | ID OP VALUE
    OP      := "<" | "<=" | ">" | ">=" | "==" | "!="
    VALUE   := integer | word (a choice id, or yes / no)

A comparison with a question that was skipped or not asked is false, so
``overall <= 2`` never fires for a customer who did not rate.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

AnswerValue = int | str | None
"""An answer as conditions see it: a number, a choice id, or None when skipped."""

_TOKEN = re.compile(r"\s*(<=|>=|==|!=|<|>|\(|\)|[A-Za-z_][A-Za-z0-9_]*|-?\d+)")
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class ConditionError(ValueError):
    """The condition text does not parse."""


class Condition:
    """A parsed condition; evaluate it against the answers given so far."""

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        raise NotImplementedError

    def question_ids(self) -> set[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class Compare(Condition):
    question: str
    op: str
    value: int | str

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        given = answers.get(self.question)
        if given is None:
            return False
        if isinstance(given, int) != isinstance(self.value, int):
            return False
        return bool(_OPS[self.op](given, self.value))

    def question_ids(self) -> set[str]:
        return {self.question}


@dataclass(frozen=True)
class Answered(Condition):
    question: str
    want_answered: bool

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        if self.want_answered:
            return answers.get(self.question) is not None
        return self.question in answers and answers[self.question] is None

    def question_ids(self) -> set[str]:
        return {self.question}


@dataclass(frozen=True)
class Not(Condition):
    inner: Condition

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        return not self.inner.evaluate(answers)

    def question_ids(self) -> set[str]:
        return self.inner.question_ids()


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        return all(part.evaluate(answers) for part in self.parts)

    def question_ids(self) -> set[str]:
        return set().union(*(part.question_ids() for part in self.parts))


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, AnswerValue]) -> bool:
        return any(part.evaluate(answers) for part in self.parts)

    def question_ids(self) -> set[str]:
        return set().union(*(part.question_ids() for part in self.parts))


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:
            raise ConditionError(f"cannot read {stripped[position:]!r}")
        tokens.append(match.group(1))
        position = match.end()
    if not tokens:
        raise ConditionError("empty condition")
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            raise ConditionError("condition ends too early")
        if expected is not None and token != expected:
            raise ConditionError(f"expected {expected!r}, found {token!r}")
        self.position += 1
        return token

    def expr(self) -> Condition:
        parts = [self.term()]
        while self.peek() == "or":
            self.take()
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def term(self) -> Condition:
        parts = [self.factor()]
        while self.peek() == "and":
            self.take()
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def factor(self) -> Condition:
        token = self.take()
        if token == "not":
            return Not(self.factor())
        if token == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if token in ("answered", "skipped") and self.peek() == "(":
            self.take("(")
            question = self.identifier()
            self.take(")")
            return Answered(question, want_answered=token == "answered")
        question = self._as_identifier(token)
        op = self.take()
        if op not in _OPS:
            raise ConditionError(f"expected a comparison after {question!r}, found {op!r}")
        raw = self.take()
        value: int | str = int(raw) if re.fullmatch(r"-?\d+", raw) else self._as_identifier(raw)
        return Compare(question, op, value)

    def identifier(self) -> str:
        return self._as_identifier(self.take())

    @staticmethod
    def _as_identifier(token: str) -> str:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token) or token in ("and", "or", "not"):
            raise ConditionError(f"expected a question id, found {token!r}")
        return token


def parse_condition(text: str) -> Condition:
    """Parse ``text``; raises ConditionError naming what could not be read."""
    parser = _Parser(_tokenize(text))
    condition = parser.expr()
    if parser.peek() is not None:
        raise ConditionError(f"unexpected {parser.peek()!r}")
    return condition
