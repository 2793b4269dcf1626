"""``/whoami``: anyone learns their Telegram user id (and their roles, if they are staff).

Staff are named by user id (``surveybot staff add --user-id ...``), which Telegram shows
nowhere; this is how a new manager finds theirs to give to an admin.
"""

from __future__ import annotations

from surveys.i18n import pick_language, say
from surveys.ports import Outgoing, Reply, Sender
from surveys.staff.roles import Role, list_staff
from surveys.storage.uow import UnitOfWork


class WhoAmI:
    def __init__(self, default_language: str) -> None:
        self.default_language = default_language

    async def reply(self, uow: UnitOfWork, sender: Sender) -> Reply:
        language = pick_language(sender.language_code, default=self.default_language)
        roles = [
            say("whoami_admin", language)
            if row.role == Role.ADMIN.value
            else say("whoami_shopper", language)
            if row.role == Role.SHOPPER.value
            else say("whoami_manager", language, branch=row.branch, level=row.level)
            for row in await list_staff(uow)
            if row.user_id == sender.user_id
        ]
        lines = [say("whoami_id", language, user_id=sender.user_id)]
        if roles:
            lines.append(say("whoami_roles", language, roles="; ".join(roles)))
        else:
            lines.append(say("whoami_not_staff", language, user_id=sender.user_id))
        return Reply.of(Outgoing(sender.chat_id, "\n".join(lines)))
