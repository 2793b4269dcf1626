"""Who may act as an admin in the chat: checked by Telegram user id, refusals audited."""

from __future__ import annotations

from typing import Any

from surveys.i18n import pick_language, say
from surveys.ports import Clock, Outgoing, Reply, Sender
from surveys.staff.audit import Actor, record
from surveys.staff.roles import permissions
from surveys.storage.uow import UnitOfWork


class AdminGate:
    def __init__(self, clock: Clock, default_language: str) -> None:
        self.clock = clock
        self.default_language = default_language

    def language(self, sender: Sender) -> str:
        return pick_language(sender.language_code, default=self.default_language)

    async def allowed(self, uow: UnitOfWork, sender: Sender, action: str, obj: Any = None) -> bool:
        """Whether ``sender`` is an admin; a refusal is audited."""
        if (await permissions(uow, sender.user_id)).admin:
            return True
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action=action,
            object_type="wave" if obj is not None else None,
            object_id=obj,
            allowed=False,
        )
        return False

    def refused(self, sender: Sender, *, toast: bool = False) -> Reply:
        text = say("staff_only", self.language(sender))
        if toast:
            return Reply(toast=text, alert=True)
        return Reply.of(Outgoing(sender.chat_id, text))
