"""The states of an audit and of an improvement action, as stored."""

from __future__ import annotations

from enum import StrEnum


class AuditStatus(StrEnum):
    SCHEDULED = "scheduled"
    """Created; its shopper has not been told (the window has not opened)."""
    ASSIGNED = "assigned"
    """The window is open and the shopper was told."""
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    """Sent back by the reviewer with a note; the shopper answers again and resubmits."""
    APPROVED = "approved"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"
    """The window closed (and a day of grace passed) without a submission."""


OPEN = frozenset(
    {
        AuditStatus.SCHEDULED,
        AuditStatus.ASSIGNED,
        AuditStatus.IN_PROGRESS,
        AuditStatus.PAUSED,
        AuditStatus.SUBMITTED,
        AuditStatus.RETURNED,
    }
)
LAPSING = frozenset({AuditStatus.ASSIGNED, AuditStatus.IN_PROGRESS, AuditStatus.PAUSED})
"""States that lapse when the window closes: the shopper never submitted."""


class ActionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
