"""Delivering updates to a bot's webhook the way Telegram does.

Several requests at once (up to the webhook's ``max_connections``), one chat in order (a
chat's next update goes only once the previous one got its 200), and again, after a
growing pause, when no 200 came back. ``X-Telegram-Bot-Api-Secret-Token`` carries the
secret given to ``setWebhook``. Only addresses on this machine are called (the sandbox
stands in for a self-hosted Bot API server beside the bot); any other webhook keeps its
updates pending, as Telegram's do while it cannot reach the bot.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from ..spec.limits import LOOPBACK_HOSTS
from ..world import BotState, World

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_SECONDS = (0.1, 0.25, 0.5, 1.0, 2.0)
REQUEST_TIMEOUT = 60.0
IDLE_SECONDS = 0.5


def chat_of(update: dict[str, Any]) -> int | None:
    for key, body in update.items():
        if key == "update_id" or not isinstance(body, dict):
            continue
        chat = body.get("chat") or (body.get("message") or {}).get("chat")
        if isinstance(chat, dict):
            return chat.get("id")
        return (body.get("from") or {}).get("id")
    return None


class _BotDelivery:
    """One bot's deliveries: who is in flight, which chats wait, when to try again."""

    def __init__(self, bot: BotState) -> None:
        self.bot = bot
        self.in_flight: dict[int, asyncio.Task[None]] = {}  # update id -> request
        self.retry_at: dict[int, float] = {}
        self.failures: dict[int, int] = {}
        self.delivered = 0


class WebhookDeliveries:
    """Runs in the sandbox's event loop while it serves; see the module's docstring."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._bots: dict[int, _BotDelivery] = {}
        self._task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None
        self.attempts = 0  # requests made, for tests

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="sandbox-webhooks")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        for delivery in self._bots.values():
            for request in delivery.in_flight.values():
                request.cancel()
            for request in list(delivery.in_flight.values()):
                with suppress(asyncio.CancelledError):
                    await request
        self._bots.clear()
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def _run(self) -> None:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT))
        while True:
            waits = [self._round(token, bot) for token, bot in list(self.world.bots.items())]
            soonest = min((w for w in waits if w is not None), default=IDLE_SECONDS)
            # Woken by a new update or a 200 (both change the world), else by the timer.
            with suppress(TimeoutError):
                async with asyncio.timeout(max(soonest, 0.001)):
                    await self.world.changed.wait()

    def _round(self, token: int, bot: BotState) -> float | None:
        """Start every request that may go now; the seconds until the next retry."""
        hook = bot.webhook
        if hook is None or urlsplit(hook.url).hostname not in LOOPBACK_HOSTS:
            return None
        delivery = self._bots.get(token)
        if delivery is None or delivery.bot is not bot:
            delivery = self._bots[token] = _BotDelivery(bot)
        now = time.monotonic()
        busy: set[int | None] = set()
        soonest: float | None = None
        for update in bot.updates.unconfirmed():
            update_id = update["update_id"]
            chat = chat_of(update)
            if chat in busy and chat is not None:
                continue  # an earlier update of this chat has not had its 200 yet
            busy.add(chat)
            if update_id in delivery.in_flight:
                continue
            at = delivery.retry_at.get(update_id, 0.0)
            if at > now:
                soonest = at - now if soonest is None else min(soonest, at - now)
                continue
            if len(delivery.in_flight) >= hook.max_connections:
                break
            delivery.in_flight[update_id] = asyncio.create_task(
                self._deliver(delivery, update, hook.url, hook.secret_token)
            )
        return soonest

    async def _deliver(
        self, delivery: _BotDelivery, update: dict[str, Any], url: str, secret: str | None
    ) -> None:
        update_id = update["update_id"]
        headers = {SECRET_HEADER: secret} if secret else {}
        ok = False
        try:
            assert self._http is not None
            self.attempts += 1
            async with self._http.post(url, json=update, headers=headers) as response:
                await response.read()
                ok = response.status == 200
        except (aiohttp.ClientError, TimeoutError, OSError):
            ok = False
        finally:
            delivery.in_flight.pop(update_id, None)
        if ok:
            delivery.bot.updates.confirm(update)
            delivery.retry_at.pop(update_id, None)
            delivery.failures.pop(update_id, None)
            delivery.delivered += 1
            self.world.changed.notify()
            return
        failures = delivery.failures[update_id] = delivery.failures.get(update_id, 0) + 1
        pause = RETRY_SECONDS[min(failures - 1, len(RETRY_SECONDS) - 1)]
        delivery.retry_at[update_id] = time.monotonic() + pause
