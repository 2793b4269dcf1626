"""Managers in the chat: the card's buttons, the resolution note, /queue and /complaint.

Only managers of the complaint's branch (and admins) may act; anyone else is
refused and the refusal is audited. A double tap on Claim claims once.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from surveys.complaints.cards import ICONS, load_card, local, render_card, timeline
from surveys.complaints.desk import ComplaintDesk, ComplaintError
from surveys.complaints.states import ACTIVE, ROOT_CAUSES, UNCLAIMED
from surveys.i18n import pick_language, say
from surveys.inputs import parse_number
from surveys.ports import Button, Clock, ComplaintButton, InlineKeyboard, Outgoing, Reply, Sender
from surveys.staff.audit import Actor, record
from surveys.staff.roles import Permissions, Role, permissions
from surveys.storage.tables import Branch, Complaint, PendingInput, Staff
from surveys.storage.uow import UnitOfWork

NOTE_LIMIT = 1000
QUEUE_LIMIT = 30


class ManagerChat:
    def __init__(
        self, desk: ComplaintDesk, clock: Clock, zone: ZoneInfo, default_language: str
    ) -> None:
        self.desk = desk
        self.clock = clock
        self.zone = zone
        self.default_language = default_language

    def language(self, sender: Sender) -> str:
        return pick_language(sender.language_code, default=self.default_language)

    async def remember_language(self, uow: UnitOfWork, sender: Sender) -> None:
        language = self.language(sender)
        await uow.session.execute(
            update(Staff)
            .where(
                Staff.telegram_user_id == sender.user_id, Staff.language.is_distinct_from(language)
            )
            .values(language=language)
        )

    async def _allowed(
        self, uow: UnitOfWork, sender: Sender, complaint: Complaint | None, action: str
    ) -> Permissions | None:
        rights = await permissions(uow, sender.user_id)
        if complaint is not None and rights.manages(complaint.branch_id):
            return rights
        if complaint is None and rights.is_staff:
            return rights
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action=action,
            object_type="complaint",
            object_id=complaint.id if complaint else None,
            allowed=False,
        )
        return None

    async def show(
        self, uow: UnitOfWork, sender: Sender, complaint: Complaint, message_id: int | None
    ) -> Outgoing:
        view = await load_card(uow, complaint)
        text, keyboard = render_card(view, self.language(sender), self.clock.now(), self.zone)
        return Outgoing(sender.chat_id, text, keyboard, edit_message_id=message_id)

    # ----------------------------------------------------------------- buttons

    async def button(
        self, uow: UnitOfWork, sender: Sender, action: ComplaintButton, message_id: int | None
    ) -> Reply:
        language = self.language(sender)
        complaint = await self.desk.lock(uow, action.complaint_id)
        if complaint is None:
            return Reply(toast=say("no_complaint", language, id=action.complaint_id))
        names = {
            "c": "claim",
            "t": "contacted",
            "r": "resolve",
            "a": "reassign",
            "g": "reassign",
            "q": "resolve",
            "v": "view",
        }
        if await self._allowed(uow, sender, complaint, f"complaint.{names[action.op]}") is None:
            return Reply(toast=say("not_your_branch", language), alert=True)
        await self.remember_language(uow, sender)
        now = self.clock.now()
        try:
            if action.op == "c":
                if not await self.desk.claim(uow, complaint, sender.user_id, now):
                    card = await self.show(uow, sender, complaint, message_id)
                    return Reply(messages=(card,), toast=say("already_claimed", language))
                await self._audit(uow, sender, "complaint.claim", complaint.id)
                card = await self.show(uow, sender, complaint, message_id)
                return Reply(messages=(card,), toast=say("claimed_toast", language))
            if action.op == "t":
                await self.desk.contacted(uow, complaint, sender.user_id, now)
                await self._audit(uow, sender, "complaint.contacted", complaint.id)
            elif action.op == "r":
                return await self._ask_note(uow, sender, complaint)
            elif action.op == "a":
                return await self._reassign_menu(uow, sender, complaint, message_id)
            elif action.op == "g":
                if not await self._is_branch_manager(uow, complaint.branch_id, action.arg):
                    return Reply(toast=say("stale_tap", language))
                await self.desk.reassign(uow, complaint, sender.user_id, action.arg, now)
                await self._audit(uow, sender, "complaint.reassign", complaint.id)
            elif action.op == "q":
                return await self._resolve(uow, sender, complaint, action.arg, message_id)
        except ComplaintError as error:
            return Reply(toast=error.say(language))
        card = await self.show(uow, sender, complaint, message_id)
        return Reply(messages=(card,), toast="✔")

    async def _audit(self, uow: UnitOfWork, sender: Sender, action: str, complaint_id: int) -> None:
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action=action,
            object_type="complaint",
            object_id=complaint_id,
        )

    async def _is_branch_manager(self, uow: UnitOfWork, branch_id: int | None, user: int) -> bool:
        found = (
            await uow.session.execute(
                select(Staff.id).where(
                    Staff.telegram_user_id == user,
                    Staff.role == Role.MANAGER.value,
                    Staff.branch_id == branch_id,
                )
            )
        ).first()
        return found is not None

    async def _reassign_menu(
        self, uow: UnitOfWork, sender: Sender, complaint: Complaint, message_id: int | None
    ) -> Reply:
        language = self.language(sender)
        rows = (
            await uow.session.execute(
                select(Staff.telegram_user_id, Staff.display_name, Staff.level)
                .where(Staff.role == Role.MANAGER.value, Staff.branch_id == complaint.branch_id)
                .order_by(Staff.level, Staff.telegram_user_id)
            )
        ).all()
        choices = [
            Button(f"{name or user} (L{level})", ComplaintButton(complaint.id, "g", user))
            for user, name, level in rows
            if user != complaint.assignee_user_id
        ]
        if not choices:
            return Reply(toast=say("nobody_to_reassign", language), alert=True)
        keyboard = InlineKeyboard(
            (
                *(tuple(choices[i : i + 2]) for i in range(0, len(choices), 2)),
                (Button(say("btn_back", language), ComplaintButton(complaint.id, "v")),),
            )
        )
        text = say("reassign_to", language, id=complaint.id)
        return Reply(
            messages=(Outgoing(sender.chat_id, text, keyboard, edit_message_id=message_id),),
            toast="↪",
        )

    async def _ask_note(self, uow: UnitOfWork, sender: Sender, complaint: Complaint) -> Reply:
        language = self.language(sender)
        if complaint.status not in ACTIVE:
            return Reply(toast=say("stale_tap", language))
        await uow.session.execute(
            delete(PendingInput).where(PendingInput.user_id == sender.user_id)
        )
        uow.session.add(
            PendingInput(
                user_id=sender.user_id,
                kind="resolution_note",
                complaint_id=complaint.id,
                created_at=self.clock.now(),
            )
        )
        text = say("ask_note", language, id=complaint.id)
        return Reply(messages=(Outgoing(sender.chat_id, text),), toast="✍")

    async def note_typed(
        self, uow: UnitOfWork, sender: Sender, pending: PendingInput, text: str
    ) -> Reply:
        """The manager typed the resolution note: keep it, ask for the root cause.

        Their right is checked again first: a manager removed (or moved to another branch)
        since tapping Resolve is refused before a word of the note is stored."""
        language = self.language(sender)
        complaint = await uow.session.get(Complaint, pending.complaint_id or 0)
        if (
            complaint is None
            or await self._allowed(uow, sender, complaint, "complaint.resolve") is None
        ):
            await uow.session.delete(pending)
            return Reply.of(Outgoing(sender.chat_id, say("not_your_branch", language)))
        note = "".join(ch for ch in text if ch.isprintable() or ch == "\n").strip()[:NOTE_LIMIT]
        if not note or pending.complaint_id is None:
            return Reply.of(Outgoing(sender.chat_id, say("note_empty", language)))
        pending.kind = "root_cause"
        pending.payload = note
        buttons = [
            Button(say(f"cause_{cause}", language), ComplaintButton(pending.complaint_id, "q", i))
            for i, cause in enumerate(ROOT_CAUSES)
        ]
        keyboard = InlineKeyboard(
            tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
        )
        text = say("ask_cause", language, id=pending.complaint_id)
        return Reply.of(Outgoing(sender.chat_id, text, keyboard))

    async def _resolve(
        self,
        uow: UnitOfWork,
        sender: Sender,
        complaint: Complaint,
        cause: int,
        message_id: int | None,
    ) -> Reply:
        language = self.language(sender)
        pending = await uow.session.get(PendingInput, sender.user_id)
        if (
            pending is None
            or pending.kind != "root_cause"
            or pending.complaint_id != complaint.id
            or not 0 <= cause < len(ROOT_CAUSES)
        ):
            return Reply(toast=say("stale_tap", language))
        customer_chat = await self.desk.customer_chat(uow, complaint)
        await self.desk.resolve(
            uow,
            complaint,
            sender.user_id,
            pending.payload or "",
            ROOT_CAUSES[cause],
            customer_chat,
            self.clock.now(),
        )
        await uow.session.delete(pending)
        await self._audit(uow, sender, "complaint.resolve", complaint.id)
        done = say("resolved_done", language, id=complaint.id)
        return Reply(
            messages=(Outgoing(sender.chat_id, done, edit_message_id=message_id),), toast="✔"
        )

    # ---------------------------------------------------------------- commands

    async def queue(self, uow: UnitOfWork, sender: Sender) -> Reply:
        language = self.language(sender)
        rights = await self._allowed(uow, sender, None, "complaint.queue")
        if rights is None:
            return Reply.of(Outgoing(sender.chat_id, say("staff_only", language)))
        await self.remember_language(uow, sender)
        scope = [] if rights.admin else [Complaint.branch_id.in_(list(rights.branches))]
        rows = (
            await uow.session.execute(
                select(Complaint, Branch.name)
                .outerjoin(Branch, Branch.id == Complaint.branch_id)
                .where(Complaint.status.in_(ACTIVE), *scope)
                .order_by(Complaint.ack_deadline, Complaint.id)
                .limit(QUEUE_LIMIT)
            )
        ).all()
        if not rows:
            return Reply.of(Outgoing(sender.chat_id, say("queue_empty", language)))
        now = self.clock.now()
        lines = [say("queue_title", language)]
        buttons = []
        for complaint, branch in rows:
            deadline = (
                complaint.ack_deadline
                if complaint.status in UNCLAIMED
                else complaint.resolve_deadline
            )
            late = say("overdue", language) if now > deadline else ""
            lines.append(
                f"{ICONS.get(complaint.severity, '•')} #{complaint.id} · "
                f"{say('severity_' + complaint.severity, language)} · {branch or '—'} · "
                f"{local(deadline, self.zone)}{late} · "
                f"{say('complaint_status_' + complaint.status, language, who='').strip()}"
            )
            buttons.append(Button(f"#{complaint.id}", ComplaintButton(complaint.id, "v")))
        keyboard = InlineKeyboard(
            tuple(tuple(buttons[i : i + 5]) for i in range(0, len(buttons), 5))
        )
        return Reply.of(Outgoing(sender.chat_id, "\n".join(lines), keyboard))

    async def complaint(self, uow: UnitOfWork, sender: Sender, args: str | None) -> Reply:
        language = self.language(sender)
        # Staff first: whether complaint N exists is itself not for everyone to learn.
        if await self._allowed(uow, sender, None, "complaint.view") is None:
            return Reply.of(Outgoing(sender.chat_id, say("staff_only", language)))
        number = parse_number(args, prefix="#")
        if number is None:
            return Reply.of(Outgoing(sender.chat_id, say("complaint_usage", language)))
        complaint = await uow.session.get(Complaint, number)
        if complaint is None:
            return Reply.of(Outgoing(sender.chat_id, say("no_complaint", language, id=number)))
        if await self._allowed(uow, sender, complaint, "complaint.view") is None:
            return Reply.of(Outgoing(sender.chat_id, say("not_your_branch", language)))
        card = await self.show(uow, sender, complaint, None)
        history = await timeline(uow, complaint.id, self.zone)
        text = card.text + "\n\n" + say("timeline_title", language) + "\n" + "\n".join(history)
        return Reply.of(Outgoing(sender.chat_id, text, card.markup))

    async def pending_for(self, uow: UnitOfWork, user_id: int) -> PendingInput | None:
        return await uow.session.get(PendingInput, user_id)
