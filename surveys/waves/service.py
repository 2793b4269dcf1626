"""Waves: "send template T to the customers of events E at time S".

A one-off wave stores an absolute window of local dates and a send instant.
Its deliveries are written when it falls due (not when it is created), so
customers who linked their chat in the meantime are included and those who
opted out are not; the preview an admin confirms uses the same code.

A standing wave ("every day at 10:00, survey yesterday's service customers")
is a rule: each time it falls due it creates a one-off child wave for that run
(:mod:`surveys.waves.runner`). An admin may pause, resume or cancel a wave.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from surveys.conversation.catalog import TemplateCatalog, UnknownTemplate
from surveys.i18n import Text, name_key
from surveys.outbox.states import SendStatus
from surveys.storage.tables import Branch, Delivery, Wave
from surveys.storage.uow import UnitOfWork
from surveys.waves.audience import AudienceQuery, AudienceReport, insert_deliveries, select_audience
from surveys.waves.model import (
    AudienceRules,
    EventKind,
    WaveError,
    WaveRequest,
    WaveStatus,
)
from surveys.waves.schedule import RelativeWindow, bounds, resolve


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
        paid_broadcast=request.paid_broadcast,
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


def _status(wave: Wave) -> Text:
    return Text(name_key("wave_status", wave.status))


async def find_wave(uow: UnitOfWork, wave_id: int) -> Wave:
    wave = await uow.session.get(Wave, wave_id)
    if wave is None:
        raise WaveError("no_wave", id=wave_id)
    return wave


async def pause_wave(uow: UnitOfWork, wave_id: int) -> Wave:
    wave = await find_wave(uow, wave_id)
    if wave.status not in (WaveStatus.SCHEDULED.value, WaveStatus.SENDING.value):
        raise WaveError("wave_not_pausable", id=wave_id, status=_status(wave))
    wave.status = WaveStatus.PAUSED.value
    return wave


async def resume_wave(uow: UnitOfWork, wave_id: int) -> Wave:
    wave = await find_wave(uow, wave_id)
    if wave.status != WaveStatus.PAUSED.value:
        raise WaveError("wave_not_paused", id=wave_id, status=_status(wave))
    started = wave.started_at is not None
    wave.status = (WaveStatus.SENDING if started else WaveStatus.SCHEDULED).value
    return wave


async def cancel_wave(uow: UnitOfWork, wave_id: int, now: datetime) -> Wave:
    """Stop a wave: what was not sent yet is cancelled, claimed rows included (a sender
    holding them finds them gone and sends nothing); surveys already sent stay open."""
    wave = await find_wave(uow, wave_id)
    if wave.status in (WaveStatus.DONE.value, WaveStatus.CANCELLED.value):
        raise WaveError("wave_already", id=wave_id, status=_status(wave))
    await uow.session.execute(
        update(Delivery)
        .where(
            Delivery.wave_id == wave_id,
            Delivery.status.in_((SendStatus.PENDING.value, SendStatus.CLAIMED.value)),
        )
        .values(status=SendStatus.CANCELLED.value, last_error="wave_cancelled")
    )
    wave.status = WaveStatus.CANCELLED.value
    wave.finished_at = now
    return wave
