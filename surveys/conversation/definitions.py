"""Survey templates: what a survey asks, in which languages, and in which order.

Templates are YAML files (``surveys/conversation/templates/*.yaml``). Loading validates
everything up front and reports ``file: question 'id': problem``, so a broken
template is caught when the bot starts, not when a customer meets it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from surveys.conversation.conditions import AnswerValue, Condition, ConditionError, parse_condition

LANGUAGES = ("zh", "en")
TEMPLATE_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"


class QuestionType(StrEnum):
    RATING = "rating"
    NPS = "nps"
    CHOICE = "choice"
    YESNO = "yesno"
    TEXT = "text"


class TemplateError(ValueError):
    """A template file is invalid; the message names the file, question and problem."""

    def __init__(self, source: str, problem: str, question: str | None = None) -> None:
        where = f"{source}: question {question!r}: " if question else f"{source}: "
        super().__init__(where + problem)
        self.source = source
        self.question = question
        self.problem = problem


@dataclass(frozen=True)
class LocalText:
    """One text in every supported language."""

    by_language: Mapping[str, str]

    def get(self, language: str) -> str:
        return self.by_language.get(language) or next(iter(self.by_language.values()))


@dataclass(frozen=True)
class Variant:
    """A wording used when its condition holds (``None`` = the fallback)."""

    condition: Condition | None
    text: LocalText


@dataclass(frozen=True)
class Option:
    id: str
    label: LocalText


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    variants: tuple[Variant, ...]
    when: Condition | None = None
    scale: int = 5
    options: tuple[Option, ...] = ()
    role: str | None = None
    touchpoint: str | None = None
    low_label: LocalText | None = None
    high_label: LocalText | None = None

    def text(self, language: str, answers: Mapping[str, AnswerValue]) -> str:
        return choose_variant(self.variants, answers).get(language)

    @property
    def min_value(self) -> int:
        return 0 if self.type in (QuestionType.NPS, QuestionType.YESNO) else 1

    @property
    def max_value(self) -> int:
        if self.type is QuestionType.NPS:
            return 10
        if self.type is QuestionType.YESNO:
            return 1
        return self.scale

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Template:
    key: str
    title: LocalText
    intro: LocalText
    thanks: tuple[Variant, ...]
    questions: tuple[Question, ...]
    checksum: str
    raw: Mapping[str, Any]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def index_of(self, question_id: str) -> int:
        for index, question in enumerate(self.questions):
            if question.id == question_id:
                return index
        raise KeyError(question_id)

    def next_question(
        self, answers: Mapping[str, AnswerValue], after: str | None = None
    ) -> Question | None:
        """The first question after ``after`` whose ``when`` holds (None: the survey is done)."""
        start = 0 if after is None else self.index_of(after) + 1
        for question in self.questions[start:]:
            if question.when is None or question.when.evaluate(answers):
                return question
        return None

    def thanks_text(self, language: str, answers: Mapping[str, AnswerValue]) -> str:
        return choose_variant(self.thanks, answers).get(language)

    def question_with_role(self, role: str) -> Question | None:
        return next((q for q in self.questions if q.role == role), None)


def choose_variant(variants: Sequence[Variant], answers: Mapping[str, AnswerValue]) -> LocalText:
    for variant in variants:
        if variant.condition is None or variant.condition.evaluate(answers):
            return variant.text
    return variants[-1].text


class _Reader:
    """Turns the parsed YAML of one file into a Template, collecting precise errors."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, problem: str, question: str | None = None) -> TemplateError:
        return TemplateError(self.source, problem, question)

    def local_text(
        self, value: Any, what: str, question: str | None = None, *, besides: str = "when"
    ) -> LocalText:
        if isinstance(value, str):
            raise self.fail(f"{what} must give every language ({', '.join(LANGUAGES)})", question)
        if not isinstance(value, Mapping):
            raise self.fail(f"{what} must be a mapping of language to text", question)
        texts: dict[str, str] = {}
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{what} has no {language!r} text", question)
            texts[language] = text.strip()
        extra = set(value) - set(LANGUAGES) - {besides}
        if extra:
            raise self.fail(f"{what} has unknown language(s) {sorted(extra)}", question)
        return LocalText(texts)

    def condition(self, text: Any, known: Sequence[str], question: str | None) -> Condition:
        if not isinstance(text, str):
            raise self.fail("'when' must be a condition such as \"overall <= 2\"", question)
        try:
            condition = parse_condition(text)
        except ConditionError as error:
            raise self.fail(f"'when': {error}", question) from None
        unknown = condition.question_ids() - set(known)
        if unknown:
            raise self.fail(
                f"'when' refers to {sorted(unknown)}, which is not an earlier question", question
            )
        return condition

    def variants(
        self, value: Any, what: str, known: Sequence[str], question: str | None = None
    ) -> tuple[Variant, ...]:
        if isinstance(value, Mapping | str):
            return (Variant(None, self.local_text(value, what, question)),)
        if not isinstance(value, list) or not value:
            raise self.fail(
                f"{what} must give every language, or be a list of such texts with 'when'", question
            )
        variants: list[Variant] = []
        for position, item in enumerate(value, start=1):
            if not isinstance(item, Mapping):
                raise self.fail(f"{what} #{position} must be a mapping", question)
            condition = self.condition(item["when"], known, question) if "when" in item else None
            variants.append(
                Variant(condition, self.local_text(item, f"{what} #{position}", question))
            )
        if variants[-1].condition is not None:
            raise self.fail(f"the last {what} must have no 'when' (it is the fallback)", question)
        return tuple(variants)

    def question(self, value: Any, earlier: list[Question], position: int) -> Question:
        if not isinstance(value, Mapping):
            raise self.fail(f"question #{position} must be a mapping")
        qid = value.get("id")
        if not isinstance(qid, str) or not qid or not qid.replace("_", "a").isalnum():
            raise self.fail(f"question #{position} needs an 'id' of letters, digits and _")
        if not qid.isascii() or len(qid) > 32:
            raise self.fail("'id' must be ASCII and at most 32 characters", qid)
        if any(q.id == qid for q in earlier):
            raise self.fail("duplicate question id", qid)
        known_keys = {
            "id",
            "type",
            "text",
            "when",
            "scale",
            "options",
            "role",
            "touchpoint",
            "labels",
        }
        unknown_keys = set(value) - known_keys
        if unknown_keys:
            raise self.fail(f"unknown key(s) {sorted(unknown_keys)}", qid)
        try:
            qtype = QuestionType(str(value.get("type")))
        except ValueError:
            allowed = ", ".join(t.value for t in QuestionType)
            raise self.fail(
                f"unknown type {value.get('type')!r} (use one of {allowed})", qid
            ) from None
        earlier_ids = [q.id for q in earlier]
        when = self.condition(value["when"], earlier_ids, qid) if "when" in value else None
        if "text" not in value:
            raise self.fail("missing 'text'", qid)
        variants = self.variants(value["text"], "text", earlier_ids, qid)
        scale = value.get("scale", 5)
        if qtype is QuestionType.RATING and (not isinstance(scale, int) or not 2 <= scale <= 10):
            raise self.fail("'scale' must be a whole number from 2 to 10", qid)
        options: tuple[Option, ...] = ()
        if qtype is QuestionType.CHOICE:
            options = self.options(value.get("options"), qid)
        elif "options" in value:
            raise self.fail("'options' is only for type choice", qid)
        role = value.get("role")
        if role not in (None, "csat", "nps"):
            raise self.fail(f"unknown role {role!r} (use csat or nps)", qid)
        if role == "csat" and qtype is not QuestionType.RATING:
            raise self.fail("role csat needs a rating question", qid)
        if role == "nps" and qtype is not QuestionType.NPS:
            raise self.fail("role nps needs an nps question", qid)
        touchpoint = value.get("touchpoint")
        if touchpoint is not None and (
            qtype is not QuestionType.RATING or not isinstance(touchpoint, str)
        ):
            raise self.fail("'touchpoint' names a rating question's touchpoint", qid)
        low = high = None
        labels = value.get("labels")
        if labels is not None:
            if not isinstance(labels, Mapping) or set(labels) - {"low", "high"}:
                raise self.fail("'labels' takes 'low' and 'high' texts", qid)
            low = self.local_text(labels["low"], "labels.low", qid) if "low" in labels else None
            high = self.local_text(labels["high"], "labels.high", qid) if "high" in labels else None
        return Question(
            id=qid,
            type=qtype,
            variants=variants,
            when=when,
            scale=scale if qtype is QuestionType.RATING else 5,
            options=options,
            role=role,
            touchpoint=touchpoint,
            low_label=low,
            high_label=high,
        )

    def options(self, value: Any, qid: str) -> tuple[Option, ...]:
        if not isinstance(value, list) or not 2 <= len(value) <= 12:
            raise self.fail("type choice needs 'options': a list of 2 to 12 options", qid)
        options: list[Option] = []
        for position, item in enumerate(value, start=1):
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                raise self.fail(f"option #{position} needs an 'id'", qid)
            oid = item["id"]
            if not oid.isascii() or len(oid) > 24 or any(o.id == oid for o in options):
                raise self.fail(f"option id {oid!r} must be unique, ASCII, <= 24 characters", qid)
            options.append(Option(oid, self.local_text(item, f"option {oid!r}", qid, besides="id")))
        return tuple(options)

    def template(self, data: Any, expected_key: str | None) -> Template:
        if not isinstance(data, Mapping):
            raise self.fail("the file must hold a mapping with 'key' and 'questions'")
        key = data.get("key")
        if not isinstance(key, str) or not key or set(key) - set(TEMPLATE_KEY_CHARS):
            raise self.fail("'key' must be lowercase letters, digits and _")
        if expected_key is not None and key != expected_key:
            raise self.fail(f"'key' is {key!r} but the file is named for {expected_key!r}")
        unknown = set(data) - {"key", "title", "intro", "thanks", "questions"}
        if unknown:
            raise self.fail(f"unknown key(s) {sorted(unknown)}")
        raw_questions = data.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            raise self.fail("'questions' must be a non-empty list")
        questions: list[Question] = []
        for position, item in enumerate(raw_questions, start=1):
            questions.append(self.question(item, questions, position))
        ids = [q.id for q in questions]
        for role in ("csat", "nps"):
            holders = [q.id for q in questions if q.role == role]
            if len(holders) > 1:
                raise self.fail(f"role {role} is given to {holders}; at most one question")
        for needed in ("title", "intro", "thanks"):
            if needed not in data:
                raise self.fail(f"missing '{needed}'")
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return Template(
            key=key,
            title=self.local_text(data["title"], "title"),
            intro=self.local_text(data["intro"], "intro"),
            thanks=self.variants(data["thanks"], "thanks", ids),
            questions=tuple(questions),
            checksum=hashlib.sha256(canonical.encode()).hexdigest(),
            raw=data,
        )


def parse_template(data: Any, source: str, expected_key: str | None = None) -> Template:
    """Validate already-parsed YAML/JSON data (e.g. a definition kept in the database)."""
    return _Reader(source).template(data, expected_key)


def load_template_file(path: Path) -> Template:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(path.name, f"cannot read the file: {error}") from None
    except yaml.YAMLError as error:
        raise TemplateError(path.name, f"not valid YAML: {error}") from None
    return parse_template(data, path.name, expected_key=path.stem)


def builtin_template_dir() -> Path:
    return Path(str(files("surveys.conversation") / "templates"))


def iter_template_files(directory: Path) -> Iterator[Path]:
    yield from sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))


def load_templates(directory: Path | None = None) -> dict[str, Template]:
    """All templates of a directory (the built-in ones by default), keyed by ``key``."""
    folder = directory or builtin_template_dir()
    templates: dict[str, Template] = {}
    for path in iter_template_files(folder):
        template = load_template_file(path)
        templates[template.key] = template
    return templates
