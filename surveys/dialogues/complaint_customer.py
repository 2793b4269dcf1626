"""The customer's side of a complaint: "was it solved?", /status, and speaking up unasked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.states import ComplaintStatus
from surveys.i18n import say
from surveys.ports import (
    Button,
    CallMeAnswer,
    Clock,
    InlineKeyboard,
    Outgoing,
    Reply,
    Sender,
    SolvedAnswer,
)
from surveys.storage.tables import Branch, Complaint, Customer, PendingInput
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


class CustomerSide:
    def __init__(self, desk: ComplaintDesk, clock: Clock, zone: ZoneInfo) -> None:
        self.desk = desk
        self.clock = clock
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

    async def solved(
        self,
        uow: UnitOfWork,
        sender: Sender,
        customer: Customer | None,
        action: SolvedAnswer,
        language: str,
    ) -> Reply:
        complaint = await uow.session.get(Complaint, action.complaint_id)
        if complaint is None or customer is None or complaint.customer_id != customer.id:
            return Reply(toast=say("not_yours", language))
        outcome = await self.desk.customer_answer(uow, complaint, action.solved, self.clock.now())
        if outcome == "stale":
            return Reply(toast=say("stale_tap", language))
        if outcome == "closed":
            text = say("solved_thanks", language)
        else:
            deadline = when(complaint.ack_deadline, self.zone, language)
            text = say("solved_reopened", language, deadline=deadline)
        return Reply(messages=(Outgoing(sender.chat_id, text),), toast="✔")

    async def status(self, uow: UnitOfWork, customer: Customer, language: str) -> str | None:
        complaint = await self.desk.open_for_customer(uow, customer.id)
        if complaint is None:
            return None
        deadline = when(complaint.ack_deadline, self.zone, language)
        stage_key = {
            ComplaintStatus.OPEN.value: "stage_open",
            ComplaintStatus.CLAIMED.value: "stage_claimed",
            ComplaintStatus.CONTACTED.value: "stage_contacted",
            ComplaintStatus.RESOLVED.value: "stage_resolved",
            ComplaintStatus.REOPENED.value: "stage_reopened",
        }.get(complaint.status, "stage_open")
        if complaint.status == ComplaintStatus.CLAIMED.value:
            deadline = when(complaint.resolve_deadline, self.zone, language)
        stage = say(stage_key, language, deadline=deadline)
        return say("status_complaint", language, id=complaint.id, stage=stage)

    async def ask_call_me(
        self, uow: UnitOfWork, sender: Sender, customer: Customer, text: str, language: str
    ) -> Reply:
        """An unhappy message outside a survey: ask first, keep the words meanwhile."""
        await uow.session.execute(
            delete(PendingInput).where(PendingInput.user_id == sender.user_id)
        )
        uow.session.add(
            PendingInput(
                user_id=sender.user_id,
                kind="call_me",
                payload=text[:2000],
                created_at=self.clock.now(),
            )
        )
        return Reply.of(
            Outgoing(
                sender.chat_id, say("call_me_question", language), call_me_keyboard(0, language)
            )
        )

    async def pending_message(self, uow: UnitOfWork, user_id: int) -> PendingInput | None:
        pending = await uow.session.get(PendingInput, user_id)
        return pending if pending is not None and pending.kind == "call_me" else None

    async def open_complaint_exists(self, uow: UnitOfWork, customer_id: int) -> bool:
        return await self.desk.open_for_customer(uow, customer_id) is not None

    async def latest_branch(self, uow: UnitOfWork, customer_id: int) -> int | None:
        from surveys.storage.tables import Event

        return (
            await uow.session.execute(
                select(Event.branch_id)
                .where(Event.customer_id == customer_id)
                .order_by(Event.occurred_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
