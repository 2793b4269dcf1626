"""Who the bot deals with: branches, staff, customers, and the visits they made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from surveys.storage.tables.base import Base
from surveys.storage.types import CleanString


class Branch(Base):
    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(CleanString(200), unique=True)
    hours: Mapped[str | None] = mapped_column(CleanString(64))
    """Business hours of this branch ("mon-sun 09:00-18:00"); None: the rule file's."""
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
    role: Mapped[str] = mapped_column(CleanString(16))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    level: Mapped[int] = mapped_column(Integer, default=1)
    display_name: Mapped[str | None] = mapped_column(CleanString(200))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(CleanString(8))
    created_at: Mapped[datetime]


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(CleanString(200), unique=True)
    name: Mapped[str] = mapped_column(CleanString(200), default="")
    phone: Mapped[str | None] = mapped_column(CleanString(32), index=True)
    language: Mapped[str | None] = mapped_column(CleanString(8))
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    linked_at: Mapped[datetime | None]
    linked_via: Mapped[str | None] = mapped_column(CleanString(16))
    """How the chat was linked: "deep_link" (anyone holding the token) or "contact"
    (Telegram vouched for the phone on file)."""
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[datetime | None]
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    unreachable_reason: Mapped[str | None] = mapped_column(CleanString(32))
    forgotten_at: Mapped[datetime | None]
    link_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Deep links name this version; ``surveybot link --revoke`` moves it on."""
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
    external_id: Mapped[str] = mapped_column(CleanString(200), unique=True)
    kind: Mapped[str] = mapped_column(CleanString(16))
    occurred_at: Mapped[datetime]
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    staff_name: Mapped[str | None] = mapped_column(CleanString(200))
    vehicle: Mapped[str | None] = mapped_column(CleanString(200))
    created_at: Mapped[datetime]
