"""APScheduler only ticks: one interval job that calls the framework-neutral Ticker."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from surveys.ticker import Ticker


def start_ticking(ticker: Ticker, every_seconds: float) -> AsyncIOScheduler:
    """Start the tick job; never two ticks at once, and missed ticks collapse into one."""
    # A tick that outlasts the interval is normal while a wave sends; do not log each skip.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        ticker.safe_tick,
        "interval",
        seconds=every_seconds,
        max_instances=1,
        coalesce=True,
        id="tick",
    )
    scheduler.start()
    return scheduler


async def stop_ticking(scheduler: AsyncIOScheduler, ticker: Ticker, patience: float = 30.0) -> None:
    """Stop scheduling ticks and let the one in progress finish (never cut a send in half)."""
    scheduler.pause()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(ticker.wait_idle(), timeout=patience)
    scheduler.shutdown(wait=False)
