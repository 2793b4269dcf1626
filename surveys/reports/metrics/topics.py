"""The top complaint topics: from complaints, and from unhappy comments that raised none."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select

from surveys.reports.metrics.query import NEGATIVE, TEXT_KIND, ScopedQuery
from surveys.reports.metrics.results import TopicCount
from surveys.storage.tables import Answer, Complaint, Delivery, Event
from surveys.storage.uow import UnitOfWork

TOP_TOPICS = 10


def _topic_set(topics: object) -> set[str]:
    return {t.strip() for t in str(topics or "").split(",")} - {""}


def _split_topics(rows: Sequence[Any]) -> Counter[str]:
    """Tally comma-separated topic lists from ``(topics, count)`` groups."""
    tally: Counter[str] = Counter()
    for topics, number in rows:
        for topic in _topic_set(topics):
            tally[topic] += int(number)
    return tally


async def topic_counts(uow: UnitOfWork, query: ScopedQuery) -> tuple[TopicCount, ...]:
    base, where = query.complaints()
    has_topics = and_(Complaint.topics.is_not(None), Complaint.topics != "")
    from_complaints = _split_topics(
        (
            await uow.session.execute(
                base.add_columns(Complaint.topics, func.count())
                .where(*where, has_topics)
                .group_by(Complaint.topics)
            )
        ).all()
    )
    # Grouped by the answer's topics and those of the complaint its survey raised (if any),
    # so that a topic already counted on that complaint is not counted twice.
    negative_answers = (
        select(Answer.topics, Complaint.topics, func.count())
        .select_from(Answer)
        .join(Delivery, Delivery.id == Answer.delivery_id)
        .join(Event, Event.id == Delivery.event_id)
        .outerjoin(Complaint, Complaint.delivery_id == Answer.delivery_id)
        .where(
            *query.surveys(),
            Answer.question_id.in_(query.questions.ids(text=True)),
            Answer.kind == TEXT_KIND,
            Answer.sentiment_label == NEGATIVE,
            Answer.topics.is_not(None),
            Answer.topics != "",
        )
        .group_by(Answer.topics, Complaint.topics)
    )
    from_answers: Counter[str] = Counter()
    unraised: Counter[str] = Counter()
    for answer_topics, complaint_topics, number in (
        await uow.session.execute(negative_answers)
    ).all():
        on_complaint = _topic_set(complaint_topics)
        for topic in _topic_set(answer_topics):
            from_answers[topic] += int(number)
            if topic not in on_complaint:
                unraised[topic] += int(number)
    counts = [
        TopicCount(
            topic=topic,
            mentions=from_complaints[topic] + unraised[topic],
            complaints=from_complaints[topic],
            negative_answers=from_answers[topic],
        )
        for topic in from_complaints.keys() | from_answers.keys()
    ]
    counts.sort(key=lambda t: (-t.mentions, -t.negative_answers, t.topic))
    return tuple(counts[:TOP_TOPICS])
