"""The webhook: Telegram POSTs each update; the 200 goes back only once its effect is
committed, so an update a worker dies with is sent again. The reply goes on after the
200 (a survey's reply is owed in the same transaction, and sent again if the worker dies
first): a webhook call is not held for the reply's round trips, and Telegram, which has
at most ``max_connections`` calls open to a worker, sends the next update sooner. The
chat's lane stays held until the reply is sent; a graceful stop waits ``grace`` seconds
for the replies still going.

A call without ``X-Telegram-Bot-Api-Secret-Token`` or with another value is answered 401
and has no effect (compared in constant time). An unreadable update is recorded and
answered 200 (Telegram would send it forever); a failed one 500, so Telegram sends it
again. Within a worker one chat's updates go in order; across workers the engine's chat
lock keeps them apart. ``GET /healthz`` says whether the database (and Redis) answer.

:func:`webhook_app` returns a plain aiohttp application, so that more pages (the web
sub-application of :mod:`bot.web`, when there is one) can be mounted beside it with
``app.add_subapp(prefix, sub)`` before it is served.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.intake.feeding import chat_of
from bot.intake.handling import Handling, Outcome
from bot.intake.lanes import Lanes
from bot.intake.metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Health = Callable[[], Awaitable[dict[str, bool]]]
"""Whether each part the worker needs answers: ``{"database": True, "redis": False}``."""


def secret_matches(given: str | None, secret: str) -> bool:
    """Constant time, whatever the length or content of ``given``."""
    return hmac.compare_digest((given or "").encode("utf-8"), secret.encode("utf-8"))


def webhook_app(
    path: str,
    secret: str,
    handling: Handling,
    health: Health,
    *,
    lanes: Lanes | None = None,
    metrics: Metrics | None = None,
    grace: float = 10.0,
) -> web.Application:
    lanes = lanes or Lanes()
    replying: set[asyncio.Future[Any]] = set()

    async def receive(request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), secret):
            if metrics is not None:
                metrics.rejected_webhook_calls.inc()
            return web.Response(status=401, text="unauthorized")
        try:
            update = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        if not isinstance(update, dict):
            return web.Response(status=400, text="not an update")
        committed = asyncio.Event()
        job = asyncio.ensure_future(
            lanes.run(chat_of(update), lambda: handling.handle(update, committed.set))
        )
        replying.add(job)
        job.add_done_callback(replying.discard)
        waiter = asyncio.ensure_future(committed.wait())
        try:
            await asyncio.wait({job, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
        if not job.done():
            return web.json_response({})  # committed; its reply is on its way
        outcome = job.result()
        if outcome is Outcome.FAILED:
            return web.Response(status=500, text="try again")
        return web.json_response({})

    async def healthz(request: web.Request) -> web.Response:
        parts = await health()
        status = 200 if all(parts.values()) else 503
        return web.json_response(
            {name: "ok" if up else "down" for name, up in parts.items()}, status=status
        )

    async def finish_replies(app: web.Application) -> None:
        if not replying:
            return
        _, late = await asyncio.wait(set(replying), timeout=grace)
        for job in late:
            job.cancel()
        if late:
            log.warning("%d replies still going at stop: cancelled (owed ones go later)", len(late))

    app = web.Application(client_max_size=8 * 1024 * 1024)
    app.on_cleanup.append(finish_replies)
    app.router.add_post(path or "/", receive)
    app.router.add_get("/healthz", healthz)
    return app
