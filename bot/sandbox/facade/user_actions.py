"""The facade's simulated users: add them, and make them write, share, upload and tap.

Each action names the bot by token and is handed to :class:`~bot.sandbox.facade.users.Users`,
which turns it into the update Telegram would send; it returns that update (or the
callback query id) so a test can follow it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from ..world import SimUser
from .bots import Bots
from .users import UserActionError, Users


class UserActions(Bots):
    """What a test makes simulated users do."""

    users: Users
    clock: Callable[[], float]

    def add_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        *,
        is_premium: bool = False,
        started: bool = True,
    ) -> SimUser:
        """A user whose private chat (id == user id) is open with every bot.

        ``started=False`` makes a user who never pressed Start: bots get 403 "bot can't
        initiate conversation with a user" until the user writes first.
        """
        user = SimUser(user_id, first_name, last_name, username, language_code, is_premium, started)
        self.world.users[user_id] = user
        for bot in self.world.bots.values():
            chat = bot.chats.get(user_id)
            if chat is not None:
                chat.user = user
        return user

    def send_text(self, user_id: int, text: str, *, token: str | None = None) -> dict[str, Any]:
        """The user types ``text``; returns the update queued for the bot."""
        return self.users.send_text(self._bot(token), user_id, text, self.clock())

    def press_start(
        self, user_id: int, payload: str | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """The user opens ``t.me/<bot>?start=<payload>`` and presses Start."""
        text = f"/start {payload}" if payload else "/start"
        return self.send_text(user_id, text, token=token)

    def share_contact(
        self,
        user_id: int,
        phone_number: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        contact_user_id: int | Literal["own"] | None = "own",
        token: str | None = None,
    ) -> dict[str, Any]:
        """The user shares a contact: their own (``contact_user_id="own"``, as the
        "share my phone number" button does), someone else's (their user id), or one
        that is not on Telegram (None). ``phone_number`` is sent exactly as given."""
        owner = user_id if contact_user_id == "own" else contact_user_id
        assert owner is None or isinstance(owner, int)
        return self.users.share_contact(
            self._bot(token),
            user_id,
            self.clock(),
            phone_number=phone_number,
            first_name=first_name,
            last_name=last_name,
            contact_user_id=owner,
        )

    def send_document(
        self,
        user_id: int,
        file_name: str,
        data: bytes,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """The user uploads a file; the bot can getFile and download it."""
        return self.users.send_document(
            self._bot(token),
            user_id,
            self.clock(),
            file_name=file_name,
            mime_type=mime_type,
            data=data,
            caption=caption,
        )

    def send_photo(
        self, user_id: int, data: bytes, *, caption: str | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The user sends a photo; the bot can getFile and download it."""
        return self.users.send_photo(
            self._bot(token), user_id, self.clock(), data=data, caption=caption
        )

    def send_location(
        self, user_id: int, latitude: float, longitude: float, *, token: str | None = None
    ) -> dict[str, Any]:
        """The user shares a location (attachment menu, Location)."""
        return self.users.send_location(
            self._bot(token), user_id, self.clock(), latitude=latitude, longitude=longitude
        )

    def tap(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user_id: int | None = None,
        forge: bool = False,
        token: str | None = None,
    ) -> str:
        """Press the inline button carrying ``callback_data``; returns the query id.

        ``user_id`` makes another user tap the message; ``forge=True`` skips the check
        that such a button exists (a crafted or stale callback).
        """
        query_id, _ = self.users.tap(
            self._bot(token),
            chat_id,
            message_id,
            callback_data,
            self.clock(),
            user_id=user_id,
            forge=forge,
        )
        return query_id

    def replay(self, update_id: int, *, token: str | None = None) -> dict[str, Any]:
        """Deliver an already delivered update again, same update_id (a duplicate)."""
        bot = self._bot(token)
        if update_id not in bot.updates.history:
            raise UserActionError(f"no update {update_id} was ever created")
        update = bot.updates.replay(update_id)
        self.world.changed.notify()  # a webhook delivers it at once
        return update
