"""The reply a survey owes its customer: the next question, or the thanks at the end.

An answer and the reply it calls for are written in one transaction (``reply_due_at`` on
the delivery); the reply goes right after the commit and is marked paid when Telegram took
it. If it did not (a 502, a kill -9 between the commit and the send), the ticker sends it
again once overdue, and a customer who taps an old button or writes meanwhile is shown the
question again at once. Sent at least once: a rare repeat beats a survey stuck half-way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from surveys.conversation.progress import SurveyProgress
from surveys.conversation.rendering import question_keyboard, question_text
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.ports import Outgoing, QuestionShown, Reply
from surveys.storage.tables import Customer, Delivery
from surveys.storage.uow import UnitOfWork


def overdue(delivery: Delivery, now: datetime) -> bool:
    """The reply is owed and was not marked sent in time."""
    return delivery.reply_due_at is not None and delivery.reply_due_at <= now


async def owed_reply(
    progress: SurveyProgress, uow: UnitOfWork, delivery: Delivery
) -> Outgoing | None:
    """The message the survey owes (tracked, so that sending it pays it), or None when it
    owes nothing any more or its customer cannot be reached."""
    customer = await uow.session.get(Customer, delivery.customer_id)
    if customer is None or customer.chat_id is None or customer.opted_out:
        return None
    template = await progress.catalog.get(uow, delivery.template_id)
    answers = await progress.answers(uow, template, delivery.id)
    language = progress.language_of(delivery, customer)
    if delivery.current_question is None:
        if delivery.survey_state != SurveyState.COMPLETED.value:
            return None
        thanks = template.thanks_text(language, answers)
        return Outgoing(customer.chat_id, thanks, track=QuestionShown(delivery.id, None))
    if delivery.survey_state not in OPEN_SURVEY_STATES:
        return None
    question = template.question(delivery.current_question)
    return Outgoing(
        chat_id=customer.chat_id,
        text=question_text(question, language, answers),
        markup=question_keyboard(template, question, delivery.id, language),
        track=QuestionShown(delivery.id, question.id),
    )


async def with_owed_reply(
    progress: SurveyProgress, uow: UnitOfWork, delivery: Delivery, was_overdue: bool, reply: Reply
) -> Reply:
    """``reply``, plus the overdue question when the customer's tap or words moved nothing
    on (an answer owes a new reply of its own): they are shown what to answer now."""
    if not was_overdue or any(message.track is not None for message in reply.messages):
        return reply
    again = await owed_reply(progress, uow, delivery)
    if again is None:
        return reply
    await uow.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id)
        .values(reply_due_at=progress.clock.now() + progress.reply_lease)
        .execution_options(synchronize_session=False)
    )
    return Reply(messages=(*reply.messages, again), toast=reply.toast, alert=reply.alert)
