"""What the demo leaves behind and says at the end: the chart, the export, the summary."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, distinct, func, or_, select

from bot.wiring import Services
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Complaint, Delivery, Wave

WAVE_DEADLINE_SECONDS = 20.0
ADMIN_ID = 700100
MANAGERS = (
    (700201, "赵主管", "浦东店", 1),
    (700202, "钱总", "浦东店", 2),
    (700203, "孙主管", "闵行店", 1),
)
TEMPLATE_FOR = {"service": "post_service", "sale": "post_sale"}


async def write_reports(
    app: Services, folder: Path, visit_day: date, files: tuple[str, ...]
) -> dict[str, str]:
    """The chart and the export a manager would get, written next to the database."""
    from surveys.reports import ReportScope, build_report, render_chart_async, write_csv

    today = visit_day + timedelta(days=1)  # surveys count by visit day, complaints by today
    scope = ReportScope(visit_day - timedelta(days=6), today, app.settings.zone)
    async with UnitOfWork(app.db, readonly=True) as uow:
        report = await build_report(uow, scope, now=app.clock.now())
    chart = folder / files[1]
    png = await render_chart_async(report, language="zh")
    await asyncio.to_thread(chart.write_bytes, png)
    export = folder / files[2]
    await write_csv(app.db, scope, export, include_phone=True, language="zh")
    return {"chart": str(chart), "export": str(export)}


async def summarise(app: Services, wave_ids: list[int], visit_day: date) -> dict[str, Any]:
    """The figures of the round, from the same reports managers get."""
    from surveys.reports import ReportScope, summary

    scope = ReportScope(visit_day, visit_day, app.settings.zone)
    async with UnitOfWork(app.db, readonly=True) as uow:
        numbers = (await summary(uow, scope, now=app.clock.now())).scores
        unhappy = await _unhappy_customers(uow, wave_ids)
        waves = (
            (await uow.session.execute(select(Wave).where(Wave.id.in_(wave_ids)))).scalars().all()
        )
        complaints = dict(
            (
                await uow.session.execute(
                    select(Complaint.status, func.count()).group_by(Complaint.status)
                )
            ).all()
        )
    skipped: Counter[str] = Counter()
    for wave in waves:
        skipped.update(wave.skipped or {})
    figures: dict[str, Any] = {
        "deliveries": numbers.deliveries,
        "sent": numbers.sent,
        "answered": numbers.answered,
        "completed": numbers.completed,
        "response_rate": numbers.response_rate,
        "completion_rate": numbers.completion_rate,
        "csat": numbers.csat,
        "csat_responses": numbers.csat_responses,
        "nps": numbers.nps,
        "nps_responses": numbers.nps_responses,
        "unhappy": unhappy,
        "skipped": dict(skipped),
        "complaints": {status: int(count) for status, count in complaints.items()},
    }
    return figures


async def _unhappy_customers(uow: UnitOfWork, wave_ids: list[int]) -> int:
    """Surveys with an overall score of 1-2 or an unhappy comment."""
    rows = await uow.session.execute(
        select(func.count(distinct(Answer.delivery_id)))
        .join(Delivery, Delivery.id == Answer.delivery_id)
        .where(
            Delivery.wave_id.in_(wave_ids),
            or_(
                and_(Answer.question_id == "overall", Answer.value_int <= 2),
                Answer.sentiment_label == "negative",
            ),
        )
    )
    return int(rows.scalar_one())
