"""What a customer types at a score question instead of a score.

"等了3个小时", "waited 2 hours, terrible": these are exactly the unhappy customers the
survey is for, so the words are kept as the question's comment (an answer row of its own,
``<question>~comment``, scored like any free text) and the score is asked for once more.
The comment is evidence for the escalation rules like any free-text answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from surveys.conversation.definitions import Question, QuestionType, Template
from surveys.conversation.rendering import question_keyboard
from surveys.i18n import say
from surveys.ports import Outgoing, QuestionShown, Reply, Scorer
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Answer
from surveys.storage.uow import UnitOfWork

SUFFIX = "~comment"


def comment_id(question_id: str) -> str:
    """The answer row id under which a question's comment is kept."""
    return f"{question_id[: 64 - len(SUFFIX)]}{SUFFIX}"


def is_comment(question_id: str) -> bool:
    return question_id.endswith(SUFFIX)


def _scored(values: dict[str, object], scorer: Scorer, text: str) -> dict[str, object]:
    sentiment = scorer(text)
    values.update(
        sentiment_label=sentiment.label,
        sentiment_score=float(sentiment.score),
        topics=",".join(sentiment.topics)[:200] or None,
        text_language=sentiment.language[:8],
    )
    return values


async def keep_comment(
    uow: UnitOfWork,
    scorer: Scorer,
    delivery_id: int,
    question: Question,
    text: str,
    now: datetime,
    limit: int,
) -> bool:
    """Store the words (added to what was said before); True the first time, when the
    customer is asked for the score again."""
    key = comment_id(question.id)
    values = _scored(
        {
            "delivery_id": delivery_id,
            "question_id": key,
            "kind": QuestionType.TEXT.value,
            "value_text": text[:limit],
            "skipped": False,
            "answered_at": now,
        },
        scorer,
        text,
    )
    inserted = await uow.session.execute(
        insert_ignore(uow.dialect, Answer.__table__, ["delivery_id", "question_id"], values)  # type: ignore[arg-type]
    )
    if inserted.rowcount == 1:  # type: ignore[attr-defined]
        return True
    row = (
        await uow.session.execute(
            select(Answer).where(Answer.delivery_id == delivery_id, Answer.question_id == key)
        )
    ).scalar_one()
    joined = f"{row.value_text or ''}\n{text}".strip()[:limit]
    for name, value in _scored({"value_text": joined, "answered_at": now}, scorer, joined).items():
        setattr(row, name, value)
    return False


async def commented(
    uow: UnitOfWork,
    scorer: Scorer,
    at: tuple[datetime, int],
    template: Template,
    question: Question,
    delivery_id: int,
    chat_id: int,
    language: str,
    text: str,
) -> Reply:
    """Keep the comment; ask for the score once, with the buttons again."""
    now, limit = at
    first = await keep_comment(uow, scorer, delivery_id, question, text, now, limit)
    if not first:
        low, high = question.min_value, question.max_value
        return Reply.of(Outgoing(chat_id, say("need_number", language, low=low, high=high)))
    return Reply.of(
        Outgoing(
            chat_id,
            say("score_for_comment", language, low=question.min_value, high=question.max_value),
            markup=question_keyboard(template, question, delivery_id, language),
            track=QuestionShown(delivery_id, question.id),
        )
    )
