"""What an answer is before it is stored: from a tapped button or from typed words.

Reading typed words is pure (:mod:`surveys.conversation.typed_answers`); this module
turns the reading into a :class:`Given`, or into the helpful sentence to send back
when the words cannot be read as an answer to this question.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.conversation.conditions import AnswerValue
from surveys.conversation.definitions import Question, QuestionType
from surveys.conversation.typed_answers import is_skip, read_choice, read_number, read_yes_no
from surveys.i18n import say


@dataclass(frozen=True, slots=True)
class Comment:
    """Words typed at a score question that are not a score ("waited 2 hours, terrible"):
    kept and scored as the customer's comment, and the score is asked for again."""

    text: str


@dataclass(frozen=True, slots=True)
class Given:
    """One answer as it will be stored."""

    value_int: int | None = None
    choice: str | None = None
    text: str | None = None
    skipped: bool = False

    def ascondition_value(self, question: Question) -> AnswerValue:
        return condition_value(question, self.value_int, self.choice, self.text, self.skipped)


def condition_value(
    question: Question,
    value_int: int | None,
    choice: str | None,
    text: str | None,
    skipped: bool,
) -> AnswerValue:
    if skipped:
        return None
    if question.type is QuestionType.YESNO:
        return None if value_int is None else ("yes" if value_int else "no")
    if question.type is QuestionType.CHOICE:
        return choice
    if question.type is QuestionType.TEXT:
        return text
    return value_int


def given_from_button(question: Question, value: int) -> Given | None:
    """The answer a button stands for, or None when the button does not fit the question."""
    if question.type is QuestionType.CHOICE:
        if not 0 <= value < len(question.options):
            return None
        return Given(choice=question.options[value].id)
    if question.type is QuestionType.TEXT:
        return None
    if not question.min_value <= value <= question.max_value:
        return None
    return Given(value_int=value)


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()


def given_from_text(
    question: Question, text: str, language: str, text_limit: int
) -> Given | Comment | str:
    """The answer typed, the comment typed instead of a score, or the helpful sentence to
    send when the text cannot be read."""
    if is_skip(text):
        return Given(skipped=True)
    if question.type is QuestionType.TEXT:
        cleaned = _printable(text)
        if not cleaned:
            return say("text_prompt", language)
        return Given(text=cleaned[:text_limit])
    if question.type in (QuestionType.RATING, QuestionType.NPS):
        reading = read_number(text, question.min_value, question.max_value)
        if reading is not None and reading.in_range:
            comment = _printable(reading.comment or "")[:text_limit]
            return Given(value_int=reading.value, text=comment or None)
        words = _printable(text)
        if reading is None and any(ch.isalpha() for ch in words):
            return Comment(words[:text_limit])
        return say("need_number", language, low=question.min_value, high=question.max_value)
    if question.type is QuestionType.YESNO:
        yes = read_yes_no(text)
        return say("need_yes_no", language) if yes is None else Given(value_int=int(yes))
    labels = [(*o.label.by_language.values(), o.id) for o in question.options]
    index = read_choice(text, labels)
    if index is None:
        return say("need_choice", language)
    return Given(choice=question.options[index].id)
