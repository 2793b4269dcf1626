"""The escalation card a manager sees: everything needed to call the customer back.

The same card is edited in place as the complaint moves (claimed, contacted,
resolved, overdue), so the manager's chat stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from surveys.complaints.states import TAKEN, ComplaintStatus
from surveys.conversation.definitions import QuestionType
from surveys.i18n import name_of, names_of, say
from surveys.ports import Button, ComplaintButton, InlineKeyboard
from surveys.storage.tables import (
    Answer,
    Branch,
    Complaint,
    ComplaintAction,
    ComplaintWords,
    Customer,
    Delivery,
    Event,
    Staff,
)
from surveys.storage.uow import UnitOfWork

ICONS = {"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "🔵"}
QUOTE_LIMIT = 600
MORE_WORDS = 3  # the customer's latest words shown under the first ones


@dataclass(frozen=True, slots=True)
class CardView:
    id: int
    severity: str
    status: str
    level: int
    source: str
    customer_name: str
    phone: str | None
    branch: str | None
    staff_name: str | None
    vehicle: str | None
    event_kind: str | None
    event_date: datetime | None
    overall: int | None
    nps: int | None
    low_ratings: tuple[tuple[str, int], ...]
    text: str | None
    sentiment_label: str | None
    sentiment_score: float | None
    topics: str | None
    assignee: str | None
    ack_deadline: datetime
    resolve_deadline: datetime
    branch_id: int | None
    unresolved_escalation: bool = False
    erased: bool = False
    more_words: tuple[str, ...] = ()


async def staff_name(uow: UnitOfWork, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    name = (
        await uow.session.execute(
            select(Staff.display_name)
            .where(Staff.telegram_user_id == user_id, Staff.display_name.is_not(None))
            .limit(1)
        )
    ).scalar_one_or_none()
    return name or str(user_id)


async def load_card(uow: UnitOfWork, complaint: Complaint) -> CardView:
    customer = await uow.session.get(Customer, complaint.customer_id)
    event = await uow.session.get(Event, complaint.event_id) if complaint.event_id else None
    branch = await uow.session.get(Branch, complaint.branch_id) if complaint.branch_id else None
    low: list[tuple[str, int]] = []
    if complaint.delivery_id is not None:
        rows = await uow.session.execute(
            select(Answer.question_id, Answer.value_int)
            .join(Delivery, Delivery.id == Answer.delivery_id)
            .where(
                Answer.delivery_id == complaint.delivery_id,
                Answer.kind == QuestionType.RATING.value,
                Answer.value_int <= 2,
                Answer.question_id != "overall",
            )
            .order_by(Answer.id)
        )
        low = [(question, int(value)) for question, value in rows.all() if value is not None]
    unresolved = (
        await uow.session.execute(
            select(ComplaintAction.id)
            .where(
                ComplaintAction.complaint_id == complaint.id,
                ComplaintAction.action == "escalated_unresolved",
            )
            .limit(1)
        )
    ).first() is not None
    later = (
        await uow.session.execute(
            select(ComplaintWords.text)
            .where(ComplaintWords.complaint_id == complaint.id, ComplaintWords.text.is_not(None))
            .order_by(ComplaintWords.id.desc())
            .limit(MORE_WORDS)
        )
    ).scalars()
    return CardView(
        id=complaint.id,
        severity=complaint.severity,
        status=complaint.status,
        level=complaint.level,
        source=complaint.source,
        customer_name=(customer.name if customer else "") or "—",
        phone=customer.phone if customer else None,
        branch=branch.name if branch else None,
        staff_name=complaint.staff_name,
        vehicle=event.vehicle if event else None,
        event_kind=event.kind if event else None,
        event_date=event.occurred_at if event else None,
        overall=complaint.overall,
        nps=complaint.nps,
        low_ratings=tuple(low),
        text=complaint.text,
        sentiment_label=complaint.sentiment_label,
        sentiment_score=complaint.sentiment_score,
        topics=complaint.topics,
        assignee=await staff_name(uow, complaint.assignee_user_id),
        ack_deadline=complaint.ack_deadline,
        resolve_deadline=complaint.resolve_deadline,
        branch_id=complaint.branch_id,
        unresolved_escalation=unresolved,
        erased=customer is not None and customer.forgotten_at is not None,
        more_words=tuple(reversed([text for text in later if text])),
    )


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def topic_names(topics: str | None, language: str) -> str:
    """Topic ids as the reader's words ("等待时间与拖延, 回电与沟通")."""
    return names_of("topic", topics, language)


def local(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%m-%d %H:%M")


def render_card(
    view: CardView, language: str, now: datetime, zone: ZoneInfo, *, repeat: bool = False
) -> tuple[str, InlineKeyboard | None]:
    severity = say(f"severity_{view.severity}", language)
    head = f"{ICONS.get(view.severity, '•')} {say('card_title', language, id=view.id)} · {severity}"
    if view.branch:
        head += f" · {view.branch}"
    lines = [head]
    if repeat:
        lines.append(say("card_repeat", language))
    if view.erased:
        lines.append(say("card_erased", language))
    else:
        lines.append(
            say("card_customer", language, name=view.customer_name, phone=view.phone or "—")
        )
    if view.source == "message":
        lines.append(say("card_from_message", language))
    elif view.event_kind:
        lines.append(
            say(
                "card_visit",
                language,
                kind=say(f"kind_{view.event_kind}", language),
                date=view.event_date.astimezone(zone).strftime("%Y-%m-%d")
                if view.event_date
                else "",
                vehicle=view.vehicle or "—",
                staff=view.staff_name or "—",
            )
        )
    scores = []
    if view.overall is not None:
        scores.append(f"{say('overall_label', language)} {view.overall}/5")
    if view.nps is not None:
        scores.append(f"NPS {view.nps}/10")
    scores.extend(
        f"{name_of('touchpoint', question, language)} {value}/5"
        for question, value in view.low_ratings
    )
    if scores:
        lines.append(say("card_scores", language, scores=" · ".join(scores)))
    if view.text:
        lines.append(f"“{quote(view.text)}”")
    lines.extend(
        say("card_more_words", language, quote=quote(words, 200)) for words in view.more_words
    )
    if view.sentiment_label:
        lines.append(
            say(
                "card_sentiment",
                language,
                label=say(f"label_{view.sentiment_label}", language),
                score=f"{view.sentiment_score:+.2f}" if view.sentiment_score is not None else "",
                topics=topic_names(view.topics, language) or "—",
            )
        )
    who = view.assignee or "—"
    status = say(f"complaint_status_{view.status}", language, who=who)
    lines.append(say("card_status", language, status=status, level=view.level))
    if view.unresolved_escalation and view.status in TAKEN:
        lines.append(say("card_unresolved", language, level=view.level))
    active = view.status not in (
        ComplaintStatus.RESOLVED.value,
        ComplaintStatus.CLOSED.value,
        ComplaintStatus.WITHDRAWN.value,
    )
    unclaimed = view.status in (ComplaintStatus.OPEN.value, ComplaintStatus.REOPENED.value)
    if active:
        lines.append(
            say(
                "card_deadlines",
                language,
                ack=local(view.ack_deadline, zone),
                ack_late=say("overdue", language) if unclaimed and now > view.ack_deadline else "",
                resolve=local(view.resolve_deadline, zone),
                resolve_late=say("overdue", language) if now > view.resolve_deadline else "",
            )
        )
    return "\n".join(lines), card_buttons(view, language)


def card_buttons(view: CardView, language: str) -> InlineKeyboard | None:
    def button(key: str, op: str) -> Button:
        return Button(say(key, language), ComplaintButton(view.id, op))

    if view.status in (ComplaintStatus.OPEN.value, ComplaintStatus.REOPENED.value):
        return InlineKeyboard(((button("btn_claim", "c"), button("btn_reassign", "a")),))
    if view.status == ComplaintStatus.CLAIMED.value:
        return InlineKeyboard(
            (
                (button("btn_contacted", "t"), button("btn_resolve", "r")),
                (button("btn_reassign", "a"),),
            )
        )
    if view.status == ComplaintStatus.CONTACTED.value:
        return InlineKeyboard(((button("btn_resolve", "r"), button("btn_reassign", "a")),))
    return None


async def timeline(uow: UnitOfWork, complaint_id: int, zone: ZoneInfo) -> list[str]:
    rows = await uow.session.execute(
        select(ComplaintAction)
        .where(ComplaintAction.complaint_id == complaint_id)
        .order_by(ComplaintAction.at, ComplaintAction.id)
    )
    lines = []
    for action in rows.scalars():
        who = await staff_name(uow, action.actor_user_id) if action.actor_user_id else ""
        detail = f" ({action.detail})" if action.detail else ""
        lines.append(
            f"{local(action.at, zone)} {action.action}{detail}{' · ' + who if who else ''}"
        )
    return lines
