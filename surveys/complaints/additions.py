"""One open complaint per customer and visit: what they say later joins it.

"Still nobody called!" is not a new complaint. The words are kept with the open one
(:class:`~surveys.storage.tables.ComplaintWords`), the timeline says so (by id, no free
text), the person holding it (or the branch's managers while nobody does) is told with
the words quoted, the card is refreshed, and a critical keyword raises the severity. A
customer pages staff at most ``pages_per_day`` times a day; beyond that the words are
kept and shown on the card, but nobody is woken.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.escalation import RuleSet
from surveys.complaints.states import UNCLAIMED, UNFINISHED, ComplaintStatus
from surveys.storage.tables import Complaint, ComplaintWords
from surveys.storage.uow import UnitOfWork

DAY = timedelta(days=1)


class Additions:
    def __init__(self, rules: RuleSet, desk: ComplaintDesk, pages_per_day: int = 5) -> None:
        self.rules = rules
        self.desk = desk
        self.pages_per_day = pages_per_day

    async def open_one(
        self, uow: UnitOfWork, customer_id: int, event_id: int | None
    ) -> Complaint | None:
        """The customer's unfinished complaint about this visit (any, when ``event_id`` is
        None or the complaint came from a message), locked for the change to come."""
        query = select(Complaint.id).where(
            Complaint.customer_id == customer_id, Complaint.status.in_(UNFINISHED)
        )
        if event_id is not None:
            query = query.where((Complaint.event_id == event_id) | Complaint.event_id.is_(None))
        found = (
            await uow.session.execute(query.order_by(Complaint.id.desc()).limit(1))
        ).scalar_one_or_none()
        return None if found is None else await self.desk.lock(uow, found)

    async def pages_today(self, uow: UnitOfWork, customer_id: int, now: datetime) -> int:
        """How often this customer woke staff in the last 24 hours."""
        opened = (
            await uow.session.execute(
                select(func.count()).where(
                    Complaint.customer_id == customer_id, Complaint.created_at > now - DAY
                )
            )
        ).scalar_one()
        added = (
            await uow.session.execute(
                select(func.count()).where(
                    ComplaintWords.customer_id == customer_id,
                    ComplaintWords.paged.is_(True),
                    ComplaintWords.at > now - DAY,
                )
            )
        ).scalar_one()
        return int(opened) + int(added)

    async def add(self, uow: UnitOfWork, complaint: Complaint, text: str, now: datetime) -> bool:
        """Keep the words with the complaint; True when staff were told."""
        paged = await self.pages_today(uow, complaint.customer_id, now) < self.pages_per_day
        words = ComplaintWords(
            complaint_id=complaint.id,
            customer_id=complaint.customer_id,
            at=now,
            text=text[:2000],
            paged=paged,
        )
        uow.session.add(words)
        await uow.session.flush()
        await self.desk.note(uow, complaint, "customer_wrote", now, detail=str(words.id))
        if self.rules.keywords.find(text) and complaint.severity != "critical":
            await self._critical(uow, complaint, now)
        if complaint.status == ComplaintStatus.RESOLVED.value:
            return paged  # the "was it solved?" question is out; the card shows the words
        if not paged:
            return False
        if complaint.assignee_user_id is not None and complaint.status not in UNCLAIMED:
            people = [complaint.assignee_user_id]
        else:
            people = await self.desk.recipients(uow, complaint.branch_id, complaint.level)
        await self.desk.notify(uow, complaint, people, f"words:{words.id}", now)
        return True

    async def _critical(self, uow: UnitOfWork, complaint: Complaint, now: datetime) -> None:
        """A critical keyword in the new words: critical deadlines, if they come sooner."""
        before = complaint.severity
        complaint.severity = "critical"
        acknowledge, resolve = await self.desk.timeline.deadlines(
            uow, "critical", complaint.branch_id, now
        )
        complaint.ack_deadline = min(complaint.ack_deadline, acknowledge)
        complaint.resolve_deadline = min(complaint.resolve_deadline, resolve)
        if complaint.status in UNCLAIMED and complaint.escalate_at is not None:
            complaint.escalate_at = min(complaint.escalate_at, complaint.ack_deadline)
        await self.desk.note(uow, complaint, "severity_raised", now, detail=before)
