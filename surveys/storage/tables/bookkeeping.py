"""What the bot keeps to act once and to remember: processed updates, the audit log,
wizard drafts, pending inputs and small facts of the deployment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from surveys.storage.tables.base import Base
from surveys.storage.types import CleanString, CleanText


class AppState(Base):
    """Small key/value facts the deployment keeps, such as the generated link secret."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(CleanString(64), primary_key=True)
    value: Mapped[str] = mapped_column(CleanText())


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
    actor_kind: Mapped[str] = mapped_column(CleanString(16))
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    # Set when the actor was forgotten: a keyed hash of their user id (see LinkTokens).
    actor_key: Mapped[str | None] = mapped_column(CleanString(64))
    action: Mapped[str] = mapped_column(CleanString(64))
    object_type: Mapped[str | None] = mapped_column(CleanString(32))
    object_id: Mapped[str | None] = mapped_column(CleanString(64))
    outcome: Mapped[str] = mapped_column(CleanString(16), default="ok")


class WizardDraft(Base):
    """A wave an admin is putting together step by step in the chat (not in a framework FSM)."""

    __tablename__ = "wizard_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]


class PendingInput(Base):
    """What a person's next typed message means, when the bot asked them for text.

    A manager resolving a complaint is asked for a note; a customer writing outside a
    survey is asked whether a manager should call. One pending question per user.
    """

    __tablename__ = "pending_inputs"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(CleanString(32))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    payload: Mapped[str | None] = mapped_column(CleanText())
    created_at: Mapped[datetime]


class Fault(Base):
    """A row that made a stage of the ticker fail, and how often: after a few strikes the
    row is set aside with its reason (shown where the row is shown) and the rest goes on."""

    __tablename__ = "faults"
    __table_args__ = (UniqueConstraint("subject", "subject_id", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(CleanString(32))
    subject_id: Mapped[int] = mapped_column(BigInteger)
    stage: Mapped[str] = mapped_column(CleanString(32))
    reason: Mapped[str] = mapped_column(CleanString(200))
    strikes: Mapped[int] = mapped_column(Integer, default=1)
    set_aside: Mapped[bool] = mapped_column(Boolean, default=False)
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]
