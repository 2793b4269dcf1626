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
from surveys.conversation.recording import MOVED, record_answer
from surveys.conversation.states import OPEN_SURVEY_STATES
from surveys.ports import Scorer
from surveys.storage.tables import Answer, Delivery
from surveys.storage.uow import UnitOfWork


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
    recorded = await record_answer(uow, delivery, template, answers, question, given, scorer, now)
    if recorded is None:
        return False
    await uow.session.refresh(delivery, list(MOVED))
    return recorded.following


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
    await uow.session.refresh(delivery, list(MOVED))
    return True
