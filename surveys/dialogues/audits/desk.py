"""The staff side of audits in the chat: ``/newaudit`` and review for admins, closing an
improvement action (a note, then a photo of the fix) for the branch's managers.

    /newaudit pre_sale 浦东店 2026-12-10..2026-12-20 [shopper user id]

A note being typed is a pending input of the person (``audit_note`` for a send-back,
``action_note`` then ``action_photo`` for a fix), as a complaint's resolution note is.
"""

from __future__ import annotations

import json
import shlex
from datetime import date

from sqlalchemy import delete

from surveys.audits.actions import close_action, open_action
from surveys.audits.assignments import AuditRequest, create_audit
from surveys.audits.fieldwork import TEXT_LIMIT
from surveys.audits.model import AuditError, AuditRules, ChecklistCatalog
from surveys.audits.review import approve, send_back
from surveys.i18n import pick_language, say
from surveys.ports import AuditButton, Clock, Outgoing, Reply, Sender
from surveys.staff.audit import Actor, record
from surveys.staff.roles import permissions
from surveys.storage.database import Database
from surveys.storage.tables import Audit, AuditPhoto, PendingInput
from surveys.storage.uow import UnitOfWork

INPUTS = ("audit_note", "action_note", "action_photo")


def _window(text: str) -> tuple[date, date]:
    first, _, last = text.partition("..")
    try:
        start = date.fromisoformat(first)
        return start, date.fromisoformat(last) if last else start
    except ValueError:
        raise AuditError("audit_bad_window_text") from None


class AuditDesk:
    def __init__(
        self,
        db: Database,
        catalog: ChecklistCatalog,
        rules: AuditRules,
        clock: Clock,
        default_language: str,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.rules = rules
        self.clock = clock
        self.default_language = default_language

    def language(self, sender: Sender) -> str:
        return pick_language(sender.language_code, default=self.default_language)

    async def new_audit(self, uow: UnitOfWork, sender: Sender, args: str | None) -> Reply:
        language, now = self.language(sender), self.clock.now()
        if not (await permissions(uow, sender.user_id)).admin:
            await self._log(uow, sender, "audit.create", None, allowed=False)
            return Reply.of(Outgoing(sender.chat_id, say("staff_only", language)))
        try:
            words = shlex.split(args or "")
        except ValueError:
            words = (args or "").split()
        if len(words) not in (3, 4) or (len(words) == 4 and not words[3].isdigit()):
            return Reply.of(Outgoing(sender.chat_id, say("audit_newaudit_usage", language)))
        try:
            first, last = _window(words[2])
            shopper = int(words[3]) if len(words) == 4 else None
            request = AuditRequest(words[0], words[1], first, last, shopper, sender.user_id)
            audit = await create_audit(uow, self.catalog, self.rules, request, now)
        except AuditError as error:
            return Reply.of(Outgoing(sender.chat_id, error.say(language)))
        await self._log(uow, sender, "audit.create", audit.id)
        text = say(
            "audit_created_chat",
            language,
            id=audit.id,
            shopper=audit.shopper_user_id,
            first=first.isoformat(),
            last=last.isoformat(),
        )
        return Reply.of(Outgoing(sender.chat_id, text))

    async def button(
        self, uow: UnitOfWork, sender: Sender, action: AuditButton, message_id: int | None
    ) -> Reply:
        language, now = self.language(sender), self.clock.now()
        rights = await permissions(uow, sender.user_id)
        try:
            if action.op == "f":
                item = await open_action(uow, action.target)
                if not rights.manages(item.branch_id):
                    await self._log(uow, sender, "action.close", action.target, allowed=False)
                    return Reply(toast=say("staff_only", language), alert=True)
                await self._pending(uow, sender, "action_note", {"id": action.target})
                return Reply.of(Outgoing(sender.chat_id, say("action_note_prompt", language)))
            if not rights.admin:
                await self._log(uow, sender, "audit.review", action.target, allowed=False)
                return Reply(toast=say("staff_only", language), alert=True)
            if action.op == "v":
                opened = await approve(
                    uow, self.catalog, self.rules, action.target, sender.user_id, now
                )
                await self._log(uow, sender, "audit.approve", action.target)
                audit = await uow.session.get_one(Audit, action.target)
                text = say(
                    "audit_review_approved",
                    language,
                    id=action.target,
                    score="-" if audit.score is None else f"{audit.score:.1f}",
                    count=len(opened),
                )
                return Reply.of(Outgoing(sender.chat_id, text, edit_message_id=message_id))
            await uow.session.get_one(Audit, action.target)
            await self._pending(uow, sender, "audit_note", {"id": action.target})
            return Reply.of(Outgoing(sender.chat_id, say("audit_note_prompt", language)))
        except AuditError as error:
            return Reply(toast=error.say(language), alert=True)

    async def typed(
        self, uow: UnitOfWork, sender: Sender, pending: PendingInput, text: str
    ) -> Reply:
        """The note of a send-back or of a fix."""
        language, now = self.language(sender), self.clock.now()
        payload = json.loads(pending.payload or "{}")
        target = int(payload.get("id", 0))
        try:
            if pending.kind == "audit_note":
                await self._done(uow, sender)
                await send_back(uow, target, sender.user_id, text, now)
                await self._log(uow, sender, "audit.send_back", target)
                return Reply.of(
                    Outgoing(sender.chat_id, say("audit_review_sent_back", language, id=target))
                )
            if pending.kind == "action_note":
                await self._pending(
                    uow, sender, "action_photo", {"id": target, "note": text[:TEXT_LIMIT]}
                )
                return Reply.of(Outgoing(sender.chat_id, say("action_photo_prompt", language)))
        except AuditError as error:
            return Reply.of(Outgoing(sender.chat_id, error.say(language)))
        return Reply.of(Outgoing(sender.chat_id, say("action_photo_prompt", language)))

    async def wants_photo(self, uow: UnitOfWork, user_id: int) -> bool:
        pending = await uow.session.get(PendingInput, user_id)
        return pending is not None and pending.kind == "action_photo"

    async def photo(self, sender: Sender, file_id: str, data: bytes) -> Reply:
        """The photo of a fix closes the action, with the note typed before."""
        language, now = self.language(sender), self.clock.now()
        async with UnitOfWork(self.db) as uow:
            pending = await uow.session.get(PendingInput, sender.user_id)
            if pending is None or pending.kind != "action_photo":
                return Reply.of(Outgoing(sender.chat_id, say("audit_list_none", language)))
            payload = json.loads(pending.payload or "{}")
            try:
                action = await open_action(uow, int(payload["id"]))
            except AuditError as error:
                await self._done(uow, sender)
                return Reply.of(Outgoing(sender.chat_id, error.say(language)))
            photo = AuditPhoto(
                audit_id=action.audit_id,
                action_id=action.id,
                file_id=file_id[:200],
                data=data,
                size=len(data),
                received_at=now,
            )
            uow.session.add(photo)
            await uow.session.flush()
            await close_action(
                uow, action.id, sender.user_id, str(payload.get("note", "")), photo.id, now
            )
            await self._done(uow, sender)
            await self._log(uow, sender, "action.close", action.id)
            return Reply.of(
                Outgoing(sender.chat_id, say("action_closed_done", language, id=action.id))
            )

    async def _pending(
        self, uow: UnitOfWork, sender: Sender, kind: str, payload: dict[str, object]
    ) -> None:
        await self._done(uow, sender)
        uow.session.add(
            PendingInput(
                user_id=sender.user_id,
                kind=kind,
                payload=json.dumps(payload, ensure_ascii=False),
                created_at=self.clock.now(),
            )
        )

    async def _done(self, uow: UnitOfWork, sender: Sender) -> None:
        await uow.session.execute(
            delete(PendingInput).where(PendingInput.user_id == sender.user_id)
        )
        await uow.session.flush()

    async def _log(
        self, uow: UnitOfWork, sender: Sender, action: str, target: int | None, allowed: bool = True
    ) -> None:
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action=action,
            object_type="audit",
            object_id=target,
            allowed=allowed,
        )
