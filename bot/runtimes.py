"""The chat frameworks the bot runs on, behind one small surface.

Both runtimes poll the Bot API, hand updates to the same engine, send through the same
outbound stack (:func:`bot.wiring.assemble_outbound`) and tick the same scheduler. The
framework is imported only when it is chosen (``import aiogram`` alone takes seconds).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.wiring import Services
    from surveys.ratelimit import RateLimiter
    from surveys.ticker import Ticker

FRAMEWORKS = ("aiogram", "ptb")


class Runtime(Protocol):
    """What the CLI, the demo and the tests need from a running bot."""

    ready: asyncio.Event  # set once polling has started
    ticker: Ticker | None  # set before ``ready``
    limiter: RateLimiter | None

    def stop(self) -> None: ...

    async def run(self) -> None:
        """Poll until :meth:`stop` is called."""
        ...


def make_runtime(
    framework: str,
    services: Services,
    *,
    token: str,
    api_base: str,
    tick_seconds: float | None = 2.0,
    polling_timeout: int = 25,
) -> Runtime:
    """The runtime of ``framework`` (one of :data:`FRAMEWORKS`)."""
    if framework == "aiogram":
        from bot.aiogram import AiogramRuntime

        return AiogramRuntime(
            services,
            token=token,
            api_base=api_base,
            tick_seconds=tick_seconds,
            polling_timeout=polling_timeout,
        )
    if framework == "ptb":
        from bot.ptb import PtbRuntime

        return PtbRuntime(
            services,
            token=token,
            api_base=api_base,
            tick_seconds=tick_seconds,
            polling_timeout=polling_timeout,
        )
    raise ValueError(f"unknown chat framework {framework!r}: one of {', '.join(FRAMEWORKS)}")
