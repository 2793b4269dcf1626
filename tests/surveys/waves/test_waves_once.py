"""Every worker may tick: a due wave is still materialised once, its skip counts kept."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Delivery
from surveys.waves.runner import WaveRunner
from surveys.waves.views import view_wave
from tests.surveys.waves.test_waves import Shop


async def test_six_workers_ticking_at_once_start_a_due_wave_once(
    db: Database, database_url: str
) -> None:
    shop = Shop(db)
    await shop.setup()
    for _ in range(20):
        await shop.visit()
    await shop.visit(linked=False)
    wave_id = await shop.wave()
    workers = [Database(database_url) for _ in range(6)]
    try:
        runners = [WaveRunner(worker, shop.clock, shop.rules) for worker in workers]
        started = await asyncio.gather(*(runner.start_due() for runner in runners))
    finally:
        for worker in workers:
            await worker.dispose()
    assert sorted(map(len, started)) == [0, 0, 0, 0, 0, 1], started
    async with UnitOfWork(db, readonly=True) as uow:
        deliveries = (await uow.session.execute(select(func.count(Delivery.id)))).scalar_one()
        view = await view_wave(uow, wave_id)
    assert deliveries == 20
    assert view.counts.skipped == {"not_linked": 1}
