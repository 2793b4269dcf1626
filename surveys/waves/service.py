"""Waves: "send template T to the customers of events E at time S".

A one-off wave stores an absolute window of local dates and a send instant.
Its deliveries are written when it falls due (not when it is created), so
customers who linked their chat in the meantime are included and those who
opted out are not; the preview an admin confirms uses the same code.

A standing wave ("every day at 10:00, survey yesterday's service customers")
is a rule: each time it falls due it creates a one-off child wave for that run
and moves its own ``send_at`` to the next run. ``(parent_id, send_at)`` is
unique, so two processes ticking at once cannot create a run twice.

A wave that falls due inside quiet hours waits until they end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from surveys.conversation.catalog import TemplateCatalog, UnknownTemplate
from surveys.conversation.states import SurveyState
from surveys.i18n import Refusal, Text, name_key
from surveys.outbox.states import SendStatus
from surveys.ports import Clock
from surveys.storage.database import Database
from surveys.storage.tables import Branch, Delivery, Wave
from surveys.storage.uow import UnitOfWork
from surveys.waves.audience import AudienceQuery, AudienceReport, insert_deliveries, select_audience
from surveys.waves.schedule import (
    QuietHours,
    Recurrence,
    RelativeWindow,
    StandingWave,
    Window,
    bounds,
    parse_recurrence,
    parse_window,
    resolve,
)


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
    created_by: int | None = None
    progress_chat_id: int | None = None
    progress_language: str | None = None


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
        }


async def branch_id(uow: UnitOfWork, name: str | None) -> int | None:
    if name is None:
        return None
    found = (
        await uow.session.execute(select(Branch.id).where(Branch.name == name))
    ).scalar_one_or_none()
    if found is None:
        known = (await uow.session.execute(select(Branch.name).order_by(Branch.name))).scalars()
        raise WaveError(
            "no_branch_named", name=name, known=", ".join(known) or Text("no_branches_yet")
        )
    return found


def _audience_query(
    wave_kind: str, first: date, last: date, zone: ZoneInfo, branch: int | None, staff: str | None
) -> AudienceQuery:
    starts, ends = bounds(first, last, zone)
    return AudienceQuery(wave_kind, starts, ends, branch_id=branch, staff_name=staff)


async def create_wave(
    uow: UnitOfWork,
    catalog: TemplateCatalog,
    request: WaveRequest,
    zone: ZoneInfo,
    now: datetime,
) -> Wave:
    try:
        template_id, _template = await catalog.latest(uow, request.template_key)
    except UnknownTemplate:
        known = ", ".join(await catalog.keys(uow))
        raise WaveError("no_template_named", name=request.template_key, known=known) from None
    if request.event_kind not in {kind.value for kind in EventKind}:
        raise WaveError("bad_event_kind", value=request.event_kind)
    wave = Wave(
        template_id=template_id,
        template_key=request.template_key,
        event_kind=request.event_kind,
        branch_id=await branch_id(uow, request.branch),
        staff_name=request.staff,
        status=WaveStatus.SCHEDULED.value,
        remind=request.remind,
        skipped={},
        created_by=request.created_by,
        progress_chat_id=request.progress_chat_id,
        progress_language=request.progress_language,
        created_at=now,
    )
    if request.recurrence is not None:
        if not isinstance(request.window, RelativeWindow):
            raise WaveError("standing_needs_relative")
        wave.recurrence = str(request.recurrence)
        wave.window_relative = request.window.name
        wave.send_at = request.recurrence.next_after(now - timedelta(seconds=1), zone)
    else:
        if request.send_at is None:
            raise WaveError("wave_needs_send_time")
        first, last = resolve(request.window, now, zone)
        wave.window_start, wave.window_end = first, last
        wave.send_at = request.send_at
    uow.session.add(wave)
    await uow.session.flush()
    return wave


async def preview_request(
    uow: UnitOfWork, request: WaveRequest, rules: AudienceRules, now: datetime
) -> AudienceReport:
    """Who the request would reach if it were sent now, and who would be skipped, and why."""
    first, last = resolve(request.window, now, rules.zone)
    query = _audience_query(
        request.event_kind,
        first,
        last,
        rules.zone,
        await branch_id(uow, request.branch),
        request.staff,
    )
    report = AudienceReport()
    async for _ in select_audience(
        uow,
        query,
        now=now,
        fatigue=rules.fatigue,
        default_language=rules.default_language,
        report=report,
    ):
        pass
    return report


async def materialize(
    uow: UnitOfWork, wave: Wave, rules: AudienceRules, now: datetime
) -> AudienceReport:
    """Write the wave's deliveries (due now) and record who was skipped and why."""
    assert wave.window_start is not None
    assert wave.window_end is not None
    report = AudienceReport()
    query = _audience_query(
        wave.event_kind,
        wave.window_start,
        wave.window_end,
        rules.zone,
        wave.branch_id,
        wave.staff_name,
    )
    recipients = select_audience(
        uow,
        query,
        now=now,
        fatigue=rules.fatigue,
        default_language=rules.default_language,
        report=report,
    )
    await insert_deliveries(
        uow, recipients, wave_id=wave.id, template_id=wave.template_id, due_at=now, now=now
    )
    skipped: Counter[str] = Counter(report.skipped)
    if report.merged:
        skipped["merged"] = report.merged
    wave.skipped = dict(skipped)
    wave.status = WaveStatus.SENDING.value
    wave.started_at = now
    return report


class WaveRunner:
    """Starts waves that fall due, runs standing waves, and closes finished ones."""

    def __init__(self, db: Database, clock: Clock, rules: AudienceRules) -> None:
        self.db = db
        self.clock = clock
        self.rules = rules

    async def start_due(self) -> list[int]:
        now = self.clock.now()
        await self._spawn_standing_runs(now)
        quiet = self.rules.quiet_hours
        if quiet is not None and quiet.contains(now, self.rules.zone):
            return []
        async with UnitOfWork(self.db, readonly=True) as uow:
            due = (
                (
                    await uow.session.execute(
                        select(Wave.id)
                        .where(
                            Wave.status == WaveStatus.SCHEDULED.value,
                            Wave.recurrence.is_(None),
                            Wave.send_at <= now,
                        )
                        .order_by(Wave.send_at, Wave.id)
                    )
                )
                .scalars()
                .all()
            )
        started: list[int] = []
        for wave_id in due:
            async with UnitOfWork(self.db) as uow:
                wave = await uow.session.get(Wave, wave_id)
                if wave is None or wave.status != WaveStatus.SCHEDULED.value:
                    continue
                await materialize(uow, wave, self.rules, now)
                started.append(wave_id)
        return started

    async def _spawn_standing_runs(self, now: datetime) -> None:
        async with UnitOfWork(self.db, readonly=True) as uow:
            rules = (
                (
                    await uow.session.execute(
                        select(Wave.id).where(
                            Wave.status == WaveStatus.SCHEDULED.value,
                            Wave.recurrence.is_not(None),
                            Wave.send_at <= now,
                        )
                    )
                )
                .scalars()
                .all()
            )
        for rule_id in rules:
            try:
                async with UnitOfWork(self.db) as uow:
                    await self._spawn(uow, rule_id, now)
            except IntegrityError:
                continue  # another process created this run first

    async def _spawn(self, uow: UnitOfWork, rule_id: int, now: datetime) -> None:
        rule = await uow.session.get(Wave, rule_id)
        if rule is None or rule.status != WaveStatus.SCHEDULED.value or rule.send_at > now:
            return
        assert rule.recurrence is not None
        assert rule.window_relative is not None
        standing = StandingWave(
            parse_recurrence(rule.recurrence), parse_window(rule.window_relative)
        )
        first, last = resolve(standing.window, rule.send_at, self.rules.zone)
        child = Wave(
            template_id=rule.template_id,
            template_key=rule.template_key,
            event_kind=rule.event_kind,
            window_start=first,
            window_end=last,
            branch_id=rule.branch_id,
            staff_name=rule.staff_name,
            send_at=rule.send_at,
            parent_id=rule.id,
            status=WaveStatus.SCHEDULED.value,
            remind=rule.remind,
            skipped={},
            created_by=rule.created_by,
            progress_chat_id=rule.progress_chat_id,
            progress_language=rule.progress_language,
            created_at=now,
        )
        uow.session.add(child)
        # The next run comes after both this run and now: a long outage does not replay days.
        rule.send_at = standing.next_run(max(rule.send_at, now), self.rules.zone).send_at
        await uow.session.flush()

    async def close_finished(self) -> list[int]:
        now = self.clock.now()
        open_statuses = (
            SendStatus.PENDING.value,
            SendStatus.CLAIMED.value,
            SendStatus.SENDING.value,
        )
        async with UnitOfWork(self.db) as uow:
            unfinished = (
                select(Delivery.wave_id)
                .where(Delivery.status.in_(open_statuses))
                .distinct()
                .scalar_subquery()
            )
            rows = await uow.session.execute(
                update(Wave)
                .where(Wave.status == WaveStatus.SENDING.value, Wave.id.not_in(unfinished))
                .values(status=WaveStatus.DONE.value, finished_at=now)
                .returning(Wave.id)
            )
            return list(rows.scalars())


# ------------------------------------------------------------------ admin control


def _status(wave: Wave) -> Text:
    return Text(name_key("wave_status", wave.status))


async def _wave(uow: UnitOfWork, wave_id: int) -> Wave:
    wave = await uow.session.get(Wave, wave_id)
    if wave is None:
        raise WaveError("no_wave", id=wave_id)
    return wave


async def pause_wave(uow: UnitOfWork, wave_id: int) -> Wave:
    wave = await _wave(uow, wave_id)
    if wave.status not in (WaveStatus.SCHEDULED.value, WaveStatus.SENDING.value):
        raise WaveError("wave_not_pausable", id=wave_id, status=_status(wave))
    wave.status = WaveStatus.PAUSED.value
    return wave


async def resume_wave(uow: UnitOfWork, wave_id: int) -> Wave:
    wave = await _wave(uow, wave_id)
    if wave.status != WaveStatus.PAUSED.value:
        raise WaveError("wave_not_paused", id=wave_id, status=_status(wave))
    started = wave.started_at is not None
    wave.status = (WaveStatus.SENDING if started else WaveStatus.SCHEDULED).value
    return wave


async def cancel_wave(uow: UnitOfWork, wave_id: int, now: datetime) -> Wave:
    """Stop a wave: what was not sent yet is cancelled; surveys already sent stay open."""
    wave = await _wave(uow, wave_id)
    if wave.status in (WaveStatus.DONE.value, WaveStatus.CANCELLED.value):
        raise WaveError("wave_already", id=wave_id, status=_status(wave))
    await uow.session.execute(
        update(Delivery)
        .where(Delivery.wave_id == wave_id, Delivery.status == SendStatus.PENDING.value)
        .values(status=SendStatus.CANCELLED.value, last_error="wave_cancelled")
    )
    wave.status = WaveStatus.CANCELLED.value
    wave.finished_at = now
    return wave


# ------------------------------------------------------------------ reading


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
    wave = await _wave(uow, wave_id)
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
    )


async def list_waves(uow: UnitOfWork, limit: int = 20) -> list[WaveView]:
    ids = (
        (await uow.session.execute(select(Wave.id).order_by(Wave.id.desc()).limit(limit)))
        .scalars()
        .all()
    )
    return [await view_wave(uow, wave_id) for wave_id in ids]
