"""The seams between the domain and the outside, as Protocols and plain value types.

Everything that crosses the boundary of ``surveys/`` is defined here: the clock
(time is an argument), the scorer (text analysis), the messenger (a chat
framework sends), the actions a button stands for, and the framework-neutral
``Reply`` the domain answers with. Adapters in ``bot/`` implement the Protocols;
nothing here knows Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Literal, Protocol

# ------------------------------------------------------------------ time


class Clock(Protocol):
    """Source of the current instant, always timezone-aware UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = instant.astimezone(UTC)


# ----------------------------------------------------------- text analysis


class Sentiment(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def language(self) -> str: ...
    @property
    def topics(self) -> tuple[str, ...]: ...


class Scorer(Protocol):
    """Scores a free-text answer; must never raise on text."""

    def __call__(self, text: str) -> Sentiment: ...


# ---------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class AnswerAction:
    """A rating, NPS score, yes (1) / no (0), or a choice (option index)."""

    delivery_id: int
    question: int
    value: int


@dataclass(frozen=True, slots=True)
class SkipAction:
    delivery_id: int
    question: int


@dataclass(frozen=True, slots=True)
class LanguageAction:
    language: str


@dataclass(frozen=True, slots=True)
class ForgetAction:
    confirm: bool


@dataclass(frozen=True, slots=True)
class ResumeAction:
    """Opt back in to surveys after /stop."""


@dataclass(frozen=True, slots=True)
class WizardAction:
    """A choice in the admin's wave wizard: ``step`` is t(emplate), w(indow), b(ranch),
    s(end time) or c(onfirm); ``choice`` indexes the options shown at that step."""

    draft_id: int
    step: str
    choice: int


@dataclass(frozen=True, slots=True)
class WaveControlAction:
    """An admin's button on a wave: v(iew), p(ause), r(esume) or c(ancel)."""

    wave_id: int
    op: str


@dataclass(frozen=True, slots=True)
class ComplaintButton:
    """A manager's button on a complaint card.

    ``op``: c(laim), t (contacted), r(esolve), a (show reassign choices), g (give to
    the manager ``arg``), q (root cause number ``arg``, after the resolution note),
    v (view the card again).
    """

    complaint_id: int
    op: str
    arg: int = 0


@dataclass(frozen=True, slots=True)
class SolvedAnswer:
    """The customer's answer to "Was your problem solved?"."""

    complaint_id: int
    solved: bool


@dataclass(frozen=True, slots=True)
class CallMeAnswer:
    """The customer's answer to "Would you like a manager to contact you?".

    ``delivery_id`` is set when the question clarified a survey whose scores and words
    disagreed; 0 when it followed a message written outside any survey.
    """

    delivery_id: int
    yes: bool


@dataclass(frozen=True, slots=True)
class StatsAction:
    """A button under the /stats chart: the period in days, and b(ranches) or s(taff)."""

    period: str
    compare: str


@dataclass(frozen=True, slots=True)
class AuditButton:
    """A button of a mystery-shopper audit. The shopper's: s(tart or resume), a(nswer the
    item at ``item`` with ``value``), p(ause), b (submit); an admin's: v (approve), n (send
    back with a note); a manager's: f (close the improvement action ``target``)."""

    target: int
    op: str
    item: int = 0
    value: int = 0


Action = (
    AnswerAction
    | SkipAction
    | LanguageAction
    | ForgetAction
    | ResumeAction
    | WizardAction
    | WaveControlAction
    | ComplaintButton
    | SolvedAnswer
    | CallMeAnswer
    | StatsAction
    | AuditButton
)


# --------------------------------------------------- messages and replies


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
    """After sending, record the message id on the delivery, so it can be edited later, and
    that the reply the survey owed is paid; ``question_id`` None is the closing thanks."""

    delivery_id: int
    question_id: str | None


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
    paid: bool = False
    """Sent with ``allow_paid_broadcast``: beyond the free rate, paid per message in Stars."""
    silent: bool = False
    """Sent with ``disable_notification``: it arrives without a sound."""

    def as_paid(self) -> Outgoing:
        return replace(self, paid=True)


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
    """Certainly not carried out, because Telegram or the link is down or the bot is not
    allowed (connection refused, DNS, 401, 404 on the base URL, 409, a 5xx other than
    502/504): nothing is wrong with the message, it waits until Telegram answers again.

    ``reason`` names which: ``connection``, ``unauthorized``, ``not_found``, ``conflict``
    or ``server_error``.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class SendUncertain(SendError):
    """The request may have reached Telegram (read timeout, dropped connection, 502/504):
    a survey is never sent again; a manager's card is, marked as a repeat."""


class MessageRejected(SendError):
    """Telegram refused this message as malformed; retrying would not help."""


class Messenger(Protocol):
    """Sends framework-neutral messages; implemented once per chat framework."""

    async def send(self, message: Outgoing) -> int:
        """Send or edit; return the message id. Raises a :class:`SendError`."""
        ...

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        """Stop the client's spinner; raises a :class:`SendError` when Telegram is down."""
        ...

    async def probe(self) -> None:
        """Ask Telegram who the bot is (``getMe``); raises a :class:`SendError` as ``send``."""
        ...
