"""The card's actions taken on the desk: claim, contacted, resolve, reassign.

The same desk calls as the chat's buttons, under the same permission check and written
to the same audit log, so the chat card is updated by the outbox as after a tap and the
customer is asked whether it is solved after a resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from surveys.complaints.desk import ComplaintDesk, ComplaintError
from surveys.complaints.states import ROOT_CAUSES
from surveys.dialogues.manager import NOTE_LIMIT
from surveys.i18n import say
from surveys.ports import Clock
from surveys.staff.audit import Actor, record
from surveys.staff.roles import Role
from surveys.storage.tables import Complaint, Staff
from surveys.storage.uow import UnitOfWork
from surveys.web.desk import visible


@dataclass(frozen=True, slots=True)
class DeskRequest:
    """One action as posted from the complaint page."""

    action: str
    to_user: int | None = None
    note: str = ""
    cause: str = ""


class DeskActions:
    def __init__(self, desk: ComplaintDesk, clock: Clock) -> None:
        self.desk = desk
        self.clock = clock

    async def act(
        self, uow: UnitOfWork, user_id: int, complaint_id: int, wanted: DeskRequest, language: str
    ) -> tuple[bool, str]:
        """Do it; (found, what to tell the manager). Not found means not theirs to see."""
        now = self.clock.now()
        allowed = await visible(uow, user_id, complaint_id, f"complaint.{wanted.action}", now)
        if allowed is None:
            return False, ""
        complaint, _ = allowed
        try:
            told = await self._do(uow, user_id, complaint, wanted, language)
        except ComplaintError as error:
            return True, error.say(language)
        if told is None:
            await record(
                uow,
                at=now,
                actor=Actor.STAFF,
                user_id=user_id,
                action=f"complaint.{wanted.action}",
                object_type="complaint",
                object_id=complaint.id,
            )
            return True, say("web_done", language)
        return True, told

    async def _do(
        self, uow: UnitOfWork, user_id: int, complaint: Complaint, wanted: DeskRequest, lang: str
    ) -> str | None:
        """None when done; else why not."""
        now = self.clock.now()
        if wanted.action == "claim":
            if not await self.desk.claim(uow, complaint, user_id, now):
                return say("already_claimed", lang)
        elif wanted.action == "contacted":
            await self.desk.contacted(uow, complaint, user_id, now)
        elif wanted.action == "reassign":
            if wanted.to_user is None or not await self._manager_of(uow, complaint, wanted.to_user):
                return say("stale_tap", lang)
            await self.desk.reassign(uow, complaint, user_id, wanted.to_user, now)
        elif wanted.action == "resolve":
            note = "".join(c for c in wanted.note if c.isprintable() or c == "\n").strip()
            if not note:
                return say("note_empty", lang)
            if wanted.cause not in ROOT_CAUSES:
                return say("web_pick_cause", lang)
            chat = await self.desk.customer_chat(uow, complaint)
            await self.desk.resolve(
                uow, complaint, user_id, note[:NOTE_LIMIT], wanted.cause, chat, now
            )
        else:
            return say("stale_tap", lang)
        return None

    @staticmethod
    async def _manager_of(uow: UnitOfWork, complaint: Complaint, user: int) -> bool:
        found = (
            await uow.session.execute(
                select(Staff.id).where(
                    Staff.telegram_user_id == user,
                    Staff.role == Role.MANAGER.value,
                    Staff.branch_id == complaint.branch_id,
                )
            )
        ).first()
        return found is not None
