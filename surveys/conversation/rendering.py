"""How a survey question looks in the chat: text and buttons, in the customer's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from surveys.conversation.conditions import AnswerValue
from surveys.conversation.definitions import Question, QuestionType, Template
from surveys.i18n import say
from surveys.ports import AnswerAction, Button, InlineKeyboard, SkipAction

ANSWERED_MARK = "✔"
QUOTE_LIMIT = 120


@dataclass(frozen=True, slots=True)
class VisitFacts:
    """What the intro may mention about the visit being asked about."""

    name: str
    branch: str | None
    vehicle: str | None
    occurred_at: datetime


def format_date(instant: datetime, language: str, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    if language == "zh":
        return f"{local.month}月{local.day}日"
    return f"{local.day} {local.strftime('%b')}"


def intro_text(template: Template, language: str, facts: VisitFacts, zone: ZoneInfo) -> str:
    values = {
        "name": facts.name or say("intro_no_name", language),
        "branch": facts.branch or say("intro_no_branch", language),
        "vehicle": facts.vehicle or say("intro_no_vehicle", language),
        "date": format_date(facts.occurred_at, language, zone),
    }
    return template.intro.get(language).format_map(values)


def question_text(question: Question, language: str, answers: Mapping[str, AnswerValue]) -> str:
    text = question.text(language, answers)
    if question.type in (QuestionType.RATING, QuestionType.NPS) and (
        question.low_label is not None and question.high_label is not None
    ):
        hint = say(
            "scale_hint",
            language,
            low_value=question.min_value,
            low=question.low_label.get(language),
            high_value=question.max_value,
            high=question.high_label.get(language),
        )
        text = f"{text}\n{hint}"
    elif question.type is QuestionType.TEXT:
        text = f"{text}\n{say('text_prompt', language)}"
    return text


def question_keyboard(
    template: Template, question: Question, delivery_id: int, language: str
) -> InlineKeyboard:
    index = template.index_of(question.id)
    rows: list[tuple[Button, ...]] = []

    def answer(label: str, value: int) -> Button:
        return Button(label, AnswerAction(delivery_id, index, value))

    if question.type is QuestionType.RATING:
        rows.append(tuple(answer(str(v), v) for v in range(1, question.scale + 1)))
    elif question.type is QuestionType.NPS:
        rows.append(tuple(answer(str(v), v) for v in range(0, 6)))
        rows.append(tuple(answer(str(v), v) for v in range(6, 11)))
    elif question.type is QuestionType.YESNO:
        rows.append((answer(say("yes", language), 1), answer(say("no", language), 0)))
    elif question.type is QuestionType.CHOICE:
        buttons = [answer(o.label.get(language), i) for i, o in enumerate(question.options)]
        rows.extend(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    rows.append((Button(say("skip", language), SkipAction(delivery_id, index)),))
    return InlineKeyboard(tuple(rows))


def answer_display(
    question: Question,
    language: str,
    *,
    value_int: int | None = None,
    choice: str | None = None,
    text: str | None = None,
    skipped: bool = False,
) -> str:
    if skipped:
        return say("skipped_mark", language)
    if question.type is QuestionType.RATING and value_int is not None:
        return (
            f"{value_int}/{question.scale} " + "★" * value_int + "☆" * (question.scale - value_int)
        )
    if question.type is QuestionType.NPS and value_int is not None:
        return f"{value_int}/10"
    if question.type is QuestionType.YESNO and value_int is not None:
        return say("yes" if value_int else "no", language)
    if question.type is QuestionType.CHOICE and choice is not None:
        option = question.option(choice)
        return option.label.get(language) if option else choice
    if text is not None:
        shown = text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"
        return f"“{shown}”"
    return ""


def answered_text(shown_text: str, display: str) -> str:
    """The question message after it was answered: the question, then the answer."""
    return f"{shown_text}\n\n{ANSWERED_MARK} {display}"
