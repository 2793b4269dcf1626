"""Complaints, their timeline, and the notifications outbox that tells people about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from surveys.storage.tables.base import Base
from surveys.storage.types import CleanString, CleanText


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
    staff_name: Mapped[str | None] = mapped_column(CleanString(200))
    source: Mapped[str] = mapped_column(CleanString(16), default="survey")
    severity: Mapped[str] = mapped_column(CleanString(16))
    status: Mapped[str] = mapped_column(CleanString(16), default="open")
    triggers: Mapped[str] = mapped_column(CleanString(200), default="")
    overall: Mapped[int | None] = mapped_column(Integer)
    nps: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(CleanText())
    sentiment_label: Mapped[str | None] = mapped_column(CleanString(16))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    topics: Mapped[str | None] = mapped_column(CleanString(200))
    assignee_user_id: Mapped[int | None] = mapped_column(BigInteger)
    level: Mapped[int] = mapped_column(Integer, default=1)
    ack_deadline: Mapped[datetime]
    resolve_deadline: Mapped[datetime]
    escalate_at: Mapped[datetime | None]
    """When the complaint next moves up a level; None once parked at the top."""
    resolution_note: Mapped[str | None] = mapped_column(CleanText())
    root_cause: Mapped[str | None] = mapped_column(CleanString(32))
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
    action: Mapped[str] = mapped_column(CleanString(32))
    detail: Mapped[str | None] = mapped_column(CleanString(64))


class ComplaintWords(Base):
    """What a customer said about an open complaint after it was opened ("still nobody
    called!"). Free text: it goes with ``/forget``; the timeline names the row by id."""

    __tablename__ = "complaint_words"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    at: Mapped[datetime]
    text: Mapped[str | None] = mapped_column(CleanText())
    paged: Mapped[bool] = mapped_column(Boolean, default=False)
    """Whether staff were told (a customer pages them a limited number of times a day)."""


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
    kind: Mapped[str] = mapped_column(CleanString(32))
    level: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(CleanString(16), default="pending")
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    silent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Delivered without a sound: outside working hours, for a complaint that is not
    critical."""
    claim_token: Mapped[str | None] = mapped_column(CleanString(32))
    lease_until: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    needs_update: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(CleanString(64))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
