"""What a wave is: what an admin asks for, the statuses a wave goes through, and the
rules every audience is chosen by (fatigue, quiet hours, the default language)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from surveys.i18n import Refusal
from surveys.waves.schedule import QuietHours, Recurrence, Window


class EventKind(StrEnum):
    SALE = "sale"
    SERVICE = "service"


DEFAULT_EVENT_KIND = {"post_service": EventKind.SERVICE.value, "post_sale": EventKind.SALE.value}


class WaveStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"
    STUCK = "stuck"
    """Set aside after failing to start a few times; ``wave show`` says why."""


class WaveError(Refusal):
    """The wave cannot be created or changed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class AudienceRules:
    zone: ZoneInfo
    fatigue: timedelta = timedelta(days=30)
    default_language: str = "zh"
    quiet_hours: QuietHours | None = None


@dataclass(frozen=True, slots=True)
class WaveRequest:
    """What an admin asks for, by chat or by command line."""

    template_key: str
    event_kind: str
    window: Window
    send_at: datetime | None = None
    recurrence: Recurrence | None = None
    branch: str | None = None
    staff: str | None = None
    remind: bool = True
    paid_broadcast: bool = False
    """Send at the paid rate (Telegram's ``allow_paid_broadcast``, paid per message)."""
    created_by: int | None = None
    progress_chat_id: int | None = None
    progress_language: str | None = None
