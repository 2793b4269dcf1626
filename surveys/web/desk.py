"""The desk's pages as data: the complaint queue with its filters, and one complaint.

What a manager may see is exactly what the chat shows them: admins see every branch,
managers the complaints of their own branches; a complaint of another branch is not
found (and the attempt is audited), never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select

from surveys.complaints.cards import ICONS, card_buttons, load_card, local, render_card, timeline
from surveys.complaints.states import ACTIVE, UNCLAIMED, ComplaintStatus
from surveys.i18n import name_of, say
from surveys.ports import ComplaintButton
from surveys.staff.audit import Actor, record
from surveys.staff.roles import Permissions, Role, permissions
from surveys.storage.tables import Branch, Complaint, Staff
from surveys.storage.uow import UnitOfWork

QUEUE_LIMIT = 200
SEVERITIES = ("critical", "high", "medium", "low")
STATUSES = tuple(s.value for s in ComplaintStatus)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The queue's filters; empty means any. ``status`` "active" is every open one."""

    branch_id: int | None = None
    severity: str = ""
    status: str = "active"
    topic: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    icon: str
    severity: str
    branch: str
    deadline: str
    overdue: bool
    status: str
    topics: str


@dataclass(frozen=True, slots=True)
class ComplaintPage:
    id: int
    card: tuple[str, ...]
    history: tuple[str, ...]
    actions: tuple[str, ...]
    """What may be done now: claim, contacted, resolve, reassign (as on the card)."""
    managers: tuple[tuple[int, str], ...]
    """Whom it may be given to: (Telegram user id, name)."""


_OPS = {"c": "claim", "t": "contacted", "r": "resolve", "a": "reassign"}


async def branches_of(uow: UnitOfWork, rights: Permissions) -> list[tuple[int, str]]:
    """The branches this person may filter by."""
    query = select(Branch.id, Branch.name).order_by(Branch.name)
    if not rights.admin:
        query = query.where(Branch.id.in_(list(rights.branches)))
    return [(int(i), str(n)) for i, n in (await uow.session.execute(query)).all()]


async def queue(
    uow: UnitOfWork, rights: Permissions, wanted: QueueFilter, zone: ZoneInfo, now: datetime
) -> list[QueueRow]:
    """Oldest deadline first, overdue marked; only what ``rights`` may see."""
    conditions: list[ColumnElement[bool]] = []
    if not rights.admin:
        conditions.append(Complaint.branch_id.in_(list(rights.branches)))
    if wanted.branch_id is not None:
        conditions.append(Complaint.branch_id == wanted.branch_id)
    if wanted.severity in SEVERITIES:
        conditions.append(Complaint.severity == wanted.severity)
    if wanted.status == "active":
        conditions.append(Complaint.status.in_(ACTIVE))
    elif wanted.status in STATUSES:
        conditions.append(Complaint.status == wanted.status)
    if wanted.topic:
        conditions.append(Complaint.topics.contains(wanted.topic))
    if wanted.since is not None:
        start = datetime.combine(wanted.since, time(), zone)
        conditions.append(Complaint.created_at >= start)
    if wanted.until is not None:
        end = datetime.combine(wanted.until + timedelta(days=1), time(), zone)
        conditions.append(Complaint.created_at < end)
    rows = (
        await uow.session.execute(
            select(Complaint, Branch.name)
            .outerjoin(Branch, Branch.id == Complaint.branch_id)
            .where(*conditions)
            .order_by(Complaint.ack_deadline, Complaint.id)
            .limit(QUEUE_LIMIT)
        )
    ).all()
    found = []
    for complaint, branch in rows:
        deadline = (
            complaint.ack_deadline if complaint.status in UNCLAIMED else complaint.resolve_deadline
        )
        found.append(
            QueueRow(
                id=complaint.id,
                icon=ICONS.get(complaint.severity, "•"),
                severity=complaint.severity,
                branch=branch or "—",
                deadline=local(deadline, zone),
                overdue=complaint.status in ACTIVE and now > deadline,
                status=complaint.status,
                topics=complaint.topics or "",
            )
        )
    return found


async def visible(
    uow: UnitOfWork, user_id: int, complaint_id: int, action: str, now: datetime
) -> tuple[Complaint, Permissions] | None:
    """The complaint when this person may act on it; None (audited) otherwise."""
    rights = await permissions(uow, user_id)
    complaint = await uow.session.get(Complaint, complaint_id)
    if complaint is not None and rights.manages(complaint.branch_id):
        return complaint, rights
    await record(
        uow,
        at=now,
        actor=Actor.STAFF,
        user_id=user_id,
        action=action,
        object_type="complaint",
        object_id=complaint_id,
        allowed=False,
    )
    return None


async def complaint_page(
    uow: UnitOfWork, complaint: Complaint, language: str, zone: ZoneInfo, now: datetime
) -> ComplaintPage:
    """The card as the chat shows it, its timeline, and the card's buttons as actions."""
    view = await load_card(uow, complaint)
    text, _ = render_card(view, language, now, zone)
    keyboard = card_buttons(view, language)
    actions = tuple(
        _OPS[button.action.op]
        for row in (keyboard.rows if keyboard else ())
        for button in row
        if isinstance(button.action, ComplaintButton) and button.action.op in _OPS
    )
    managers = (
        await uow.session.execute(
            select(Staff.telegram_user_id, Staff.display_name)
            .where(Staff.role == Role.MANAGER.value, Staff.branch_id == complaint.branch_id)
            .order_by(Staff.level, Staff.telegram_user_id)
        )
    ).all()
    return ComplaintPage(
        id=complaint.id,
        card=tuple(text.split("\n")),
        history=tuple(await timeline(uow, complaint.id, zone)),
        actions=actions,
        managers=tuple(
            (int(user), name or str(user))
            for user, name in managers
            if user != complaint.assignee_user_id
        ),
    )


def severity_name(code: str, language: str) -> str:
    return say(f"severity_{code}", language)


def status_name(code: str, language: str) -> str:
    return say(f"complaint_status_{code}", language, who="").strip(" :：·")


def topic_name(code: str, language: str) -> str:
    return name_of("topic", code, language)
