"""Taking updates for as long as a runtime runs: long polling, or a webhook server.

``async with Intake(...)`` starts taking updates on entry and, on exit, stops taking new
ones and lets those in hand finish: the poller confirms them; the webhook server closes
its port and gives running requests ``grace`` seconds before dropping them (no 200 went
back for those, so Telegram sends them again). With ``metrics_port`` ``GET /metrics`` is
served on a port of its own.

In webhook mode every worker calls ``setWebhook`` at start with the URL exactly as given
(self-hosted Bot API servers accept plain http and any port), the secret,
``allowed_updates`` and ``max_connections``; a failure is logged and retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.fleet.health import Health
from bot.intake import webhook
from bot.intake.handling import Handling
from bot.intake.lanes import Lanes
from bot.intake.metrics import Metrics, metrics_app
from bot.intake.polling import Poller
from bot.intake.webhook import webhook_app

log = logging.getLogger(__name__)

REGISTER_RETRY_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """Where a worker listens and what it tells ``setWebhook``; ``health`` is what
    ``GET /healthz`` asks (None: whether the database answers). ``pages`` are mounted
    beside the webhook before it is served, as ``(prefix, aiohttp sub-application)``:
    the place for the web pages of :mod:`bot.web`."""

    url: str
    secret: str
    health: webhook.Health | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    max_connections: int = 40
    grace: float = 10.0
    pages: tuple[tuple[str, web.Application], ...] = ()
    install: tuple[Callable[[web.Application], None], ...] = ()
    """Called with the worker's application before it is served, to add routes at its
    root (the survey links and the desk of :mod:`bot.web`)."""


class Intake:
    def __init__(
        self,
        *,
        api_base: str,
        token: str,
        handling: Handling,
        allowed_updates: list[str],
        polling_timeout: int = 25,
        webhook: WebhookConfig | None = None,
        metrics: Metrics | None = None,
        metrics_port: int | None = None,
        metrics_host: str = "127.0.0.1",
        concurrency: int = 64,
    ) -> None:
        self.api_base = api_base
        self.token = token
        self.handling = handling
        self.allowed_updates = allowed_updates
        self.polling_timeout = polling_timeout
        self.webhook = webhook
        self.metrics = metrics
        self.metrics_port = metrics_port
        self.metrics_host = metrics_host
        self.lanes = Lanes(concurrency)
        self.registered = asyncio.Event()
        self._runners: list[web.AppRunner] = []
        self._tasks: list[asyncio.Task[Any]] = []
        self._stop = asyncio.Event()
        self.poller: Poller | None = None
        self.app: web.Application | None = None

    async def __aenter__(self) -> Intake:
        if self.metrics is not None and self.metrics_port is not None:
            await self._serve(metrics_app(self.metrics), self.metrics_host, self.metrics_port)
        if self.webhook is None:
            await self._call("deleteWebhook", {"drop_pending_updates": False}, quiet=True)
            self.poller = Poller(
                self.api_base,
                self.token,
                self.handling,
                allowed_updates=self.allowed_updates,
                timeout=self.polling_timeout,
                lanes=self.lanes,
            )
            self._spawn(self.poller.run(self._stop), "polling")
        else:
            hook = self.webhook
            health = hook.health or Health(self.handling.db)
            self.app = webhook_app(
                urlsplit(hook.url).path or "/",
                hook.secret,
                self.handling,
                health,
                lanes=self.lanes,
                metrics=self.metrics,
                grace=hook.grace,
            )
            for prefix, pages in hook.pages:
                self.app.add_subapp(prefix, pages)
            for install in hook.install:
                install(self.app)
            await self._serve(self.app, hook.host, hook.port, reuse_port=True, grace=hook.grace)
            self._spawn(self._register(hook), "set-webhook")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        for runner in reversed(self._runners):
            await runner.cleanup()  # stops listening, then waits for running requests
        for task in self._tasks:
            if task.get_name() == "set-webhook":
                task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task

    def _spawn(self, work: Any, name: str) -> None:
        self._tasks.append(asyncio.create_task(work, name=name))

    async def _serve(
        self,
        app: web.Application,
        host: str,
        port: int,
        *,
        reuse_port: bool = False,
        grace: float = 2.0,
    ) -> None:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=grace)
        await runner.setup()
        self._runners.append(runner)
        site = web.TCPSite(runner, host, port, reuse_port=reuse_port or None)
        await site.start()

    async def _register(self, hook: WebhookConfig) -> None:
        params = {
            "url": hook.url,
            "secret_token": hook.secret,
            "allowed_updates": self.allowed_updates,
            "max_connections": hook.max_connections,
        }
        while not await self._call("setWebhook", params):  # noqa: ASYNC110 (retried on a timer)
            await asyncio.sleep(REGISTER_RETRY_SECONDS)
        self.registered.set()

    async def _call(self, method: str, params: dict[str, Any], *, quiet: bool = False) -> bool:
        """One Bot API call as JSON; False (and a log line without the token) on failure."""
        url = f"{self.api_base}/bot{self.token}/{method}"
        try:
            timeout = aiohttp.ClientTimeout(total=30)
            async with (
                aiohttp.ClientSession(timeout=timeout) as http,
                http.post(url, json=params) as response,
            ):
                answer = await response.json(content_type=None)
        except Exception as error:
            log.warning("%s failed (%s); trying again", method, type(error).__name__)
            return False
        if isinstance(answer, dict) and answer.get("ok"):
            return True
        if not quiet:
            said = answer.get("description") if isinstance(answer, dict) else response.status
            log.warning("%s was refused (%s); trying again", method, said)
        return False
