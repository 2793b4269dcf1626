"""The columns of an export and their headers, in the reader's language.

A survey's own columns come first (:data:`BEFORE`), then one column per question id of
the templates in the export, then the outcome (:data:`AFTER`). A question column's
header is the name of its part when it is the CSAT or NPS question ("Overall
satisfaction"), else the touchpoint's name when it rates one ("Reception" / "接待"),
else the question's own words when every template version that has it asks it in the
same words, else the name of its type ("Comment": a question worded after earlier
answers has no single wording). A header that would repeat an earlier one gets a
number ("Comment (2)"). Headers follow from the stored templates alone, never from the
rows or the filters, so a question's column has the same header in every export.
"""

from __future__ import annotations

from collections.abc import Sequence

from surveys.conversation.definitions import QuestionType
from surveys.i18n import name_of, say
from surveys.reports.questions import QuestionMap, TemplateQuestions

BEFORE = (
    "delivery_id",
    "customer_id",
    "customer_name",
    "phone",
    "event_id",
    "event_kind",
    "event_date",
    "branch",
    "staff",
    "vehicle",
    "template",
    "wave_id",
    "status",
    "sent_at",
    "answered_at",
    "completed_at",
)
AFTER = ("sentiment", "topics", "complaint_status", "complaint_severity")
#: What a question column is called when no touchpoint or single wording names it.
QUESTION_PARTS = ("csat", *(kind.value for kind in QuestionType))


def _part(question_id: str, templates: Sequence[TemplateQuestions]) -> str:
    kinds = {t.kinds.get(question_id) for t in templates}
    kind = kinds.pop() if len(kinds) == 1 else None
    return kind if kind in QUESTION_PARTS else QuestionType.TEXT.value


def question_header(question_id: str, templates: Sequence[TemplateQuestions], language: str) -> str:
    """The header of one question column; ``templates`` are the versions that have it."""
    for role in ("csat", "nps"):
        if any(getattr(t, role) == question_id for t in templates):
            return say(f"export_question_{role}", language)
    touchpoints = {t.touchpoints[question_id] for t in templates if question_id in t.touchpoints}
    if len(touchpoints) == 1:
        return name_of("touchpoint", touchpoints.pop(), language)
    wordings = {t.wording(question_id, language) for t in templates}
    if len(wordings) == 1 and None not in wordings:
        return str(wordings.pop())
    return say(f"export_question_{_part(question_id, templates)}", language)


def question_headers(
    questions: QuestionMap, question_ids: Sequence[str], language: str
) -> list[str]:
    """The headers of these question columns, from every template version that has each."""
    templates = [questions.templates[tid] for tid in sorted(questions.templates)]
    return [
        question_header(qid, [t for t in templates if qid in t.questions], language)
        for qid in question_ids
    ]


def unique(headers: Sequence[str], language: str) -> tuple[str, ...]:
    """``headers`` with each repeat numbered, so that every column can be told apart."""
    taken: set[str] = set()
    result: list[str] = []
    for header in headers:
        candidate, number = header, 1
        while candidate in taken:
            number += 1
            candidate = say("export_header_again", language, header=header, number=number)
        taken.add(candidate)
        result.append(candidate)
    return tuple(result)
