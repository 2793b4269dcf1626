"""``surveybot wave create --channel web --out FILE.csv``: survey links for an SMS gateway.

One row per customer of the wave who has no chat with the bot: their id, name, phone,
language and the link to their survey on the web (``SURVEYBOT_WEB_URL/s/TOKEN``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from bot.wiring import Services
from surveys.storage import UnitOfWork
from surveys.waves.audience import AudienceQuery
from surveys.waves.model import WaveRequest
from surveys.waves.schedule import bounds, resolve
from surveys.waves.service import branch_id
from surveys.web.links import LinkPolicy
from surveys.web.wave_links import unlinked_links

COLUMNS = ("customer_id", "name", "phone", "language", "link")


async def write_wave_links(uow: UnitOfWork, app: Services, request: WaveRequest, out: Path) -> int:
    """Write the links of the wave's unlinked customers to ``out``; returns how many."""
    settings, keys = app.settings, app.domain.web_keys
    assert keys is not None
    now = app.clock.now()
    first, last = resolve(request.window, now, settings.zone)
    starts, ends = bounds(first, last, settings.zone)
    query = AudienceQuery(
        request.event_kind,
        starts,
        ends,
        branch_id=await branch_id(uow, request.branch),
        staff_name=request.staff,
    )
    base = settings.web_url.rstrip("/")
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        async for row in unlinked_links(
            uow,
            keys,
            app.catalog,
            LinkPolicy(settings.zone, settings.language),
            query,
            request.template_key,
            now=now,
            fatigue=app.rules.fatigue,
        ):
            writer.writerow(
                (row.customer_id, row.name, row.phone or "", row.language, f"{base}/s/{row.token}")
            )
            written += 1
    return written
