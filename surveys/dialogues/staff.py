"""``/staff`` for admins in the chat: list, add and remove managers and admins.

    /staff
    /staff add 123456789 manager 浦东店 [level]
    /staff add 123456789 admin
    /staff remove 123456789 [branch]

People are named by Telegram user id (never by username, which its owner can change).
"""

from __future__ import annotations

import shlex

from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.timeline import resend_to
from surveys.i18n import name_of, pick_language, say
from surveys.inputs import BIG_ID_MAX, parse_number
from surveys.ports import Clock, Outgoing, Reply, Sender
from surveys.staff.audit import Actor, record
from surveys.staff.readiness import staff_started
from surveys.staff.roles import Role, StaffError, add_staff, list_staff, permissions, remove_staff
from surveys.storage.uow import UnitOfWork


class StaffChat:
    def __init__(self, desk: ComplaintDesk, clock: Clock, default_language: str) -> None:
        self.desk = desk
        self.clock = clock
        self.default_language = default_language

    async def command(self, uow: UnitOfWork, sender: Sender, args: str | None) -> Reply:
        language = pick_language(sender.language_code, default=self.default_language)
        if not (await permissions(uow, sender.user_id)).admin:
            await record(
                uow,
                at=self.clock.now(),
                actor=Actor.STAFF,
                user_id=sender.user_id,
                action="admin.staff",
                allowed=False,
            )
            return Reply.of(Outgoing(sender.chat_id, say("staff_only", language)))
        try:
            words = shlex.split(args or "")
        except ValueError:
            words = (args or "").split()
        try:
            text = await self._run(uow, sender, words, language)
        except StaffError as error:
            text = error.say(language)
        return Reply.of(Outgoing(sender.chat_id, text))

    async def _run(self, uow: UnitOfWork, sender: Sender, words: list[str], language: str) -> str:
        now = self.clock.now()
        if not words or words[0] == "list":
            rows = await list_staff(uow)
            lines = [
                f"{r.user_id} · {name_of('role', r.role, language)} · "
                f"{r.branch or say('all_branches', language)} · "
                f"L{r.level}{' · ' + r.name if r.name else ''}"
                for r in rows
            ]
            return "\n".join(lines) or say("staff_usage", language)
        action, rest = words[0], words[1:]
        user_id = parse_number(rest[0], maximum=BIG_ID_MAX) if rest else None
        if action in ("add", "remove") and rest and user_id is None:
            raise StaffError("bad_user_id")  # "²", "①" or 20 digits: not a Telegram id
        if action == "add" and len(rest) >= 2 and user_id is not None:
            role_name = rest[1]
            if role_name not in (Role.ADMIN.value, Role.MANAGER.value, Role.SHOPPER.value):
                return say("staff_usage", language)
            branch = rest[2] if len(rest) > 2 else None
            level = parse_number(rest[3], minimum=0) if len(rest) > 3 else 1
            if level is None:
                raise StaffError("bad_level")
            row = await add_staff(
                uow, user_id=user_id, role=Role(role_name), branch=branch, level=level, now=now
            )
            await record(
                uow,
                at=now,
                actor=Actor.STAFF,
                user_id=sender.user_id,
                action="staff.add",
                object_type="staff",
                object_id=user_id,
            )
            return say(
                "staff_added",
                language,
                user=row.user_id,
                role=name_of("role", row.role, language),
                branch=row.branch
                or say(
                    "shopper_branch_none" if row.role == Role.SHOPPER.value else "all_branches",
                    language,
                ),
                level=row.level,
            )
        if action == "remove" and user_id is not None:
            removed = await remove_staff(
                uow, user_id=user_id, branch=rest[1] if len(rest) > 1 else None
            )
            returned = await self.desk.return_to_queue(uow, user_id, now) if removed else []
            await record(
                uow,
                at=now,
                actor=Actor.STAFF,
                user_id=sender.user_id,
                action="staff.remove",
                object_type="staff",
                object_id=user_id,
            )
            return "\n".join(
                (
                    say("staff_removed", language, user=user_id, count=removed),
                    say("staff_returned", language, count=len(returned)),
                )
            )
        return say("staff_usage", language)


class StaffGreeting:
    """/start from a manager or an admin: their own greeting and commands, not the
    customer's; the bot may now write to them, and what could not reach them goes now."""

    def __init__(self, clock: Clock, default_language: str) -> None:
        self.clock = clock
        self.default_language = default_language

    async def greet(self, uow: UnitOfWork, sender: Sender) -> Reply | None:
        """The staff greeting, or None when the sender holds no role."""
        rights = await permissions(uow, sender.user_id)
        if not rights.is_staff:
            return None
        language = pick_language(sender.language_code, default=self.default_language)
        await staff_started(uow, sender.user_id, sender.chat_id)
        resent = await resend_to(uow, sender.user_id, self.clock.now())
        parts = [say("staff_welcome", language), say("help_manager", language)]
        if rights.admin:
            parts.append(say("help_admin", language))
        if resent:
            parts.append(say("staff_cards_resent", language, count=resent))
        return Reply.of(Outgoing(sender.chat_id, "\n\n".join(parts)))
