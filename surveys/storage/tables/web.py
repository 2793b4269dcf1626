"""The web's keys: links that open one survey or sign a manager in, and desk sessions.

Only a hash of each token or session id is kept: a copy of the database opens nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from surveys.storage.tables.base import Base
from surveys.storage.types import CleanString


class WebToken(Base):
    """A signed link: ``survey`` opens one delivery until it is answered; ``desk`` signs one
    staff member in once, within minutes."""

    __tablename__ = "web_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(CleanString(64), unique=True)
    purpose: Mapped[str] = mapped_column(CleanString(16))
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WebSession(Base):
    """A manager signed in to the desk: bound to their Telegram user id, so their role and
    branches are read afresh on every page; ends when it expires or is ended."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_hash: Mapped[str] = mapped_column(CleanString(64), unique=True)
    csrf: Mapped[str] = mapped_column(CleanString(64))
    staff_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
