"""What an answer writes, from the chat or from a page.

Settle a delivery whose sending ended uncertain (the answer proves it arrived), move the
survey on with a compare-and-set on ``deliveries.current_question`` (so a double tap, a
replayed update, a second tab or a second worker records one answer), and add the answer
row, scored when it has words.

Answers are most of the bot's traffic, and building a statement costs more CPU than
SQLite takes to run it (constructing the expression, coercing its arguments, computing
its cache key). So the statements here are built once, with bound parameters, on the
tables rather than the mapped classes (no ORM bulk machinery for a plain INSERT or
UPDATE), and SQLAlchemy keeps each one's cache key with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update

from surveys.conversation.answers import Given
from surveys.conversation.conditions import AnswerValue
from surveys.conversation.definitions import Question, Template
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.outbox.states import SendStatus
from surveys.ports import Scorer
from surveys.storage.tables import Answer, Customer, Delivery
from surveys.storage.uow import UnitOfWork

ANSWERABLE = (SendStatus.SENT.value, SendStatus.UNCERTAIN.value)
"""Deliveries a customer can answer: sent, or maybe sent (the answer settles it)."""

MOVED = ("current_question", "survey_state", "started_at", "completed_at")
"""What moving on changes on the delivery, besides the chat's bookkeeping."""

_answers: Table = Answer.__table__  # type: ignore[assignment]
_deliveries: Table = Delivery.__table__  # type: ignore[assignment]

DELIVERY_AND_SENDER = (
    select(Delivery, Customer)
    .outerjoin(Customer, Customer.telegram_user_id == bindparam("user_id"))
    .where(Delivery.id == bindparam("d_id"))
)
"""The delivery ``d_id`` a tap is for, and the customer who tapped (``user_id``), if known."""

ANSWERS_OF = select(
    _answers.c.question_id,
    _answers.c.value_int,
    _answers.c.value_choice,
    _answers.c.value_text,
    _answers.c.skipped,
).where(_answers.c.delivery_id == bindparam("d_id"))
"""A delivery's answers so far, as the conditions read them."""

_SETTLE = (
    update(_deliveries)
    .where(
        _deliveries.c.id == bindparam("d_id"),
        _deliveries.c.status == SendStatus.UNCERTAIN.value,
    )
    .values(
        status=SendStatus.SENT.value,
        sent_at=bindparam("sent"),
        expires_at=bindparam("expires"),
        last_error=None,
    )
)

_MOVE_ON = (
    update(_deliveries)
    .where(
        _deliveries.c.id == bindparam("d_id"),
        _deliveries.c.current_question == bindparam("asked"),
        _deliveries.c.survey_state.in_(OPEN_SURVEY_STATES),
    )
    .values(
        current_question=bindparam("following"),
        survey_state=bindparam("state"),
        started_at=bindparam("started"),
        completed_at=bindparam("completed"),
        question_message_id=None,
        reply_due_at=bindparam("due"),
    )
)

_RECORD = insert(_answers)  # its columns are the keys of the parameters given


async def arrived(
    uow: UnitOfWork, delivery: Delivery, now: datetime, expire_after: timedelta
) -> None:
    """Settle an uncertain delivery as sent, now that the customer answered it: it gets
    its expiry and its reminder, like any other."""
    if delivery.status != SendStatus.UNCERTAIN.value:
        return
    await uow.session.execute(
        _SETTLE, {"d_id": delivery.id, "sent": now, "expires": now + expire_after}
    )
    await uow.session.refresh(delivery)


@dataclass(frozen=True, slots=True)
class Recorded:
    """An answer that counted: the question that follows it (None: the survey is done) and
    every answer so far, this one included."""

    following: Question | None
    answers: dict[str, AnswerValue]


async def record_answer(
    uow: UnitOfWork,
    delivery: Delivery,
    template: Template,
    before: dict[str, AnswerValue],
    question: Question,
    given: Given,
    scorer: Scorer,
    now: datetime,
    *,
    reply_due: datetime | None = None,
) -> Recorded | None:
    """Record ``given`` for ``question`` and move on; None when the question was no longer
    open (answered elsewhere first). ``reply_due``: when the chat's reply to it counts as
    lost and is sent again (None from a page: the chat owes nothing). The delivery's moved
    fields are expired, to be read again if needed."""
    after = dict(before)
    after[question.id] = given.ascondition_value(question)
    following = template.next_question(after, after=question.id)
    state = SurveyState.IN_PROGRESS if following else SurveyState.COMPLETED
    moved = await uow.session.execute(
        _MOVE_ON,
        {
            "d_id": delivery.id,
            "asked": question.id,
            "following": following.id if following else None,
            "state": state.value,
            "started": delivery.started_at or now,
            "completed": None if following else now,
            "due": reply_due,
        },
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return None
    row: dict[str, Any] = {
        "delivery_id": delivery.id,
        "question_id": question.id,
        "kind": question.type.value,
        "value_int": given.value_int,
        "value_choice": given.choice,
        "value_text": given.text,
        "skipped": given.skipped,
        "answered_at": now,
    }
    if given.text:
        sentiment = scorer(given.text)
        row["sentiment_label"] = sentiment.label
        row["sentiment_score"] = float(sentiment.score)
        row["topics"] = ",".join(sentiment.topics)[:200] or None
        row["text_language"] = sentiment.language[:8]
    await uow.session.execute(_RECORD, row)  # no ORM object to flush
    # The UPDATE bypassed the ORM: forget what it changed (reloaded only if read).
    uow.session.expire(delivery, [*MOVED, "question_message_id", "reply_due_at"])
    return Recorded(following, after)
