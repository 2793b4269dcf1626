"""The customer's side of a complaint: "was it solved?", /status, and speaking up unasked."""

from __future__ import annotations

from sqlalchemy import delete

from surveys.complaints.customer_notes import ComplaintNotes, call_me_keyboard, when
from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.states import ComplaintStatus
from surveys.i18n import say
from surveys.ports import Clock, Outgoing, Reply, Sender, SolvedAnswer
from surveys.staff.audit import Actor, record
from surveys.storage.tables import Customer, PendingInput
from surveys.storage.uow import UnitOfWork


class CustomerSide:
    def __init__(self, desk: ComplaintDesk, clock: Clock, notes: ComplaintNotes) -> None:
        self.desk = desk
        self.clock = clock
        self.zone = notes.zone

    async def solved(
        self,
        uow: UnitOfWork,
        sender: Sender,
        customer: Customer | None,
        action: SolvedAnswer,
        language: str,
    ) -> Reply:
        complaint = await self.desk.lock(uow, action.complaint_id)
        if complaint is None or customer is None or complaint.customer_id != customer.id:
            await record(
                uow,
                at=self.clock.now(),
                actor=Actor.CUSTOMER,
                user_id=sender.user_id,
                action="complaint.solved",
                object_type="complaint",
                object_id=action.complaint_id,
                allowed=False,
            )
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
