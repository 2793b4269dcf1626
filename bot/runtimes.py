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
ALLOWED_UPDATES = ("message", "callback_query")
"""The only updates the bot asks Telegram for, passed explicitly by both runtimes."""


class Runtime(Protocol):
    """What the CLI, the demo and the tests need from a running bot."""

    ready: asyncio.Event  # set once polling has started
    ticker: Ticker | None  # set before ``ready``
    limiter: RateLimiter | None

    def stop(self) -> None: ...

    async def run(self) -> None:
        """Poll until :meth:`stop` is called."""
        ...


class RuntimeState:
    """What every runtime holds besides its framework: the services, where and how to poll,
    and the events the CLI, the demo and the tests wait on."""

    def __init__(
        self,
        services: Services,
        *,
        token: str,
        api_base: str,
        tick_seconds: float | None = 2.0,
        polling_timeout: int = 25,
    ) -> None:
        self.services = services
        self.token = token
        self.api_base = api_base
        self.tick_seconds = tick_seconds
        self.polling_timeout = polling_timeout
        self.ready = asyncio.Event()
        self.ticker: Ticker | None = None
        self.limiter: RateLimiter | None = None
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()


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
