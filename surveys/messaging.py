"""What the domain says to the chat, without knowing which chat framework carries it.

The engine returns :class:`Reply` objects made of :class:`Outgoing` messages;
an adapter (aiogram or python-telegram-bot) renders them and sends them through
a :class:`Messenger`. Buttons carry domain actions; the adapter encodes them
into ``callback_data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, Protocol

from surveys.actions import Action


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: Action


@dataclass(frozen=True, slots=True)
class InlineKeyboard:
    rows: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class ContactRequest:
    """A one-time reply keyboard with a "share my phone number" button."""

    label: str


@dataclass(frozen=True, slots=True)
class RemoveReplyKeyboard:
    """Take away a reply keyboard shown earlier (after the contact was shared)."""


Markup = InlineKeyboard | ContactRequest | RemoveReplyKeyboard


class Priority(StrEnum):
    """Replies answer the customer's own action and go first; notices nobody asked for wait."""

    REPLY = "reply"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class QuestionShown:
    """After sending, record the message id on the delivery, so it can be edited later."""

    delivery_id: int
    question_id: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message: a chart (photo) or an export (document).

    The message's ``text`` becomes the caption (Telegram allows 1,024 characters there).
    """

    kind: Literal["photo", "document"]
    file_name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Outgoing:
    chat_id: int
    text: str
    markup: Markup | None = None
    edit_message_id: int | None = None
    track: QuestionShown | None = None
    priority: Priority = Priority.REPLY
    attachment: Attachment | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """Everything that answers one inbound update."""

    messages: tuple[Outgoing, ...] = ()
    toast: str | None = None
    alert: bool = False
    duplicate: bool = False

    @classmethod
    def of(cls, *messages: Outgoing, toast: str | None = None, alert: bool = False) -> Reply:
        return cls(messages=messages, toast=toast, alert=alert)


DUPLICATE = Reply(duplicate=True)


@dataclass(frozen=True, slots=True)
class Sender:
    """The person behind an inbound update, as plain data."""

    user_id: int
    chat_id: int
    first_name: str = ""
    language_code: str | None = None
    private: bool = True


@dataclass(frozen=True, slots=True)
class Inbound:
    """One inbound update: who sent it and its Telegram update id (for exactly-once effect)."""

    update_id: int
    sender: Sender
    extra: dict[str, str] = field(default_factory=dict)


class SendError(Exception):
    """Base of the ways a send can fail, as the domain needs to tell them apart."""


class RecipientGone(SendError):
    """Permanent: the bot was blocked, the chat does not exist, the user is deactivated."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RateLimited(SendError):
    """Telegram said 429: nothing was sent; wait ``retry_after`` seconds before any send."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = retry_after


class SendFailed(SendError):
    """Certainly not delivered (connection refused, 5xx): safe to try again later."""


class SendUncertain(SendError):
    """The request may have reached Telegram (read timeout, dropped connection): never resend."""


class MessageRejected(SendError):
    """Telegram refused this message as malformed; retrying would not help."""


class Messenger(Protocol):
    """Sends framework-neutral messages; implemented once per chat framework."""

    async def send(self, message: Outgoing) -> int:
        """Send or edit; return the message id. Raises a :class:`SendError`."""
        ...

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None: ...
