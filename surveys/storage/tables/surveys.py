"""Surveys: template versions, waves, deliveries (the outbox) and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
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


class SurveyTemplate(Base):
    """One version of a survey definition as loaded from YAML.

    A changed file becomes a new row; deliveries keep pointing at the version
    they were started with, so editing a template never breaks a survey in
    progress. New waves take the newest version of a key.
    """

    __tablename__ = "survey_templates"
    __table_args__ = (UniqueConstraint("key", "checksum"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(CleanString(64), index=True)
    checksum: Mapped[str] = mapped_column(CleanString(64))
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
    template_key: Mapped[str] = mapped_column(CleanString(64))
    event_kind: Mapped[str] = mapped_column(CleanString(16))
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date)
    window_relative: Mapped[str | None] = mapped_column(CleanString(32))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    staff_name: Mapped[str | None] = mapped_column(CleanString(200))
    send_at: Mapped[datetime]
    recurrence: Mapped[str | None] = mapped_column(CleanString(80))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id"))
    status: Mapped[str] = mapped_column(CleanString(16), default="scheduled")
    remind: Mapped[bool] = mapped_column(Boolean, default=True)
    skipped: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_language: Mapped[str | None] = mapped_column(CleanString(8))
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_shown_at: Mapped[datetime | None]
    progress_final: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_broadcast: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
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
    language: Mapped[str] = mapped_column(CleanString(8))
    status: Mapped[str] = mapped_column(CleanString(16), default="pending")
    due_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(CleanString(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(CleanString(64))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None]
    survey_state: Mapped[str] = mapped_column(CleanString(16), default="not_started")
    current_question: Mapped[str | None] = mapped_column(CleanString(64))
    question_message_id: Mapped[int | None] = mapped_column(BigInteger)
    reply_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """Set with an answer: the next question (or the thanks) is owed to the customer and
    is sent again when it is still owed at this time; cleared once it is sent."""
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
    question_id: Mapped[str] = mapped_column(CleanString(64))
    kind: Mapped[str] = mapped_column(CleanString(16))
    value_int: Mapped[int | None] = mapped_column(Integer)
    value_choice: Mapped[str | None] = mapped_column(CleanString(64))
    value_text: Mapped[str | None] = mapped_column(CleanText())
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    sentiment_label: Mapped[str | None] = mapped_column(CleanString(16))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    topics: Mapped[str | None] = mapped_column(CleanString(200))
    text_language: Mapped[str | None] = mapped_column(CleanString(8))
    answered_at: Mapped[datetime]
