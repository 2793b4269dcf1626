"""The complaint lifecycle: open, claim, contacted, resolve, confirm or reopen, close.

Every change is one transaction that also writes the timeline (codes only) and
marks the complaint's cards for an update, so managers' chats follow the ticket.
Messages to staff and customers go through the ``notifications`` outbox
(:mod:`surveys.outbox.notifier`), never straight from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from surveys.complaints.escalation import raise_severity
from surveys.complaints.overdue import escalate_overdue
from surveys.complaints.states import ACTIVE, UNCLAIMED, UNFINISHED, ComplaintStatus
from surveys.complaints.timeline import Policy, Timeline
from surveys.i18n import Refusal, Text, name_key
from surveys.staff.roles import permissions
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Complaint, ComplaintWords, Customer, Notification
from surveys.storage.uow import UnitOfWork

STAFF_KEEPS = ("card",)
"""What stays of a forgotten customer's complaint in staff chats: the card, edited to say
the data was erased. Quoted words, and questions to the customer, go."""


class ComplaintError(Refusal):
    """The action does not fit the complaint's state; the message says why (for a toast)."""


@dataclass(frozen=True, slots=True)
class NewComplaint:
    customer_id: int
    severity: str
    source: str = "survey"
    delivery_id: int | None = None
    event_id: int | None = None
    branch_id: int | None = None
    staff_name: str | None = None
    triggers: tuple[str, ...] = ()
    overall: int | None = None
    nps: int | None = None
    text: str | None = None
    sentiment_label: str | None = None
    sentiment_score: float | None = None
    topics: tuple[str, ...] = ()


class ComplaintDesk:
    def __init__(self, policy: Policy, close_after: timedelta = timedelta(hours=72)) -> None:
        self.policy = policy
        self.close_after = close_after
        self.timeline = Timeline(policy)
        self.recipients = self.timeline.recipients
        self.note = self.timeline.note
        self.notify = self.timeline.notify

    # ---------------------------------------------------------------- lifecycle

    async def open(self, uow: UnitOfWork, new: NewComplaint, now: datetime) -> Complaint | None:
        """Open a complaint and queue the level-1 cards; None if this survey already has one."""
        ack, resolve = await self.timeline.deadlines(uow, new.severity, new.branch_id, now)
        values = {
            "delivery_id": new.delivery_id,
            "customer_id": new.customer_id,
            "event_id": new.event_id,
            "branch_id": new.branch_id,
            "staff_name": new.staff_name,
            "source": new.source,
            "severity": new.severity,
            "status": ComplaintStatus.OPEN.value,
            "triggers": ",".join(new.triggers)[:200],
            "overall": new.overall,
            "nps": new.nps,
            "text": new.text,
            "sentiment_label": new.sentiment_label,
            "sentiment_score": new.sentiment_score,
            "topics": ",".join(new.topics)[:200] or None,
            "level": 1,
            "ack_deadline": ack,
            "resolve_deadline": resolve,
            "escalate_at": ack,
            "reopened": 0,
            "created_at": now,
            "updated_at": now,
        }
        if new.delivery_id is not None:
            inserted = await uow.session.execute(
                insert_ignore(uow.dialect, Complaint.__table__, ["delivery_id"], values).returning(  # type: ignore[arg-type]
                    Complaint.id
                )
            )
            complaint_id = inserted.scalar_one_or_none()
            if complaint_id is None:
                return None
            complaint = await uow.session.get(Complaint, complaint_id)
            assert complaint is not None
        else:
            complaint = Complaint(**values)
            uow.session.add(complaint)
            await uow.session.flush()
        await self.note(uow, complaint, "opened", now, detail=new.severity)
        chats = await self.recipients(uow, complaint.branch_id, 1)
        await self.notify(uow, complaint, chats, "card", now, level=1)
        return complaint

    async def lock(self, uow: UnitOfWork, complaint_id: int) -> Complaint | None:
        """The complaint, read afresh and locked until the transaction ends (``SELECT ...
        FOR UPDATE`` on PostgreSQL; SQLite's writers already take turns), so two managers,
        the tick and the customer acting at once each see the others' change."""
        return (
            await uow.session.execute(
                select(Complaint)
                .where(Complaint.id == complaint_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()

    def _require(self, complaint: Complaint, allowed: Sequence[str], what: str) -> None:
        if complaint.status not in allowed:
            status = Text(name_key("complaint", complaint.status))
            raise ComplaintError(
                "complaint_cannot", id=complaint.id, status=status, action=Text(what)
            )

    async def claim(self, uow: UnitOfWork, complaint: Complaint, actor: int, now: datetime) -> bool:
        """Take the complaint; False when this manager already holds it (a double tap)."""
        taken = (ComplaintStatus.CLAIMED.value, ComplaintStatus.CONTACTED.value)
        if complaint.assignee_user_id == actor and complaint.status in taken:
            return False
        self._require(complaint, UNCLAIMED, "act_claim")
        changed = await uow.session.execute(
            update(Complaint)
            .where(Complaint.id == complaint.id, Complaint.status.in_(UNCLAIMED))
            .values(
                status=ComplaintStatus.CLAIMED.value,
                assignee_user_id=actor,
                claimed_at=now,
                updated_at=now,
            )
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await uow.session.refresh(complaint)
        await self.note(uow, complaint, "claimed", now, actor)
        return True

    async def contacted(
        self, uow: UnitOfWork, complaint: Complaint, actor: int, now: datetime
    ) -> bool:
        if complaint.status == ComplaintStatus.CONTACTED.value:
            return False
        self._require(complaint, (ComplaintStatus.CLAIMED.value, *UNCLAIMED), "act_contacted")
        if complaint.assignee_user_id is None:
            complaint.assignee_user_id = actor
            complaint.claimed_at = complaint.claimed_at or now
        complaint.status = ComplaintStatus.CONTACTED.value
        complaint.contacted_at = now
        await self.note(uow, complaint, "contacted", now, actor)
        return True

    async def resolve(
        self,
        uow: UnitOfWork,
        complaint: Complaint,
        actor: int,
        note: str,
        root_cause: str,
        customer_chat: int | None,
        now: datetime,
    ) -> None:
        self._require(complaint, ACTIVE, "act_resolve")
        complaint.status = ComplaintStatus.RESOLVED.value
        complaint.resolved_at = now
        complaint.resolution_note = note
        complaint.root_cause = root_cause
        complaint.assignee_user_id = complaint.assignee_user_id or actor
        complaint.customer_asked_at = now if customer_chat is not None else None
        await self.note(uow, complaint, "resolved", now, actor, root_cause)
        if customer_chat is not None:
            await uow.session.execute(
                update(Notification)
                .where(Notification.complaint_id == complaint.id, Notification.kind == "ask_solved")
                .values(status="pending", due_at=now, message_id=None, attempts=0)
            )
            await self.notify(uow, complaint, [customer_chat], "ask_solved", now, wake=False)

    async def reassign(
        self, uow: UnitOfWork, complaint: Complaint, actor: int, to_user: int, now: datetime
    ) -> None:
        self._require(complaint, ACTIVE, "act_reassign")
        complaint.assignee_user_id = to_user
        if complaint.status in UNCLAIMED:
            complaint.status = ComplaintStatus.CLAIMED.value
            complaint.claimed_at = now
        await self.note(uow, complaint, "reassigned", now, actor, str(to_user))
        await self.notify(uow, complaint, [to_user], "card", now, level=complaint.level, wake=False)

    async def customer_answer(
        self, uow: UnitOfWork, complaint: Complaint, solved: bool, now: datetime
    ) -> str:
        """The customer's "was it solved?": closes, or reopens one severity higher."""
        if complaint.status != ComplaintStatus.RESOLVED.value:
            return "stale"
        if solved:
            complaint.status = ComplaintStatus.CLOSED.value
            complaint.closed_at = now
            await self.note(uow, complaint, "confirmed_solved", now)
            return "closed"
        complaint.severity = raise_severity(complaint.severity)
        complaint.status = ComplaintStatus.REOPENED.value
        complaint.reopened += 1
        complaint.resolved_at = None
        complaint.customer_asked_at = None
        complaint.ack_deadline, complaint.resolve_deadline = await self.timeline.deadlines(
            uow, complaint.severity, complaint.branch_id, now
        )
        complaint.escalate_at = complaint.ack_deadline
        await self.note(uow, complaint, "reopened", now, detail=complaint.severity)
        people = [complaint.assignee_user_id] if complaint.assignee_user_id else []
        people += await self.recipients(uow, complaint.branch_id, complaint.level)
        # One notice per reopening: the second "not solved" is news as much as the first.
        kind = f"reopened:{complaint.reopened}"
        await self.notify(uow, complaint, sorted(set(people)), kind, now)
        return "reopened"

    async def withdraw(
        self, uow: UnitOfWork, customer_id: int, now: datetime, chat_id: int | None = None
    ) -> int:
        """The customer asked to be forgotten: their open complaints end, their words go,
        and every card about them, open or closed, is edited to say so."""
        rows = (
            (
                await uow.session.execute(
                    select(Complaint).where(Complaint.customer_id == customer_id).with_for_update()
                )
            )
            .scalars()
            .all()
        )
        ids = [complaint.id for complaint in rows]
        withdrawn = 0
        for complaint in rows:
            complaint.text = None
            complaint.resolution_note = None
            complaint.triggers = ",".join(
                "keyword" if t.startswith("keyword:") else t for t in complaint.triggers.split(",")
            )
            if complaint.status in UNFINISHED:
                complaint.status = ComplaintStatus.WITHDRAWN.value
                complaint.closed_at = now
                await self.note(uow, complaint, "withdrawn", now)
                withdrawn += 1
            else:
                await self.note(uow, complaint, "erased", now)  # the card is edited too
        if ids:
            await uow.session.execute(
                delete(ComplaintWords).where(ComplaintWords.complaint_id.in_(ids))
            )
            await uow.session.execute(
                delete(Notification).where(
                    Notification.complaint_id.in_(ids), Notification.kind.not_in(STAFF_KEEPS)
                )
            )
        if chat_id is not None:
            await uow.session.execute(delete(Notification).where(Notification.chat_id == chat_id))
        return withdrawn

    # -------------------------------------------------------------------- clock

    async def escalate_overdue(self, uow: UnitOfWork, now: datetime) -> list[int]:
        """Unclaimed past the acknowledge deadline, or taken past the resolve deadline: the
        next level gets the card; at the top the complaint is parked."""
        return await escalate_overdue(uow, self.timeline, now)

    async def close_unanswered(self, uow: UnitOfWork, now: datetime) -> list[int]:
        """Resolved complaints whose customer never answered close themselves."""
        stale = (
            (
                await uow.session.execute(
                    select(Complaint)
                    .where(
                        Complaint.status == ComplaintStatus.RESOLVED.value,
                        Complaint.resolved_at < now - self.close_after,
                    )
                    .with_for_update(skip_locked=True)
                )
            )
            .scalars()
            .all()
        )
        for complaint in stale:
            complaint.status = ComplaintStatus.CLOSED.value
            complaint.closed_at = now
            await self.note(uow, complaint, "closed_unanswered", now)
        return [c.id for c in stale]

    async def return_to_queue(self, uow: UnitOfWork, manager: int, now: datetime) -> list[int]:
        """A manager left (call after the role is removed): the active complaints they held in
        branches they no longer manage go back to the queue, and its managers are told."""
        rights = await permissions(uow, manager)
        held = (
            (
                await uow.session.execute(
                    select(Complaint)
                    .where(Complaint.assignee_user_id == manager, Complaint.status.in_(ACTIVE))
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
        held = [c for c in held if not rights.manages(c.branch_id)]
        for complaint in held:
            complaint.assignee_user_id = None
            complaint.status = ComplaintStatus.OPEN.value
            # Back in the queue, the branch gets a fresh acknowledge period (not the old,
            # long-passed one that would move it up a level at the next tick).
            complaint.ack_deadline, _ = await self.timeline.deadlines(
                uow, complaint.severity, complaint.branch_id, now
            )
            complaint.escalate_at = complaint.ack_deadline
            await self.note(uow, complaint, "returned_to_queue", now, detail=str(manager))
            chats = await self.recipients(uow, complaint.branch_id, complaint.level)
            chats = [c for c in chats if c != manager]
            await uow.session.execute(
                update(Notification)
                .where(Notification.complaint_id == complaint.id, Notification.kind == "returned")
                .values(status="pending", due_at=now, attempts=0)
            )
            await self.notify(uow, complaint, chats, "returned", now, wake=False)
            await self.notify(uow, complaint, chats, "card", now, level=complaint.level, wake=False)
        return [c.id for c in held]

    async def open_for_customer(self, uow: UnitOfWork, customer_id: int) -> Complaint | None:
        return (
            await uow.session.execute(
                select(Complaint)
                .where(Complaint.customer_id == customer_id, Complaint.status.in_(UNFINISHED))
                .order_by(Complaint.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()

    async def customer_chat(self, uow: UnitOfWork, complaint: Complaint) -> int | None:
        customer = await uow.session.get(Customer, complaint.customer_id)
        return customer.chat_id if customer is not None else None
