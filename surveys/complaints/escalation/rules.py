"""Escalation rules: when a finished survey or a customer's message becomes a complaint.

A rule file (``default_rules.yaml`` ships with the bot; a deployment replaces it as a whole
with its own file) holds five sections, validated on load with errors that name the file,
the rule number and the problem:

``rules``
    A list of ``{reason, when, severity}``. Every rule whose ``when`` holds adds its
    ``reason`` (a short code such as ``overall<=2``); the most severe match wins.
``critical_keywords``
    Words that make any text critical, in English and Chinese (``danger`` and ``action``
    lists) plus ``ignore``: longer phrases that contain a keyword but are no alarm
    (``安全感``, "safety check").
``deadlines``
    Per severity: ``acknowledge`` and ``resolve`` spans (``1h``, ``2d``) and ``clock:
    business_hours`` (the default) or ``around_the_clock`` (see :mod:`.hours`).
``business_hours``
    ``days``, ``opens``, ``closes``, ``holidays`` and ``extra_working_days`` (make-up days);
    dates are ``YYYY-MM-DD`` or ranges ``YYYY-MM-DD..YYYY-MM-DD``. The time zone is the
    business's setting, passed to :func:`load_rules`.
``contradiction``
    ``unhappy_text_score`` and ``happy_text_score``: how clearly the text must disagree
    with the score before the customer is asked (optional).

Conditions
----------
``when`` is the ``when:`` language of survey templates
(:mod:`surveys.conversation.conditions`) read over the evidence: ``overall`` (1-5),
``nps`` (0-10), touchpoint ids (their ratings), choice question ids (the option chosen)
and yes/no question ids (``as_agreed == no``). An answer that was skipped makes every
comparison with it false. On top of that:

* ``text_negative`` / ``text_positive``: the customer's text reads unhappy / happy;
* ``topic(ID)``: the text is about topic ``ID`` (``wait_time``, ``price``, ...);
* ``any_rating OP N``: some touchpoint rating compares so, e.g. ``any_rating <= 2``.

Critical keywords
-----------------
Matched case-insensitively after Unicode normalisation (full-width letters and digits count).
English keywords (and digits, e.g. ``12315``) match whole words only: "brakes" matches, and
so does "刹车brakes", but "brakesman" does not; a trailing ``*`` matches any ending.
Chinese keywords match anywhere, also inside longer text ("我要打12315投诉").

A keyword is cleared only where the customer plainly denies it, judged for each occurrence
within its clause (up to the next punctuation mark):

* any keyword, when a problem is denied: "no safety issue", "not a brake problem",
  "没有安全问题", "无安全隐患", "刹车没问题", "安全方面没有任何问题";
* an ``action`` keyword (something a customer does or demands), also when the customer says
  they do not want or need it: "don't need a refund", "no need for a lawyer", "不是投诉",
  "不想投诉", "不需要退款".

A plain "no" or "没有" does not clear a keyword, because there the absence is the
complaint: "no brakes", "still no refund", "没有刹车", "没有退款". So "no safety issue"
is not critical, "no safety issue, but the brakes squeal" is. A ``danger`` keyword is
never cleared by "don't want": "I don't want the brakes to fail again" stays critical.

Contradictions
--------------
A high score (overall >= 4 or nps >= 9) with clearly unhappy text, or a low score (overall
<= 2 or nps <= 4) with clearly happy text, is a contradiction, unless the scores
contradict each other too. The verdict still says what the rules decided; the caller asks
:func:`clarify_question` first and settles it with :func:`after_clarification`. A critical
verdict carries no contradiction: it is never held for a question.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal, get_args
from zoneinfo import ZoneInfo

import yaml

from surveys.complaints.escalation.hours import BusinessCalendar, ServiceLevel, Span
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
from surveys.waves.schedule import DAY_NAMES, ScheduleError, parse_time_of_day

__all__ = [
    "DEFAULT_RULES_FILE",
    "DEFAULT_ZONE",
    "LABELS",
    "SEVERITIES",
    "TOPIC_NAMES",
    "Contradiction",
    "ContradictionKind",
    "Evidence",
    "Keywords",
    "Rule",
    "RuleSet",
    "RulesError",
    "Severity",
    "Verdict",
    "after_clarification",
    "clarify_question",
    "default_rules",
    "evaluate",
    "load_rules",
    "parse_evidence_condition",
    "parse_rules",
    "raise_severity",
]

Severity = Literal["critical", "high", "medium", "low"]
SEVERITIES: Final[tuple[Severity, ...]] = get_args(Severity)
"""Most severe first."""

ContradictionKind = Literal["high_score_unhappy_text", "low_score_happy_text"]
LABELS: Final = ("negative", "neutral", "positive")
DEFAULT_ZONE: Final = ZoneInfo("Asia/Shanghai")
DEFAULT_RULES_FILE: Final = Path(str(files("surveys.complaints.escalation") / "default_rules.yaml"))

TOPIC_NAMES: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "wait_time": {"en": "the wait", "zh": "等待时间"},
        "price": {"en": "the price", "zh": "价格"},
        "staff_attitude": {"en": "how our staff treated you", "zh": "服务态度"},
        "work_quality": {"en": "the quality of the work", "zh": "维修质量"},
        "communication": {"en": "how we kept you informed", "zh": "沟通"},
        "facilities": {"en": "our premises", "zh": "店内设施"},
        "process": {"en": "the paperwork and process", "zh": "手续流程"},
        "product": {"en": "the product itself", "zh": "产品本身"},
    }
)
"""Topic ids (as the text scorer reports them) and how a clarifying question names them."""

_RANK: Final[dict[str, int]] = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def _severity(value: str) -> Severity:
    for severity in SEVERITIES:
        if value == severity:
            return severity
    raise ValueError(f"unknown severity {value!r} (use one of {', '.join(SEVERITIES)})")


def raise_severity(severity: str) -> Severity:
    """The next severity up; critical stays critical."""
    rank = _RANK[_severity(severity)]
    return SEVERITIES[max(rank - 1, 0)]


# --- evidence and verdicts ---------------------------------------------------------------------

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TEXT_PREDICATES: Final = {"text_negative": "negative", "text_positive": "positive"}
_PREDICATES: Final = frozenset({*_TEXT_PREDICATES, "topic", "any_rating"})
_RESERVED: Final = frozenset({"overall", "nps", "and", "or", "not", "answered", "skipped"})
_SCORES: Final = {"overall": (1, 5), "nps": (0, 10)}
_RATING_RANGE: Final = (1, 10)


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
        for name, (low, high) in _SCORES.items():
            _check_number(name, getattr(self, name), low, high)
        for touchpoint, rating in self.ratings.items():
            _check_number(f"rating {touchpoint!r}", rating, *_RATING_RANGE)
        if not all(isinstance(value, str) for value in self.choices.values()):
            raise ValueError("choices must be option ids")
        if not all(isinstance(value, bool) for value in self.yes_no.values()):
            raise ValueError("yes_no answers must be True or False")
        seen: set[str] = set()
        for key in (*self.ratings, *self.choices, *self.yes_no):
            if not _ID.fullmatch(key) or key in _RESERVED | _PREDICATES:
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


# --- the evidence language -------------------------------------------------------------------

_COMPARISONS: Final = frozenset({"<", "<=", ">", ">=", "==", "!="})


class _Facts(Mapping[str, AnswerValue]):
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
    if isinstance(answers, _Facts):
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
        if token in _TEXT_PREDICATES and following not in _COMPARISONS:
            self.take()
            return TextIs(_TEXT_PREDICATES[token])
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


def _condition_problems(node: Condition, known: Collection[str] | None) -> Iterator[str]:
    """What is wrong with a parsed condition that parses but could never mean what it says."""
    if isinstance(node, Not):
        yield from _condition_problems(node.inner, known)
    elif isinstance(node, AllOf | AnyOf):
        for part in node.parts:
            yield from _condition_problems(part, known)
    elif isinstance(node, HasTopic):
        if node.topic not in TOPIC_NAMES:
            yield f"unknown topic {node.topic!r} (use one of {', '.join(TOPIC_NAMES)})"
    elif isinstance(node, AnyRating):
        low, high = _RATING_RANGE
        if not low <= node.value <= high:
            yield f"any_rating compares with a rating from {low} to {high}, not {node.value}"
    elif isinstance(node, Compare | Answered):
        name = node.question
        if name in _TEXT_PREDICATES:
            yield f"{name} stands alone; it takes no comparison or answered()"
        elif name == "topic":
            yield "write topic(ID), e.g. topic(price)"
        elif name == "any_rating":
            yield "write any_rating with a comparison, e.g. any_rating <= 2"
        elif isinstance(node, Compare) and name in _SCORES:
            low, high = _SCORES[name]
            if not isinstance(node.value, int) or not low <= node.value <= high:
                yield f"{name} is a number from {low} to {high}; {node.value!r} cannot match"
        elif known is not None and name not in known and name not in _SCORES:
            yield f"{name!r} is not a touchpoint or question of any survey"


# --- critical keywords ---------------------------------------------------------------------

KeywordKind = Literal["danger", "action"]
_CLAUSE: Final = re.compile(r"[,.;:!?，。；：！？、\n]")
_WORD: Final = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_BLANK: Final = "\ue000"
_EN_NEGATORS: Final = frozenset(
    {"no", "not", "never", "without", "nor", "zero", "dont", "didnt", "doesnt", "wont", "isnt"}
    | {"wasnt", "arent", "werent", "cant", "havent", "hasnt"}
)
_EN_AUXILIARIES: Final = frozenset({"do", "does", "did", "will", "would", "really", "certainly"})
_EN_SELF: Final = frozenset({"i", "we", "i'm", "there's", "theres", "is"})
"""Who may come before "don't want": the customer, or nobody ("there is no need")."""
_EN_FILLERS: Final = frozenset(
    {"a", "an", "any", "the", "my", "real", "major", "serious", "actual", "to", "for"}
)
_EN_WANTING: Final = frozenset({"need", "needed", "want", "wanted", "plan", "intend"})
_EN_PROBLEMS: Final = frozenset(
    {"issue", "issues", "problem", "problems", "concern", "concerns", "risk", "risks"}
    | {"hazard", "hazards", "worry", "worries", "complaint", "complaints"}
)
_ZH_DENIAL: Final = re.compile(
    r"(?:没有|没|无|不是|并非|不存在|未发现|没发现|未见|不涉及)(?:任何|什么)?$"
)
_ZH_PROBLEM: Final = re.compile(r"(?:方面)?(?:的)?(?:问题|隐患|风险|故障|毛病)")
_ZH_FINE: Final = re.compile(
    r"(?:方面|上)?(?:都|也|完全|一切)?(?:没有?|无|不存在)(?:任何|什么)?(?:问题|毛病|隐患|故障)"
)
_ZH_NOT_WANTING: Final = re.compile(
    r"(?:^|我|我们|这|这个)\s*(?:也|并|真的|其实)?"
    r"(?:不是|并非|不想|不打算|不需要|不用|无需|没必要|不必)(?:要|去|再|找)?$"
)
"""The customer (or nobody) declining: "不是投诉", "我不想投诉"; not "他们不想退款"."""


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")


def _is_english(word: str) -> bool:
    return word.isascii()


def _pattern(word: str) -> re.Pattern[str]:
    clean = _normalize(word).strip()
    if not _is_english(clean):
        return re.compile(re.escape(clean))
    body = clean.removesuffix("*")
    regex = r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", body))
    if clean.endswith("*"):
        regex += "[a-z0-9]*"
    return re.compile(rf"(?<![a-z0-9]){regex}(?![a-z0-9])")


def _is_negator(word: str) -> bool:
    return word in _EN_NEGATORS or word.endswith("n't")


def _denied_en(kind: KeywordKind, before: str, after: str) -> bool:
    words = _WORD.findall(before)
    skipped = 0
    while words and words[-1] in _EN_FILLERS and skipped < 2:
        words.pop()
        skipped += 1
    if not words:
        return False
    last = words[-1]
    if kind == "action" and last in _EN_WANTING and len(words) >= 2 and _is_negator(words[-2]):
        rest = words[:-2]
        while rest and rest[-1] in _EN_AUXILIARIES:
            rest.pop()
        if not rest or rest[-1] in _EN_SELF:
            return True  # "I don't need a refund", "no need for a lawyer"; not "they didn't want"
    following = [word for word in _WORD.findall(after) if word != "related"]
    return _is_negator(last) and bool(following) and following[0] in _EN_PROBLEMS


def _denied_zh(kind: KeywordKind, before: str, after: str) -> bool:
    if _ZH_FINE.match(after):
        return True  # "刹车没问题"
    if _ZH_DENIAL.search(before) and _ZH_PROBLEM.match(after):
        return True  # "没有安全问题"
    return kind == "action" and _ZH_NOT_WANTING.search(before) is not None  # "不是投诉"


class Keywords:
    """Keywords that make a text critical, with the clearing policy of the module docstring."""

    def __init__(
        self,
        danger: Sequence[str],
        action: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> None:
        self.danger = tuple(danger)
        self.action = tuple(action)
        self.ignore = tuple(ignore)
        kinds: list[tuple[KeywordKind, Sequence[str]]] = [("danger", danger), ("action", action)]
        self._patterns = [
            (word.removesuffix("*"), kind, _pattern(word))
            for kind, words in kinds
            for word in words
        ]
        self._ignored = [_pattern(phrase) for phrase in ignore]

    def find(self, text: str) -> tuple[str, ...]:
        """The keywords ``text`` raises (as listed, without ``*``), in order of appearance."""
        clean = _normalize(text)
        for pattern in self._ignored:
            clean = pattern.sub(lambda found: _BLANK * len(found.group()), clean)
        hits: list[tuple[int, str]] = []
        for word, kind, pattern in self._patterns:
            for found in pattern.finditer(clean):
                if not self._denied(kind, clean, found.start(), found.end(), word):
                    hits.append((found.start(), word))
                    break
        return tuple(word for _, word in sorted(hits, key=lambda hit: hit[0]))

    @staticmethod
    def _denied(kind: KeywordKind, clean: str, start: int, end: int, word: str) -> bool:
        before = _CLAUSE.split(clean[:start])[-1]
        after = _CLAUSE.split(clean[end:])[0]
        if _is_english(word):
            return _denied_en(kind, before, after)
        return _denied_zh(kind, before, after)


# --- rule sets -------------------------------------------------------------------------------


class RulesError(ValueError):
    """A rule file is invalid; the message names the file, the rule number and the problem."""

    def __init__(self, source: str, problem: str, rule: int | None = None) -> None:
        where = f"{source}: rule {rule}: " if rule is not None else f"{source}: "
        super().__init__(where + problem)
        self.source = source
        self.rule = rule
        self.problem = problem


@dataclass(frozen=True)
class Rule:
    reason: str
    when: Condition
    severity: Severity
    text: str
    """The condition as written."""


@dataclass(frozen=True)
class RuleSet:
    """A validated rule file: rules, keywords, deadlines and business hours."""

    source: str
    rules: tuple[Rule, ...]
    keywords: Keywords
    service_levels: Mapping[str, ServiceLevel]
    calendar: BusinessCalendar
    unhappy_text_score: float = -0.5
    happy_text_score: float = 0.5

    def question_ids(self) -> frozenset[str]:
        """Touchpoint and question ids the rules read (besides overall and nps)."""
        ids: set[str] = set()
        for rule in self.rules:
            ids |= rule.when.question_ids()
        return frozenset(ids - set(_SCORES))


_REASON: Final = re.compile(r"[A-Za-z0-9_<>=!.+\-]{1,40}")
_TOP_KEYS: Final = frozenset(
    {"rules", "critical_keywords", "deadlines", "business_hours", "contradiction"}
)
_KEYWORD_LANGUAGES: Final = ("en", "zh")
_MAX_RANGE_DAYS: Final = 62


class _Reader:
    """Turns the parsed YAML of one file into a RuleSet, collecting precise errors."""

    def __init__(self, source: str, zone: ZoneInfo, known: Collection[str] | None) -> None:
        self.source = source
        self.zone = zone
        self.known = known

    def fail(self, problem: str, rule: int | None = None) -> RulesError:
        return RulesError(self.source, problem, rule)

    def mapping(self, value: Any, what: str, allowed: Collection[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"{what} must be a mapping")
        unknown = set(value) - set(allowed)
        if unknown:
            raise self.fail(f"{what}: unknown key(s) {sorted(map(str, unknown))}")
        return value

    # rules

    def rule(self, value: Any, number: int) -> Rule:
        if not isinstance(value, Mapping):
            raise self.fail("must be a mapping with 'reason', 'when' and 'severity'", number)
        unknown = set(value) - {"reason", "when", "severity"}
        if unknown:
            raise self.fail(f"unknown key(s) {sorted(map(str, unknown))}", number)
        for key in ("reason", "when", "severity"):
            if key not in value:
                raise self.fail(f"missing '{key}'", number)
        reason = value["reason"]
        if not isinstance(reason, str) or not _REASON.fullmatch(reason):
            raise self.fail(
                f"'reason' must be a short code (letters, digits, _ < > = ! . + -; "
                f"at most 40), not {reason!r}",
                number,
            )
        try:
            severity = _severity(str(value["severity"]))
        except ValueError as error:
            raise self.fail(f"'severity': {error}", number) from None
        text = value["when"]
        if not isinstance(text, str):
            raise self.fail("'when' must be a condition such as \"overall <= 2\"", number)
        try:
            when = parse_evidence_condition(text)
        except ConditionError as error:
            raise self.fail(f"'when': {error}", number) from None
        for problem in _condition_problems(when, self.known):
            raise self.fail(f"'when': {problem}", number)
        return Rule(reason, when, severity, text.strip())

    def rules(self, value: Any) -> tuple[Rule, ...]:
        if not isinstance(value, list):
            raise self.fail("'rules' must be a list of rules")
        rules: list[Rule] = []
        for number, item in enumerate(value, start=1):
            rule = self.rule(item, number)
            if any(earlier.reason == rule.reason for earlier in rules):
                raise self.fail(f"reason {rule.reason!r} is used by an earlier rule", number)
            rules.append(rule)
        return tuple(rules)

    # keywords

    def words(self, value: Any, what: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{what} must be a list of words")
        words: list[str] = []
        for item in value:
            word = str(item).strip() if isinstance(item, str | int) else None
            if not word or len(word) > 40 or "*" in word.removesuffix("*"):
                raise self.fail(f"{what}: {item!r} is not a keyword (at most 40 characters)")
            if word.endswith("*") and not _is_english(word):
                raise self.fail(f"{what}: {word!r}: a trailing * is for English words only")
            words.append(word)
        return words

    def keywords(self, value: Any) -> Keywords:
        section = self.mapping(value, "critical_keywords", {"danger", "action", "ignore"})
        lists: dict[str, list[str]] = {}
        for kind in ("danger", "action"):
            by_language = self.mapping(
                section.get(kind, {}), f"critical_keywords.{kind}", _KEYWORD_LANGUAGES
            )
            lists[kind] = [
                word
                for language in _KEYWORD_LANGUAGES
                for word in self.words(by_language.get(language), f"critical_keywords.{kind}")
            ]
        seen: set[str] = set()
        for word in lists["danger"] + lists["action"]:
            key = _normalize(word)
            if key in seen:
                raise self.fail(f"critical_keywords: {word!r} is listed twice")
            seen.add(key)
        if not seen:
            raise self.fail("critical_keywords lists no keyword")
        ignore = self.words(section.get("ignore"), "critical_keywords.ignore")
        return Keywords(lists["danger"], lists["action"], ignore)

    # deadlines

    def span(self, value: Any, what: str) -> Span:
        if not isinstance(value, str):
            raise self.fail(f"{what} must be a duration such as '4h' or '2d', not {value!r}")
        try:
            return Span.parse(value)
        except ValueError as error:
            raise self.fail(f"{what}: {error}") from None

    def service_levels(self, value: Any, calendar: BusinessCalendar) -> dict[str, ServiceLevel]:
        section = self.mapping(value, "deadlines", SEVERITIES)
        levels: dict[str, ServiceLevel] = {}
        for severity in SEVERITIES:
            if severity not in section:
                raise self.fail(f"deadlines: missing {severity!r}")
            what = f"deadlines.{severity}"
            item = self.mapping(section[severity], what, {"acknowledge", "resolve", "clock"})
            clock = item.get("clock", "business_hours")
            if clock not in ("business_hours", "around_the_clock"):
                raise self.fail(f"{what}.clock must be business_hours or around_the_clock")
            for key in ("acknowledge", "resolve"):
                if key not in item:
                    raise self.fail(f"{what}: missing '{key}'")
            level = ServiceLevel(
                self.span(item["acknowledge"], f"{what}.acknowledge"),
                self.span(item["resolve"], f"{what}.resolve"),
                around_the_clock=clock == "around_the_clock",
            )
            if level.length(level.resolve, calendar) < level.length(level.acknowledge, calendar):
                raise self.fail(f"{what}: 'resolve' is shorter than 'acknowledge'")
            levels[severity] = level
        return levels

    # business hours

    def day_names(self, value: Any) -> frozenset[int]:
        if not isinstance(value, list) or not value:
            raise self.fail("business_hours.days must be a list of days, e.g. [mon, tue, wed]")
        numbers: set[int] = set()
        for item in value:
            name = str(item).strip().lower()
            number = next((n for n, full in enumerate(DAY_NAMES) if name in (full, full[:3])), None)
            if number is None:
                raise self.fail(f"business_hours.days: {item!r} is not a day of the week")
            numbers.add(number)
        return frozenset(numbers)

    def clock_time(self, value: Any, what: str) -> time:
        if isinstance(value, int):  # YAML 1.1 reads an unquoted 18:00 as a number
            raise self.fail(f'{what} must be a time in quotes, e.g. "18:00"')
        try:
            return parse_time_of_day(str(value))
        except ScheduleError as error:
            raise self.fail(f"{what}: {error}") from None

    def dates(self, value: Any, what: str) -> frozenset[date]:
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            raise self.fail(f"{what} must be a list of dates YYYY-MM-DD or ranges A..B")
        days: set[date] = set()
        for item in value:
            days |= self.date_item(item, what)
        return frozenset(days)

    def date_item(self, item: Any, what: str) -> set[date]:
        if isinstance(item, datetime):
            raise self.fail(f"{what}: {item!r} is a date and time; write only the date")
        if isinstance(item, date):
            return {item}
        text = str(item).strip()
        first, _, last = text.partition("..")
        try:
            since = date.fromisoformat(first.strip())
            until = date.fromisoformat(last.strip()) if last else since
        except ValueError:
            raise self.fail(f"{what}: {text!r} is not a date YYYY-MM-DD or a range A..B") from None
        count = (until - since).days + 1
        if not 1 <= count <= _MAX_RANGE_DAYS:
            raise self.fail(f"{what}: {text!r} must run forward, at most {_MAX_RANGE_DAYS} days")
        return {since + timedelta(days=offset) for offset in range(count)}

    def calendar(self, value: Any) -> BusinessCalendar:
        allowed = {"days", "opens", "closes", "holidays", "extra_working_days"}
        section = self.mapping(value, "business_hours", allowed)
        for key in ("days", "opens", "closes"):
            if key not in section:
                raise self.fail(f"business_hours: missing '{key}'")
        try:
            return BusinessCalendar(
                zone=self.zone,
                weekdays=self.day_names(section["days"]),
                opens=self.clock_time(section["opens"], "business_hours.opens"),
                closes=self.clock_time(section["closes"], "business_hours.closes"),
                holidays=self.dates(section.get("holidays"), "business_hours.holidays"),
                extra_working_days=self.dates(
                    section.get("extra_working_days"), "business_hours.extra_working_days"
                ),
            )
        except ValueError as error:
            if isinstance(error, RulesError):
                raise
            raise self.fail(f"business_hours: {error}") from None

    # contradiction

    def threshold(self, section: Mapping[str, Any], key: str, default: float, sign: int) -> float:
        value = section.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"contradiction.{key} must be a number")
        if not 0 < sign * value <= 1:
            side = "above 0 and at most 1" if sign > 0 else "below 0 and at least -1"
            raise self.fail(f"contradiction.{key} must be {side}, not {value}")
        return float(value)

    def ruleset(self, data: Any) -> RuleSet:
        if not isinstance(data, Mapping):
            raise self.fail("the file must hold a mapping with 'rules', 'deadlines', ...")
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise self.fail(f"unknown section(s) {sorted(map(str, unknown))}")
        for key in ("rules", "critical_keywords", "deadlines", "business_hours"):
            if key not in data:
                raise self.fail(f"missing section '{key}'")
        calendar = self.calendar(data["business_hours"])
        contradiction = self.mapping(
            data.get("contradiction") or {},
            "contradiction",
            {"unhappy_text_score", "happy_text_score"},
        )
        return RuleSet(
            source=self.source,
            rules=self.rules(data["rules"]),
            keywords=self.keywords(data["critical_keywords"]),
            service_levels=MappingProxyType(self.service_levels(data["deadlines"], calendar)),
            calendar=calendar,
            unhappy_text_score=self.threshold(contradiction, "unhappy_text_score", -0.5, -1),
            happy_text_score=self.threshold(contradiction, "happy_text_score", 0.5, 1),
        )


def parse_rules(
    data: Any,
    source: str,
    *,
    zone: ZoneInfo = DEFAULT_ZONE,
    known: Collection[str] | None = None,
) -> RuleSet:
    """Validate already-parsed YAML. With ``known`` (the touchpoint and question ids of the
    surveys in use), a condition naming anything else is an error rather than never true."""
    return _Reader(source, zone, known).ruleset(data)


def load_rules(
    path: Path | str | None = None,
    *,
    zone: ZoneInfo = DEFAULT_ZONE,
    known: Collection[str] | None = None,
) -> RuleSet:
    """The rules of ``path`` (the setting ``SURVEYBOT_RULES``), or the shipped defaults."""
    file = DEFAULT_RULES_FILE if path is None else Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(file.name, f"cannot read the file: {error}") from None
    except yaml.YAMLError as error:
        raise RulesError(file.name, f"not valid YAML: {error}") from None
    return parse_rules(data, file.name, zone=zone, known=known)


@cache
def default_rules(zone: ZoneInfo = DEFAULT_ZONE) -> RuleSet:
    """The shipped rules, loaded once per time zone."""
    return load_rules(None, zone=zone)


# --- evaluation ------------------------------------------------------------------------------


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
    matched: list[tuple[int, str]] = [(_RANK["critical"], f"keyword:{word}") for word in keywords]
    facts = _Facts(evidence)
    matched += [
        (_RANK[rule.severity], rule.reason) for rule in rules.rules if rule.when.evaluate(facts)
    ]
    if not matched:
        return Verdict(False, None, contradiction=_contradiction(rules, evidence))
    matched.sort(key=lambda match: match[0])  # stable: file order within a severity
    severity = SEVERITIES[matched[0][0]]
    contradiction = None if severity == "critical" else _contradiction(rules, evidence)
    reasons = tuple(reason for _, reason in matched)
    return Verdict(True, severity, reasons, contradiction, keywords)


def clarify_question(contradiction: Contradiction, language: str) -> str:
    """The one short question that settles a contradiction, in ``zh`` or ``en``."""
    chinese = language.lower().startswith("zh")
    names = TOPIC_NAMES.get(contradiction.topic or "")
    points = contradiction.score_text.split("/")[0]
    if contradiction.kind == "low_score_happy_text":
        if chinese:
            return f"您给了我们 {points} 分，但您的留言听起来挺满意。需要门店负责人联系您吗？"
        return (
            f"You gave us {contradiction.score_text}, but your comment sounds happy. "
            "Would you like a manager to contact you?"
        )
    if chinese:
        about = f"提到了{names['zh']}" if names else "留言里似乎有不满意的地方"
        return f"您给了我们 {points} 分，但{about}。需要门店负责人联系您吗？"
    if names:
        return (
            f"You gave us {contradiction.score_text} but mentioned {names['en']}. "
            "Would you like a manager to contact you?"
        )
    return (
        f"You gave us {contradiction.score_text}, but your comment sounds unhappy. "
        "Would you like a manager to contact you?"
    )


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
