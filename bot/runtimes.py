"""The chat frameworks the bot runs on, behind one small surface.

Both runtimes poll the Bot API, hand updates to the same engine, send through the same
outbound stack (:func:`bot.wiring.assemble_outbound`) and tick the same scheduler. The
framework is imported only when it is chosen (``import aiogram`` alone takes seconds).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.chat.staff_menus import StaffMenus
    from bot.intake import Feeder
    from bot.intake.metrics import Metrics
    from bot.intake.running import Intake, WebhookConfig
    from bot.wiring import Services
    from bot.wiring.outbound import LimiterFactory
    from surveys.outbox.pacing.ratelimit import RateLimiter
    from surveys.ticker import Ticker

FRAMEWORKS = ("aiogram", "ptb")
ALLOWED_UPDATES = ("message", "callback_query")
"""The only updates the bot asks Telegram for, passed explicitly by both runtimes."""
MENU_SECONDS = 60.0
"""How often staff members' menus are brought in step with the staff table."""

log = logging.getLogger(__name__)
lifecycle = logging.getLogger("surveybot")
"""Which bot started, polls and stopped: shown at WARNING too (see :mod:`bot.logs.setup`)."""


def announce_polling(
    username: str | None, api_base: str, framework: str, options: IntakeOptions | None = None
) -> None:
    webhook = options.webhook if options is not None else None
    if webhook is None:
        lifecycle.info("@%s is polling %s for updates (%s)", username, api_base, framework)
    else:
        lifecycle.info(
            "@%s takes updates from %s at %s:%s (%s)",
            username,
            api_base,
            webhook.host,
            webhook.port,
            framework,
        )


def announce_stopped(username: str | None, options: IntakeOptions | None = None) -> None:
    if options is not None and options.webhook is not None:
        lifecycle.info("@%s stopped taking updates", username)
    else:
        lifecycle.info("@%s stopped polling", username)


class Runtime(Protocol):
    """What the CLI, the demo and the tests need from a running bot."""

    ready: asyncio.Event  # set once polling has started
    ticker: Ticker | None  # set before ``ready``
    limiter: RateLimiter | None
    menus: StaffMenus | None  # set (and synced once) before ``ready``
    intake: Intake | None  # how updates come in, set before ``ready``

    def stop(self) -> None: ...

    async def run(self) -> None:
        """Poll until :meth:`stop` is called."""
        ...


@dataclass(frozen=True, slots=True)
class IntakeOptions:
    """How updates come in and what is shared: long polling with this process's own rate
    budget by default; ``serve`` sets a webhook, metrics and a limiter shared by workers."""

    webhook: WebhookConfig | None = None
    metrics: Metrics | None = None
    metrics_port: int | None = None
    make_limiter: LimiterFactory | None = None


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
        options: IntakeOptions | None = None,
    ) -> None:
        self.services = services
        self.token = token
        self.api_base = api_base
        self.tick_seconds = tick_seconds
        self.polling_timeout = polling_timeout
        self.options = options or IntakeOptions()
        self.intake: Intake | None = None
        self.ready = asyncio.Event()
        self.ticker: Ticker | None = None
        self.limiter: RateLimiter | None = None
        self.menus: StaffMenus | None = None
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    def make_limiter(self, budget: str, per_second: float | None) -> RateLimiter:
        from bot.wiring.outbound import own_limiter

        factory = self.options.make_limiter or own_limiter
        return factory(budget, per_second)

    def take_updates(self, feeder: Feeder) -> Intake:
        """Our own intake (long polling, or the webhook in ``serve``) over ``feeder``."""
        from bot.intake.handling import Handling
        from bot.intake.running import Intake

        options = self.options
        handling = Handling(feeder, self.services.db, self.services.clock.now, options.metrics)
        if options.metrics is not None and not options.metrics.live:
            options.metrics.watch(
                self.services.db,
                self.services.clock.now,
                lambda: self.limiter.stats() if self.limiter is not None else None,
            )
        self.intake = Intake(
            api_base=self.api_base,
            token=self.token,
            handling=handling,
            allowed_updates=list(ALLOWED_UPDATES),
            polling_timeout=self.polling_timeout,
            webhook=options.webhook,
            metrics=options.metrics,
            metrics_port=options.metrics_port,
        )
        return self.intake

    async def start_menus(self, menus: StaffMenus) -> asyncio.Task[None]:
        """Bring staff menus in step now, then every :data:`MENU_SECONDS` until stopped."""
        self.menus = menus
        await self._sync_menus(menus)
        return asyncio.create_task(self._keep_menus(menus), name="staff-menus")

    async def _keep_menus(self, menus: StaffMenus) -> None:
        while not self._stop.is_set():
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=MENU_SECONDS)
                return
            await self._sync_menus(menus)

    @staticmethod
    async def _sync_menus(menus: StaffMenus) -> None:
        try:
            await menus.sync()
        except Exception:  # the database is down: menus wait for the next round
            log.exception("staff menus were not synced")

    @staticmethod
    async def end_task(task: asyncio.Task[None]) -> None:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def make_runtime(
    framework: str,
    services: Services,
    *,
    token: str,
    api_base: str,
    tick_seconds: float | None = 2.0,
    polling_timeout: int = 25,
    options: IntakeOptions | None = None,
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
            options=options,
        )
    if framework == "ptb":
        from bot.ptb import PtbRuntime

        return PtbRuntime(
            services,
            token=token,
            api_base=api_base,
            tick_seconds=tick_seconds,
            polling_timeout=polling_timeout,
            options=options,
        )
    raise ValueError(f"unknown chat framework {framework!r}: one of {', '.join(FRAMEWORKS)}")
