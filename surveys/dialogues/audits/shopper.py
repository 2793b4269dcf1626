"""The mystery shopper's chat: ``/audits``, Start on site, answering item by item with
buttons, numbers, text and photos, sharing a location, pausing, and submitting.

Every action is checked against the audit's shopper (by Telegram user id): a shopper of
another assignment, or anyone else, cannot act on this one.
"""

from __future__ import annotations

from sqlalchemy import select

from surveys.audits.actions import admins, queue_notice
from surveys.audits.fieldwork import STARTABLE, Fieldwork, Step
from surveys.audits.model import AuditError
from surveys.audits.notices import start_button
from surveys.audits.states import OPEN, AuditStatus
from surveys.dialogues.audits.prompts import step_message
from surveys.i18n import name_of, pick_language, say
from surveys.ports import AuditButton, Button, Clock, InlineKeyboard, Outgoing, Reply, Sender
from surveys.staff.audit import Actor, record
from surveys.staff.roles import permissions
from surveys.storage.database import Database
from surveys.storage.tables import Audit, Branch
from surveys.storage.uow import UnitOfWork

SHOWN = frozenset(
    {
        AuditStatus.ASSIGNED,
        AuditStatus.IN_PROGRESS,
        AuditStatus.PAUSED,
        AuditStatus.RETURNED,
        AuditStatus.SUBMITTED,
    }
)


class ShopperChat:
    def __init__(
        self, db: Database, fieldwork: Fieldwork, clock: Clock, default_language: str
    ) -> None:
        self.db = db
        self.fieldwork = fieldwork
        self.clock = clock
        self.default_language = default_language

    def language(self, sender: Sender) -> str:
        return pick_language(sender.language_code, default=self.default_language)

    async def assignments(self, uow: UnitOfWork, sender: Sender) -> Reply:
        """``/audits``: a shopper's assignments whose window has opened, each with its
        button; an admin's list of every open audit, with its shopper."""
        language = self.language(sender)
        admin = (await permissions(uow, sender.user_id)).admin
        query = select(Audit, Branch.name).join(Branch, Branch.id == Audit.branch_id)
        if admin:
            query = query.where(Audit.status.in_([s.value for s in OPEN]))
        else:
            query = query.where(
                Audit.shopper_user_id == sender.user_id,
                Audit.told_at.is_not(None),
                Audit.status.in_([s.value for s in SHOWN]),
            )
        rows = (await uow.session.execute(query.order_by(Audit.id))).all()
        lines: list[str] = []
        buttons: list[tuple[Button, ...]] = []
        for audit, branch in rows:
            checklist = await self.fieldwork.catalog.get(uow, audit.checklist_id)
            line = say(
                "audit_list_line",
                language,
                id=audit.id,
                checklist=checklist.title.get(language),
                branch=branch,
                last=audit.window_end.isoformat(),
                status=name_of("audit_status", audit.status, language),
            )
            lines.append(f"{line} · {audit.shopper_user_id}" if admin else line)
            if not admin and audit.status in STARTABLE | {AuditStatus.IN_PROGRESS}:
                label = say("audit_btn_open", language, id=audit.id)
                buttons.append((Button(label, AuditButton(audit.id, "s")),))
        text = "\n".join(lines) or say("audit_list_none", language)
        markup = InlineKeyboard(tuple(buttons)) if buttons else None
        return Reply.of(Outgoing(sender.chat_id, text, markup))

    async def button(self, uow: UnitOfWork, sender: Sender, action: AuditButton) -> Reply:
        language, now = self.language(sender), self.clock.now()
        work = self.fieldwork
        try:
            if action.op == "s":
                step = await work.start(uow, sender.user_id, action.target, now)
                await self._audit(uow, sender, "audit.start", action.target)
                return Reply.of(step_message(sender.chat_id, step, language))
            if action.op == "p":
                await work.pause(uow, sender.user_id, action.target)
                text = say("audit_paused", language)
                keyboard = start_button(action.target, language, "audit_btn_resume")
                return Reply.of(Outgoing(sender.chat_id, text, keyboard))
            if action.op == "b":
                step = await work.submit(uow, sender.user_id, action.target, now)
                for user_id in await admins(uow):
                    await queue_notice(uow, user_id, f"au_review:{action.target}", now)
                await self._audit(uow, sender, "audit.submit", action.target)
                return Reply.of(Outgoing(sender.chat_id, say("audit_submitted", language)))
            audit = await work.own(uow, sender.user_id, action.target)
            step = await work.answer(uow, audit, action.item, float(action.value), None, now)
            return Reply.of(step_message(sender.chat_id, step, language))
        except AuditError as error:
            if error.text.key == "audit_not_yours":
                await self._audit(uow, sender, "audit.act", action.target, allowed=False)
            return Reply(toast=error.say(language), alert=True)

    async def typed(self, uow: UnitOfWork, sender: Sender, text: str) -> Reply | None:
        """A number or a note for the item being asked; None when no audit is under way."""
        audit = await self.fieldwork.active_for(uow, sender.user_id)
        if audit is None:
            return None
        language = self.language(sender)
        try:
            step = await self.fieldwork.typed(uow, audit, text, self.clock.now())
        except AuditError as error:
            step = await self.fieldwork.step(uow, audit)
            reminder = step_message(sender.chat_id, step, language)
            return Reply.of(Outgoing(sender.chat_id, error.say(language)), reminder)
        return Reply.of(step_message(sender.chat_id, step, language))

    async def wants_photo(self, uow: UnitOfWork, user_id: int) -> bool:
        return await self.fieldwork.active_for(uow, user_id) is not None

    async def photo(self, sender: Sender, file_id: str, data: bytes) -> Reply:
        """Stored with the audit under way (its own transaction: the file was fetched after
        the update was recorded)."""
        language = self.language(sender)
        async with UnitOfWork(self.db) as uow:
            audit = await self.fieldwork.active_for(uow, sender.user_id)
            if audit is None:
                return Reply.of(Outgoing(sender.chat_id, say("audit_list_none", language)))
            step = await self.fieldwork.photo(uow, audit, file_id, data, self.clock.now())
            return Reply.of(
                Outgoing(sender.chat_id, say("audit_photo_saved", language)),
                step_message(sender.chat_id, step, language),
            )

    async def location(
        self, uow: UnitOfWork, sender: Sender, latitude: float, longitude: float
    ) -> Reply | None:
        audit = await self.fieldwork.active_for(uow, sender.user_id)
        if audit is None:
            return None
        language = self.language(sender)
        step = await self.fieldwork.location(uow, audit, latitude, longitude, self.clock.now())
        return Reply.of(
            Outgoing(sender.chat_id, self._where(step, language)),
            step_message(sender.chat_id, step, language),
        )

    def _where(self, step: Step, language: str) -> str:
        audit = step.audit
        if audit.distance_m is None:
            return say("audit_branch_unplaced", language)
        key = "audit_location_far" if audit.location_flagged else "audit_location_near"
        return say(key, language, meters=round(audit.distance_m))

    async def _audit(
        self, uow: UnitOfWork, sender: Sender, action: str, audit_id: int, allowed: bool = True
    ) -> None:
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action=action,
            object_type="audit",
            object_id=audit_id,
            allowed=allowed,
        )
