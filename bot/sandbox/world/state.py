"""The sandbox's world in plain dataclasses: bots, users, chats, messages, files, records.

Objects are kept and handed out by reference (no copies per request); callers of the
in-process API read them and must not change them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ..conformance import Violation
from .files import FileStore
from .updates import UpdateQueue
from .waiting import Signal


@dataclass(slots=True)
class BotIdentity:
    """Who a token belongs to, as getMe reports it."""

    id: int
    first_name: str
    username: str
    can_join_groups: bool = True
    can_read_all_group_messages: bool = False
    supports_inline_queries: bool = False

    def as_user(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def get_me(self) -> dict[str, Any]:
        return {
            **self.as_user(),
            "can_join_groups": self.can_join_groups,
            "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": self.supports_inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


@dataclass(slots=True)
class SimUser:
    """A simulated Telegram user; their private chat with a bot has the same id."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_premium: bool = False
    starts_bots: bool = True

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        if self.is_premium:
            user["is_premium"] = True
        return user

    def as_chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    def to_dict(self) -> dict[str, Any]:
        return {**self.as_user(), "starts_bots": self.starts_bots}


@dataclass(slots=True)
class Edit:
    """One change to a message: what it looked like after the change."""

    date: int
    method: str
    text: str | None
    caption: str | None
    reply_markup: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "method": self.method,
            "text": self.text,
            "caption": self.caption,
            "reply_markup": self.reply_markup,
        }


@dataclass(slots=True)
class ChatMessage:
    """A message in a private chat, sent by the bot or by the user."""

    message_id: int
    chat_id: int
    date: int
    from_bot: bool
    text: str | None = None
    entities: list[dict[str, Any]] | None = None
    caption: str | None = None
    caption_entities: list[dict[str, Any]] | None = None
    reply_markup: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    document: dict[str, Any] | None = None
    contact: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    edits: list[Edit] = field(default_factory=list)
    deleted: bool = False

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard")
        return rows if isinstance(rows, list) else []

    def callback_data(self) -> list[str]:
        """Every callback_data on the message's inline keyboard, row by row."""
        return [
            button["callback_data"]
            for row in self.inline_keyboard
            for button in row
            if isinstance(button, dict) and "callback_data" in button
        ]

    def to_dict(self) -> dict[str, Any]:
        """The sandbox's record of the message (for the control API)."""
        return {
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "date": self.date,
            "from_bot": self.from_bot,
            "text": self.text,
            "entities": self.entities,
            "caption": self.caption,
            "reply_markup": self.reply_markup,
            "photo": self.photo,
            "document": self.document,
            "contact": self.contact,
            "location": self.location,
            "reply_to_message_id": self.reply_to_message_id,
            "edit_date": self.edit_date,
            "edits": [edit.to_dict() for edit in self.edits],
            "deleted": self.deleted,
        }


@dataclass(slots=True)
class Chat:
    """A private chat between one bot and one user."""

    user: SimUser
    started: bool
    chat_instance: str
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1

    @property
    def id(self) -> int:
        return self.user.id

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages.values() if m.from_bot]


@dataclass(slots=True)
class CallbackAnswer:
    callback_query_id: str
    chat_id: int
    message_id: int
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int
    time: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "callback_query_id": self.callback_query_id,
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "text": self.text,
            "show_alert": self.show_alert,
            "url": self.url,
            "cache_time": self.cache_time,
            "time": self.time,
        }


@dataclass(slots=True)
class CallbackQuery:
    id: str
    from_user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    answer: CallbackAnswer | None = None


@dataclass(slots=True)
class LoggedRequest:
    time: float
    bot_id: int
    method: str
    params: dict[str, Any]
    http_method: str
    status: int = 200
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "bot_id": self.bot_id,
            "method": self.method,
            "params": self.params,
            "http_method": self.http_method,
            "status": self.status,
            "description": self.description,
        }


@dataclass(slots=True)
class RateLimitHit:
    """A 429 the sandbox gave: from the flood limits or from an injected storm."""

    time: float
    bot_id: int
    method: str
    chat_id: int | str | None
    retry_after: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "bot_id": self.bot_id,
            "method": self.method,
            "chat_id": self.chat_id,
            "retry_after": self.retry_after,
            "reason": self.reason,
        }


@dataclass(slots=True)
class Webhook:
    url: str
    max_connections: int = 40
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    ip_address: str | None = None


@dataclass(slots=True)
class BotState:
    identity: BotIdentity
    updates: UpdateQueue
    chats: dict[int, Chat] = field(default_factory=dict)
    callback_queries: dict[str, CallbackQuery] = field(default_factory=dict)
    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    webhook: Webhook | None = None


@dataclass(slots=True)
class World:
    """Everything the sandbox knows; one per :class:`~bot.sandbox.Sandbox`."""

    default_update_types: frozenset[str]
    first_update_id: int = 1
    identities: dict[int, BotIdentity] = field(default_factory=dict)
    users: dict[int, SimUser] = field(default_factory=dict)
    bots: dict[int, BotState] = field(default_factory=dict)
    files: FileStore = field(default_factory=FileStore)
    requests: deque[LoggedRequest] = field(default_factory=deque)
    violations: list[Violation] = field(default_factory=list)
    rate_limit_hits: list[RateLimitHit] = field(default_factory=list)
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    changed: Signal = field(default_factory=Signal)

    def identity(self, bot_id: int) -> BotIdentity:
        identity = self.identities.get(bot_id)
        if identity is None:
            identity = BotIdentity(bot_id, "Sandbox Bot", f"sandbox{bot_id}_bot")
            self.identities[bot_id] = identity
        return identity

    def bot(self, bot_id: int) -> BotState:
        """A bot's state, created on first use (any well-formed token is a bot)."""
        state = self.bots.get(bot_id)
        if state is None:
            queue = UpdateQueue(self.first_update_id, self.default_update_types)
            state = self.bots[bot_id] = BotState(self.identity(bot_id), queue)
        return state

    def chat(self, bot: BotState, user: SimUser) -> Chat:
        """The private chat of ``bot`` with ``user``, created on first use."""
        chat = bot.chats.get(user.id)
        if chat is None:
            instance = str((bot.identity.id * 1_000_003 + user.id) % 9_000_000_000_000_000_000)
            chat = bot.chats[user.id] = Chat(user, started=user.starts_bots, chat_instance=instance)
        return chat

    def message_json(
        self, bot: BotState, chat: Chat, message: ChatMessage, *, nested: bool = False
    ) -> dict[str, Any]:
        """The message as the Bot API shows it to the bot."""
        sender = bot.identity.as_user() if message.from_bot else chat.user.as_user()
        out: dict[str, Any] = {
            "message_id": message.message_id,
            "from": sender,
            "chat": chat.user.as_chat(),
            "date": message.date,
        }
        if message.edit_date is not None:
            out["edit_date"] = message.edit_date
        if message.reply_to_message_id is not None and not nested:
            replied = chat.messages.get(message.reply_to_message_id)
            if replied is not None:
                out["reply_to_message"] = self.message_json(bot, chat, replied, nested=True)
        if message.text is not None:
            out["text"] = message.text
            if message.entities:
                out["entities"] = message.entities
        if message.photo is not None:
            out["photo"] = message.photo
        if message.document is not None:
            out["document"] = message.document
        if message.caption is not None:
            out["caption"] = message.caption
            if message.caption_entities:
                out["caption_entities"] = message.caption_entities
        if message.contact is not None:
            out["contact"] = message.contact
        if message.location is not None:
            out["location"] = message.location
        markup = message.reply_markup
        if markup is not None and "inline_keyboard" in markup:
            out["reply_markup"] = markup
        return out
