"""Signing in to the desk without a password: a one-time link the bot sends in the chat.

``/desk`` in the chat mints a link valid for minutes, bound to the staff member's
Telegram user id; opening it spends it and starts a session, whose id lives only in an
HttpOnly cookie (the database keeps its hash). The member's role and branches are read
afresh on every page, so removing them from the staff ends what they may see at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from surveys.i18n import pick_language, say
from surveys.ports import Clock, Outgoing, Reply, Sender
from surveys.staff.audit import Actor, record
from surveys.staff.roles import permissions
from surveys.storage.tables import WebSession
from surveys.storage.uow import UnitOfWork
from surveys.web.keys import Purpose, WebKeys, digest


@dataclass(frozen=True, slots=True)
class SignedIn:
    session_id: str
    csrf: str
    user_id: int


class DeskSignIn:
    def __init__(
        self,
        keys: WebKeys,
        clock: Clock,
        base_url: str,
        default_language: str,
        link_valid: timedelta = timedelta(minutes=10),
        session_valid: timedelta = timedelta(hours=8),
    ) -> None:
        self.keys = keys
        self.clock = clock
        self.base_url = base_url.rstrip("/")
        self.default_language = default_language
        self.link_valid = link_valid
        self.session_valid = session_valid

    async def command(self, uow: UnitOfWork, sender: Sender) -> Reply:
        """``/desk`` in the chat: a sign-in link for staff, a refusal for anyone else."""
        language = pick_language(sender.language_code, default=self.default_language)
        now = self.clock.now()
        rights = await permissions(uow, sender.user_id)
        allowed = rights.is_staff and sender.private
        await record(
            uow,
            at=now,
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action="desk.link",
            allowed=allowed,
        )
        if not allowed:
            return Reply.of(Outgoing(sender.chat_id, say("staff_only", language)))
        token = await self.keys.mint(
            uow, Purpose.DESK, now, self.link_valid, staff_user_id=sender.user_id
        )
        minutes = int(self.link_valid.total_seconds() // 60)
        url = f"{self.base_url}/desk/in/{token}"
        return Reply.of(
            Outgoing(sender.chat_id, say("web_desk_link", language, url=url, minutes=minutes))
        )

    async def redeem(self, uow: UnitOfWork, token: str) -> SignedIn | None:
        """Spend a sign-in link and open a session; None for a forged, expired or used one."""
        now = self.clock.now()
        row = await self.keys.find(uow, token, Purpose.DESK, now)
        if row is None or row.staff_user_id is None:
            return None
        if not await self.keys.spend(uow, row, now):
            return None
        if not (await permissions(uow, row.staff_user_id)).is_staff:
            return None
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        uow.session.add(
            WebSession(
                session_hash=digest(session_id),
                csrf=csrf,
                staff_user_id=row.staff_user_id,
                created_at=now,
                expires_at=now + self.session_valid,
            )
        )
        await record(
            uow, at=now, actor=Actor.STAFF, user_id=row.staff_user_id, action="desk.sign_in"
        )
        return SignedIn(session_id, csrf, row.staff_user_id)

    async def session(self, uow: UnitOfWork, session_id: str) -> WebSession | None:
        """The live session behind a cookie, or None."""
        if not session_id or len(session_id) > 100:
            return None
        found = (
            await uow.session.execute(
                select(WebSession).where(WebSession.session_hash == digest(session_id))
            )
        ).scalar_one_or_none()
        now = self.clock.now()
        if found is None or found.ended_at is not None or now >= found.expires_at:
            return None
        return found

    async def end(self, uow: UnitOfWork, session: WebSession) -> None:
        await uow.session.execute(
            update(WebSession).where(WebSession.id == session.id).values(ended_at=self.clock.now())
        )
