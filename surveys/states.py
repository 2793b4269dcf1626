"""The names of states kept in status columns, in one place."""

from __future__ import annotations

from enum import StrEnum


class SendStatus(StrEnum):
    """Where a delivery is in the outbox (DESIGN.md invariant 2)."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    CANCELLED = "cancelled"


class SurveyState(StrEnum):
    """Where the conversation of a delivery is."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"
    STOPPED = "stopped"


OPEN_SURVEY_STATES = (SurveyState.NOT_STARTED.value, SurveyState.IN_PROGRESS.value)


class EventKind(StrEnum):
    SALE = "sale"
    SERVICE = "service"


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
