"""Recording an answer from a page, and taking the last one back.

The same compare-and-set on ``deliveries.current_question`` as in the chat: an answer
is recorded only while its question is the open one, so the chat, a second tab or a
second phone cannot answer the same question twice; the answer is scored as the chat's.
"Back" deletes the last answer and reopens its question, in the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from surveys.conversation.answers import Given
from surveys.conversation.conditions import AnswerValue
from surveys.conversation.definitions import Question, Template
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.ports import Scorer
from surveys.storage.tables import Answer, Delivery
from surveys.storage.uow import UnitOfWork

_MOVED = ("current_question", "survey_state", "started_at", "completed_at")


async def record(
    uow: UnitOfWork,
    delivery: Delivery,
    template: Template,
    answers: dict[str, AnswerValue],
    question: Question,
    given: Given,
    scorer: Scorer,
    now: datetime,
) -> Question | bool | None:
    """Store ``given`` and move on: the next question, None when the survey is complete,
    False when the question was no longer open (answered elsewhere first)."""
    after = dict(answers)
    after[question.id] = given.ascondition_value(question)
    following = template.next_question(after, after=question.id)
    state = SurveyState.IN_PROGRESS if following else SurveyState.COMPLETED
    moved = await uow.session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery.id,
            Delivery.current_question == question.id,
            Delivery.survey_state.in_(OPEN_SURVEY_STATES),
        )
        .values(
            current_question=following.id if following else None,
            survey_state=state.value,
            started_at=delivery.started_at or now,
            completed_at=None if following else now,
            question_message_id=None,
        )
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return False
    answer = Answer(
        delivery_id=delivery.id,
        question_id=question.id,
        kind=question.type.value,
        value_int=given.value_int,
        value_choice=given.choice,
        value_text=given.text,
        skipped=given.skipped,
        answered_at=now,
    )
    if given.text:
        sentiment = scorer(given.text)
        answer.sentiment_label = sentiment.label
        answer.sentiment_score = float(sentiment.score)
        answer.topics = ",".join(sentiment.topics)[:200] or None
        answer.text_language = sentiment.language[:8]
    uow.session.add(answer)
    await uow.session.flush()
    await uow.session.refresh(delivery, list(_MOVED))
    return following


async def take_back(uow: UnitOfWork, delivery: Delivery, template: Template) -> bool:
    """Reopen the question answered last; False when there is none or the survey moved."""
    known = {q.id for q in template.questions}
    last = (
        await uow.session.execute(
            select(Answer)
            .where(Answer.delivery_id == delivery.id, Answer.question_id.in_(known))
            .order_by(Answer.answered_at.desc(), Answer.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    if last is None:
        return False
    moved = await uow.session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery.id,
            Delivery.current_question.is_not_distinct_from(delivery.current_question),
            Delivery.survey_state.in_(OPEN_SURVEY_STATES),
        )
        .values(current_question=last.question_id)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return False
    await uow.session.execute(delete(Answer).where(Answer.id == last.id))
    await uow.session.refresh(delivery, list(_MOVED))
    return True
