"""Where a row of the outbox is (DESIGN.md invariant 2)."""

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
