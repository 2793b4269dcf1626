"""aiogram objects to plain domain data, at the edge (no framework type crosses into surveys/)."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message, Update, User

from surveys.ports import Inbound, Sender


def sender_of(user: User, chat_id: int, private: bool = True) -> Sender:
    return Sender(
        user_id=user.id,
        chat_id=chat_id,
        first_name=user.first_name,
        language_code=user.language_code,
        private=private,
    )


def inbound_from_message(message: Message, update: Update) -> Inbound | None:
    if message.from_user is None:
        return None
    private = message.chat.type == "private"
    return Inbound(update.update_id, sender_of(message.from_user, message.chat.id, private))


def inbound_from_callback(callback: CallbackQuery, update: Update) -> Inbound:
    chat_id = callback.message.chat.id if callback.message is not None else callback.from_user.id
    return Inbound(update.update_id, sender_of(callback.from_user, chat_id))


def callback_message_id(callback: CallbackQuery) -> int | None:
    return callback.message.message_id if callback.message is not None else None
