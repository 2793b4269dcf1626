"""What a wave looks like to the people who run it: its counts, status and window."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from surveys.conversation.states import SurveyState
from surveys.i18n import say
from surveys.outbox.states import SendStatus
from surveys.storage.faults import set_aside
from surveys.storage.tables import Branch, Delivery, Wave
from surveys.storage.uow import UnitOfWork
from surveys.waves.model import WaveStatus
from surveys.waves.service import find_wave

BAR_CELLS = 10


@dataclass
class WaveCounts:
    pending: int = 0
    sent: int = 0
    failed: int = 0
    uncertain: int = 0
    cancelled: int = 0
    answered: int = 0
    completed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.pending + self.sent + self.failed + self.uncertain + self.cancelled

    def as_dict(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "sent": self.sent,
            "failed": self.failed,
            "uncertain": self.uncertain,
            "cancelled": self.cancelled,
            "answered": self.answered,
            "completed": self.completed,
            "skipped": dict(self.skipped),
        }


@dataclass(frozen=True, slots=True)
class WaveView:
    id: int
    status: str
    template: str
    event_kind: str
    window: str
    branch: str | None
    send_at: datetime
    recurrence: str | None
    parent_id: int | None
    counts: WaveCounts
    paid_broadcast: bool = False
    set_aside: str | None = None
    """Why the wave was set aside (it failed to start a few times), when it was."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "template": self.template,
            "event_type": self.event_kind,
            "window": self.window,
            "branch": self.branch,
            "send_at": self.send_at.isoformat(),
            "recurrence": self.recurrence,
            "parent_id": self.parent_id,
            "counts": self.counts.as_dict(),
            "paid_broadcast": self.paid_broadcast,
            "set_aside": self.set_aside,
        }


async def wave_counts(uow: UnitOfWork, wave_ids: list[int]) -> WaveCounts:
    counts = WaveCounts()
    rows = await uow.session.execute(
        select(
            Delivery.status,
            func.count(),
            func.count().filter(Delivery.started_at.is_not(None)),
            func.count().filter(Delivery.survey_state == SurveyState.COMPLETED.value),
        )
        .where(Delivery.wave_id.in_(wave_ids))
        .group_by(Delivery.status)
    )
    for status, number, answered, completed in rows.all():
        if status in (SendStatus.PENDING.value, SendStatus.CLAIMED.value, SendStatus.SENDING.value):
            counts.pending += number
        elif status == SendStatus.SENT.value:
            counts.sent += number
        elif status == SendStatus.FAILED.value:
            counts.failed += number
        elif status == SendStatus.UNCERTAIN.value:
            counts.uncertain += number
        elif status == SendStatus.CANCELLED.value:
            counts.cancelled += number
        counts.answered += answered
        counts.completed += completed
    return counts


def _window_text(wave: Wave) -> str:
    if wave.window_relative:
        return wave.window_relative
    if wave.window_start == wave.window_end:
        return f"{wave.window_start}"
    return f"{wave.window_start}..{wave.window_end}"


async def view_wave(uow: UnitOfWork, wave_id: int) -> WaveView:
    wave = await find_wave(uow, wave_id)
    ids = [wave.id]
    skipped: Counter[str] = Counter({k: int(v) for k, v in (wave.skipped or {}).items()})
    if wave.recurrence is not None:
        children = (
            (await uow.session.execute(select(Wave).where(Wave.parent_id == wave.id)))
            .scalars()
            .all()
        )
        ids.extend(child.id for child in children)
        for child in children:
            skipped.update(
                {k: int(v) for k, v in (child.skipped or {}).items() if not k.startswith("_")}
            )
    counts = await wave_counts(uow, ids)
    counts.skipped = dict(skipped)
    branch = await uow.session.get(Branch, wave.branch_id) if wave.branch_id else None
    return WaveView(
        id=wave.id,
        status=wave.status,
        template=wave.template_key,
        event_kind=wave.event_kind,
        window=_window_text(wave),
        branch=branch.name if branch else None,
        send_at=wave.send_at,
        recurrence=wave.recurrence,
        parent_id=wave.parent_id,
        counts=counts,
        paid_broadcast=wave.paid_broadcast,
        set_aside=(await set_aside(uow, "wave", [wave.id])).get(wave.id),
    )


async def list_waves(uow: UnitOfWork, limit: int = 20) -> list[WaveView]:
    ids = (
        (await uow.session.execute(select(Wave.id).order_by(Wave.id.desc()).limit(limit)))
        .scalars()
        .all()
    )
    return [await view_wave(uow, wave_id) for wave_id in ids]


def progress_bar(done: int, total: int) -> str:
    if total <= 0:
        return "░" * BAR_CELLS + "   0%"
    share = done / total
    filled = round(share * BAR_CELLS)
    return "▓" * filled + "░" * (BAR_CELLS - filled) + f" {round(100 * share):>3}%"


def render_progress(view: WaveView, language: str) -> str:
    counts = view.counts
    done = counts.total - counts.pending
    finished = view.status in (WaveStatus.DONE.value, WaveStatus.CANCELLED.value)
    head = say(
        "wave_finished" if finished else "wave_sending",
        language,
        id=view.id,
        template=view.template,
        window=view.window,
        status=say(f"wave_status_{view.status}", language),
    )
    lines = [
        head,
        f"{progress_bar(done, counts.total)}  ({done}/{counts.total})",
        say(
            "wave_counts",
            language,
            sent=counts.sent,
            failed=counts.failed,
            uncertain=counts.uncertain,
            answered=counts.answered,
            completed=counts.completed,
        ),
    ]
    if counts.skipped:
        reasons = ", ".join(
            f"{say('skip_' + reason, language)} {number}"
            for reason, number in sorted(counts.skipped.items())
        )
        lines.append(say("wave_skipped", language, reasons=reasons))
    if counts.uncertain:
        lines.append(say("wave_uncertain", language, count=counts.uncertain))
    if view.paid_broadcast:
        lines.append(say("wave_paid", language))
    if view.set_aside:
        lines.append(say("wave_set_aside", language, reason=view.set_aside))
    return "\n".join(lines)
