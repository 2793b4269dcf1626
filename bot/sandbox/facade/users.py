"""What simulated users do, turned into the updates Telegram would send the bot.

A user's message gets the next message id in their private chat, the entities Telegram
marks (``/start payload`` is a ``bot_command`` plus text), and is queued for the bot. A
tap on an inline button creates a callback query carrying the bot's message as it is now.
"""

from __future__ import annotations

import itertools
import secrets
from typing import Any

from ..formatting import detect_entities
from ..world import (
    BotState,
    CallbackQuery,
    Chat,
    ChatMessage,
    SimUser,
    World,
    document,
    guess_mime,
    photo_sizes,
)


class UserActionError(LookupError):
    """A simulated action that cannot happen (no such user, message or button)."""


class Users:
    def __init__(self, world: World) -> None:
        self.world = world
        self._query_ids = itertools.count(secrets.randbits(60) + 10**17)

    def user(self, user_id: int) -> SimUser:
        user = self.world.users.get(user_id)
        if user is None:
            raise UserActionError(f"no simulated user {user_id}; add_user() first")
        return user

    def _message(self, bot: BotState, user_id: int, now: float, **content: Any) -> dict[str, Any]:
        chat = self.world.chat(bot, self.user(user_id))
        chat.started = True
        message = ChatMessage(
            message_id=chat.new_message_id(),
            chat_id=chat.id,
            date=int(now),
            from_bot=False,
            **content,
        )
        chat.messages[message.message_id] = message
        update, _ = bot.updates.push("message", self.world.message_json(bot, chat, message))
        self.world.changed.notify()
        return update

    def send_text(self, bot: BotState, user_id: int, text: str, now: float) -> dict[str, Any]:
        if not text:
            raise UserActionError("Telegram clients do not send empty messages")
        return self._message(bot, user_id, now, text=text, entities=detect_entities(text) or None)

    def share_contact(
        self,
        bot: BotState,
        user_id: int,
        now: float,
        *,
        phone_number: str,
        first_name: str | None,
        last_name: str | None,
        contact_user_id: int | None,
    ) -> dict[str, Any]:
        user = self.user(user_id)
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name if first_name is not None else user.first_name,
        }
        surname = last_name if last_name is not None else None if first_name else user.last_name
        if surname:
            contact["last_name"] = surname
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return self._message(bot, user_id, now, contact=contact)

    def send_document(
        self,
        bot: BotState,
        user_id: int,
        now: float,
        *,
        file_name: str,
        mime_type: str | None,
        data: bytes,
        caption: str | None,
    ) -> dict[str, Any]:
        stored = self.world.files.add(
            data, photo=False, file_name=file_name, mime_type=guess_mime(file_name, mime_type)
        )
        content: dict[str, Any] = {"document": document(stored)}
        if caption:
            content["caption"] = caption
            content["caption_entities"] = detect_entities(caption) or None
        return self._message(bot, user_id, now, **content)

    def send_photo(
        self, bot: BotState, user_id: int, now: float, *, data: bytes, caption: str | None
    ) -> dict[str, Any]:
        """A photo from the camera or gallery: one size, as the bot can getFile it."""
        stored = self.world.files.add(data, photo=True, mime_type="image/jpeg")
        content: dict[str, Any] = {"photo": photo_sizes(stored)}
        if caption:
            content["caption"] = caption
            content["caption_entities"] = detect_entities(caption) or None
        return self._message(bot, user_id, now, **content)

    def send_location(
        self, bot: BotState, user_id: int, now: float, *, latitude: float, longitude: float
    ) -> dict[str, Any]:
        """A location shared from the attachment menu."""
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise UserActionError("a location is a latitude -90..90 and a longitude -180..180")
        location = {"latitude": latitude, "longitude": longitude}
        return self._message(bot, user_id, now, location=location)

    def tap(
        self,
        bot: BotState,
        chat_id: int,
        message_id: int,
        callback_data: str,
        now: float,
        *,
        user_id: int | None = None,
        forge: bool = False,
    ) -> tuple[str, dict[str, Any]]:
        """Press an inline button; returns the callback query id and the update.

        ``user_id`` makes someone other than the chat's user tap (a forwarded or shared
        message); ``forge`` sends ``callback_data`` even if no button carries it.
        """
        chat = bot.chats.get(chat_id)
        message = chat.messages.get(message_id) if chat is not None else None
        if chat is None or message is None or message.deleted or not message.from_bot:
            raise UserActionError(f"no bot message {message_id} in chat {chat_id}")
        if not forge and callback_data not in message.callback_data():
            raise UserActionError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"it has {message.callback_data()}"
            )
        tapper = self.user(user_id) if user_id is not None else chat.user
        query = CallbackQuery(
            id=str(next(self._query_ids)),
            from_user_id=tapper.id,
            chat_id=chat.id,
            message_id=message.message_id,
            data=callback_data,
            created=now,
        )
        bot.callback_queries[query.id] = query
        payload = {
            "id": query.id,
            "from": tapper.as_user(),
            "message": self.world.message_json(bot, chat, message),
            "chat_instance": chat.chat_instance,
            "data": callback_data,
        }
        update, _ = bot.updates.push("callback_query", payload)
        self.world.changed.notify()
        return query.id, update

    def chat(self, bot: BotState, chat_id: int) -> Chat:
        return self.world.chat(bot, self.user(chat_id))
