"""Rule files: reading and validating the YAML that holds the escalation policy.

A rule file (``default_rules.yaml`` ships with the bot; a deployment replaces it as a whole
with its own file) holds five sections, validated on load with errors that name the file,
the rule number and the problem:

``rules``
    A list of ``{reason, when, severity}``. Every rule whose ``when`` holds adds its
    ``reason`` (a short code such as ``overall<=2``); the most severe match wins. ``when``
    is described in :mod:`.conditions`.
``critical_keywords``
    Words that make any text critical, in English and Chinese (``danger`` and ``action``
    lists) plus ``ignore``: longer phrases that contain a keyword but are no alarm
    (``安全感``, "safety check"); see :mod:`.keywords`.
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

Messages here are for the people who write rule files, so they stay English.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final
from zoneinfo import ZoneInfo

import yaml

from surveys.complaints.escalation.conditions import condition_problems, parse_evidence_condition
from surveys.complaints.escalation.evidence import SCORES, SEVERITIES, Severity, as_severity
from surveys.complaints.escalation.hours import BusinessCalendar, ServiceLevel, Span
from surveys.complaints.escalation.keywords import Keywords, is_english, normalize
from surveys.conversation.conditions import Condition, ConditionError
from surveys.waves.schedule import DAY_NAMES, ScheduleError, parse_time_of_day

DEFAULT_ZONE: Final = ZoneInfo("Asia/Shanghai")
DEFAULT_RULES_FILE: Final = Path(str(files("surveys.complaints.escalation") / "default_rules.yaml"))


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
        return frozenset(ids - set(SCORES))


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
            severity = as_severity(str(value["severity"]))
        except ValueError as error:
            raise self.fail(f"'severity': {error}", number) from None
        text = value["when"]
        if not isinstance(text, str):
            raise self.fail("'when' must be a condition such as \"overall <= 2\"", number)
        try:
            when = parse_evidence_condition(text)
        except ConditionError as error:
            raise self.fail(f"'when': {error}", number) from None
        for problem in condition_problems(when, self.known):
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
            if word.endswith("*") and not is_english(word):
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
            key = normalize(word)
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
