"""What a customer is told about their complaint: who will call, by when, and "call me?".

Shared by the intake (which opens complaints) and the customer's dialogue, so both
say it in the same words.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from surveys.i18n import say
from surveys.ports import Button, CallMeAnswer, InlineKeyboard
from surveys.storage.tables import Branch, Complaint, Event
from surveys.storage.uow import UnitOfWork


def call_me_keyboard(delivery_id: int, language: str) -> InlineKeyboard:
    return InlineKeyboard(
        (
            (
                Button(say("call_me_yes", language), CallMeAnswer(delivery_id, True)),
                Button(say("call_me_no", language), CallMeAnswer(delivery_id, False)),
            ),
        )
    )


def when(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """A deadline as a customer reads it: "11月30日 14:00" or "30 Nov 14:00"."""
    moment = instant.astimezone(zone)
    if language == "zh":
        return f"{moment.month}月{moment.day}日 {moment:%H:%M}"
    return f"{moment.day} {moment:%b %H:%M}"


class ComplaintNotes:
    """The customer-facing lines about a complaint, in the business's time zone."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone

    async def branch_name(self, uow: UnitOfWork, complaint: Complaint, language: str) -> str:
        branch = await uow.session.get(Branch, complaint.branch_id) if complaint.branch_id else None
        if branch is not None:
            return branch.name
        return say("our_branch", language)

    async def will_call(self, uow: UnitOfWork, complaint: Complaint, language: str) -> str:
        return say(
            "manager_will_call",
            language,
            branch=await self.branch_name(uow, complaint, language),
            deadline=when(complaint.ack_deadline, self.zone, language),
        )

    async def words_added(
        self, uow: UnitOfWork, complaint: Complaint, language: str, *, paged: bool
    ) -> str:
        """What the customer hears when their new words joined the open complaint."""
        if not paged:
            return say("words_added_quietly", language, id=complaint.id)
        deadline = complaint.ack_deadline if complaint.claimed_at is None else None
        return say(
            "words_added",
            language,
            id=complaint.id,
            branch=await self.branch_name(uow, complaint, language),
            deadline=when(deadline or complaint.resolve_deadline, self.zone, language),
        )

    @staticmethod
    async def latest_branch(uow: UnitOfWork, customer_id: int) -> int | None:
        """The branch of the customer's latest visit: where a complaint made unasked goes."""
        return (
            await uow.session.execute(
                select(Event.branch_id)
                .where(Event.customer_id == customer_id)
                .order_by(Event.occurred_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
