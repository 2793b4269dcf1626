"""Mystery-shopper audits: checklist versions, audits, their answers and photos, where a
branch is, and the improvement actions that failed items open.

An audit stays unannounced: nothing here is shown to branch staff before review; the
rule "at most one open audit per branch and checklist" is the unique ``open_slot``
(set while the audit is open, cleared when it is approved or cancelled).
"""

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
    Integer,
    LargeBinary,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from surveys.storage.tables.base import Base
from surveys.storage.types import CleanString, CleanText


class BranchLocation(Base):
    """Where a branch is, for checking a shopper's shared location."""

    __tablename__ = "branch_locations"

    branch_id: Mapped[int] = mapped_column(
        ForeignKey("branches.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime]


class AuditChecklist(Base):
    """One version of a checklist, kept as validated so an old audit reads as it was."""

    __tablename__ = "audit_checklists"
    __table_args__ = (UniqueConstraint("key", "checksum"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(CleanString(64), index=True)
    checksum: Mapped[str] = mapped_column(CleanString(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class Audit(Base):
    """One visit of a mystery shopper to a branch, within a window of local dates."""

    __tablename__ = "audits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("audit_checklists.id"))
    checklist_key: Mapped[str] = mapped_column(CleanString(64))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"), index=True)
    shopper_user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[datetime] = mapped_column(index=True)
    closes_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(CleanString(16), index=True)
    open_slot: Mapped[str | None] = mapped_column(CleanString(120), unique=True)
    items_only: Mapped[list[str] | None] = mapped_column(JSON)
    """A re-audit asks only these items (the failed ones of ``parent_id``)."""
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("audits.id"))
    current_item: Mapped[str | None] = mapped_column(CleanString(32))
    told_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[int | None] = mapped_column(BigInteger)
    review_note: Mapped[str | None] = mapped_column(CleanText())
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    location_at: Mapped[datetime | None]
    location_flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float | None] = mapped_column(Float)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class AuditAnswer(Base):
    """The shopper's answer to one item, with when it was given."""

    __tablename__ = "audit_answers"
    __table_args__ = (UniqueConstraint("audit_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(CleanString(32))
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(CleanText())
    answered_at: Mapped[datetime]


class AuditPhoto(Base):
    """A photo taken for an item, or of the fix that closed an action; its bytes are
    kept until the retention period ends (``data`` is then emptied, the row stays)."""

    __tablename__ = "audit_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str | None] = mapped_column(CleanString(32))
    action_id: Mapped[int | None] = mapped_column(Integer)
    file_id: Mapped[str] = mapped_column(CleanString(200))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime]
    purged_at: Mapped[datetime | None]


class AuditAction(Base):
    """An improvement action a failed item opened for the branch's managers."""

    __tablename__ = "audit_actions"
    __table_args__ = (UniqueConstraint("audit_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"), index=True)
    item_id: Mapped[str] = mapped_column(CleanString(32))
    status: Mapped[str] = mapped_column(CleanString(16), index=True)
    level: Mapped[int] = mapped_column(Integer, default=1)
    deadline_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(CleanText())
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("audit_photos.id"))
    reaudit_id: Mapped[int | None] = mapped_column(ForeignKey("audits.id"))
    created_at: Mapped[datetime]
