"""The tables. The database is the source of truth for every piece of state.

Conventions: instants are :class:`UTCDateTime`; Telegram ids are BigInteger;
status columns are short strings whose values are listed in ``surveys.states``;
nothing here holds framework objects.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from surveys.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class AppState(Base):
    """Small key/value facts the deployment keeps, such as the generated link secret."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Branch(Base):
    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class Staff(Base):
    """A Telegram user holding a role; one row per (user, role, branch).

    Admins have no branch. ``level`` orders escalation inside a branch
    (1 = first to be told, 2 = the next one up, ...).
    """

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("telegram_user_id", "role", "branch_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[str] = mapped_column(String(16))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    level: Mapped[int] = mapped_column(Integer, default=1)
    display_name: Mapped[str | None] = mapped_column(String(200))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime]


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    linked_at: Mapped[datetime | None]
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[datetime | None]
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    unreachable_reason: Mapped[str | None] = mapped_column(String(32))
    forgotten_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Event(Base):
    """A sale or a service visit: what a survey asks about."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_kind_occurred_at", "kind", "occurred_at"),
        Index("ix_events_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime]
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    staff_name: Mapped[str | None] = mapped_column(String(200))
    vehicle: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class SurveyTemplate(Base):
    """One version of a survey definition as loaded from YAML.

    A changed file becomes a new row; deliveries keep pointing at the version
    they were started with, so editing a template never breaks a survey in
    progress. New waves take the newest version of a key.
    """

    __tablename__ = "survey_templates"
    __table_args__ = (UniqueConstraint("key", "checksum"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    checksum: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class Wave(Base):
    """A survey send: template T to the customers of events E at time S.

    A one-off wave has an absolute window of local dates. A standing wave
    (``recurrence`` set) is a rule with a relative window ("yesterday") and a
    local send time; each time it falls due it creates a one-off child wave.
    """

    __tablename__ = "waves"
    __table_args__ = (
        Index("ix_waves_status_send_at", "status", "send_at"),
        UniqueConstraint("parent_id", "send_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("survey_templates.id"))
    template_key: Mapped[str] = mapped_column(String(64))
    event_kind: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date)
    window_relative: Mapped[str | None] = mapped_column(String(32))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    staff_name: Mapped[str | None] = mapped_column(String(200))
    send_at: Mapped[datetime]
    recurrence: Mapped[str | None] = mapped_column(String(80))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id"))
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    remind: Mapped[bool] = mapped_column(Boolean, default=True)
    skipped: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_language: Mapped[str | None] = mapped_column(String(8))
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_shown_at: Mapped[datetime | None]
    progress_final: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Delivery(Base):
    """One survey to one customer in one wave: the outbox row and the survey's progress.

    ``status`` is the sending state (pending, claimed, sending, sent, failed,
    uncertain, cancelled); ``survey_state`` is the conversation (not_started,
    in_progress, completed, expired, stopped).
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("wave_id", "customer_id"),
        Index("ix_deliveries_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("survey_templates.id"))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None]
    survey_state: Mapped[str] = mapped_column(String(16), default="not_started")
    current_question: Mapped[str | None] = mapped_column(String(64))
    question_message_id: Mapped[int | None] = mapped_column(BigInteger)
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Answer(Base):
    """One answer (or skip) to one question of one delivery; never two."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("delivery_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    value_int: Mapped[int | None] = mapped_column(Integer)
    value_choice: Mapped[str | None] = mapped_column(String(64))
    value_text: Mapped[str | None] = mapped_column(Text)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    topics: Mapped[str | None] = mapped_column(String(200))
    text_language: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """Telegram update ids already acted on, so a redelivered update changes nothing."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(index=True)


class AuditEntry(Base):
    """Who did what to which object, and whether it was allowed. Ids only, no free text."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16), default="ok")


class WizardDraft(Base):
    """A wave an admin is putting together step by step in the chat (not in a framework FSM)."""

    __tablename__ = "wizard_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]


class Complaint(Base):
    """An unhappy customer a manager must act on, with deadlines, until it is closed.

    One per delivery at most (``delivery_id`` is unique); complaints raised by a
    customer's own message outside a survey have no delivery. Free text (the
    customer's words, the resolution note) lives here and goes with ``/forget``;
    the timeline in ``complaint_actions`` holds codes only.
    """

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_status_escalate_at", "status", "escalate_at"),
        Index("ix_complaints_branch_id_status", "branch_id", "status"),
        Index("ix_complaints_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    staff_name: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16), default="survey")
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    triggers: Mapped[str] = mapped_column(String(200), default="")
    overall: Mapped[int | None] = mapped_column(Integer)
    nps: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    topics: Mapped[str | None] = mapped_column(String(200))
    assignee_user_id: Mapped[int | None] = mapped_column(BigInteger)
    level: Mapped[int] = mapped_column(Integer, default=1)
    ack_deadline: Mapped[datetime]
    resolve_deadline: Mapped[datetime]
    escalate_at: Mapped[datetime]
    resolution_note: Mapped[str | None] = mapped_column(Text)
    root_cause: Mapped[str | None] = mapped_column(String(32))
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    customer_asked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    contacted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class ComplaintAction(Base):
    """The timeline of a complaint: who did what, when. Codes only, no free text."""

    __tablename__ = "complaint_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime]
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(64))


class Notification(Base):
    """An outbox row for a message to staff (an escalation card, a digest, a notice).

    Delivered at least once: a send that certainly failed is retried; after an
    ambiguous timeout the message is posted again marked as a repeat, never zero
    times. ``message_id`` is where the card lives, so later updates edit it.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("complaint_id", "chat_id", "kind"),
        Index("ix_notifications_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    needs_update: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class PendingInput(Base):
    """What a person's next typed message means, when the bot asked them for text.

    A manager resolving a complaint is asked for a note; a customer writing outside a
    survey is asked whether a manager should call. One pending question per user.
    """

    __tablename__ = "pending_inputs"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    payload: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
