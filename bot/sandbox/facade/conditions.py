"""The conditions a bot's calls meet on their way: Telegram's refusals and the network.

The base of the :class:`~bot.sandbox.Sandbox` facade for everything a test switches at
run time to see how a bot copes with the real Telegram, which is 50-400 ms away, goes
down for minutes, answers 5xx (often nginx's HTML) and 429 in bursts, and may revoke a
token: injected failures (``gateway/failures.py``: 5xx bursts, 401, 429 storms, ...),
flood limits, latency (``gateway/network.py``) and outages, in which the Bot API's port
is closed (connections refused, open ones cut, nothing carried out) and later opened
again on the same host and port with every bit of state kept. The control API's own port
(:attr:`control_url`) stays up through an outage.

A closed port is a refused connection to the client (aiogram: ``TelegramNetworkError``
from ``aiohttp.ClientConnectorError``; python-telegram-bot: ``NetworkError`` from
``httpx.ConnectError``): the one network failure both can tell was never carried out. A
client that reuses a pooled keep-alive connection at the instant the port closes sees that
connection cut instead, as at the real Telegram. Long polls reconnect when it comes back.
Durations of failures are measured on the sandbox's monotonic ``timer``; outages and
latency are real waits in the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..gateway import Failure, FailurePlan, Gateway, Latency, RateLimiter, RateLimits, make_failure
from ..spec import Spec
from .bots import Bots
from .port import Port


class Conditions(Bots):
    """Failures, flood limits, latency and outages, switchable while the sandbox runs."""

    spec: Spec
    gateway: Gateway
    limiter: RateLimiter
    timer: Callable[[], float]
    _failure_ids: Iterator[int]
    _bot_api_port: Port | None
    _comeback: asyncio.Task[None] | None
    _back_at: float | None

    # --- injected failures ----------------------------------------------------------

    def inject(
        self,
        chat_id: int | None,
        kind: str,
        *,
        count: int | None = None,
        seconds: float | None = None,
        retry_after: int = 5,
        status: int = 500,
        html: bool = False,
        carried_out: bool = False,
        delay: float = 90.0,
        methods: frozenset[str] | None = None,
        token: str | None = None,
    ) -> Failure:
        """Make calls naming ``chat_id`` (None: every call) fail, ``count`` times or for
        ``seconds``; see ``gateway/failures.py`` for the kinds."""
        bot_id = self._bot(token).identity.id
        failure = make_failure(
            kind,
            chat_id,
            count=count,
            seconds=seconds,
            now=self.timer(),
            retry_after=retry_after,
            status=status,
            html=html,
            carried_out=carried_out,
            delay=delay,
            methods=methods,
            failure_id=next(self._failure_ids),
        )
        self.gateway.failures.setdefault(bot_id, FailurePlan()).add(failure)
        return failure

    def clear_failures(
        self, chat_id: int | None = None, *, kind: str | None = None, token: str | None = None
    ) -> None:
        """Remove the injected failures of ``chat_id`` and ``kind``, or all of them."""
        plan = self.gateway.failures.get(self._bot(token).identity.id)
        if plan is not None:
            plan.clear(chat_id, kind)

    def failures(self, *, token: str | None = None) -> list[Failure]:
        """The failures still in force (a spent count or an elapsed duration is gone)."""
        plan = self.gateway.failures.get(self._bot(token).identity.id)
        return plan.active(self.timer()) if plan is not None else []

    # --- flood limits ---------------------------------------------------------------

    @property
    def rate_limits(self) -> RateLimits:
        return self.limiter.limits

    def set_rate_limits(self, limits: RateLimits) -> None:
        """Switch flood limits on or off; buckets start full."""
        self.limiter.configure(limits)

    # --- latency --------------------------------------------------------------------

    @property
    def latency(self) -> Latency:
        return self.gateway.link.latency

    def set_latency(
        self,
        seconds: float = 0.0,
        *,
        jitter: float = 0.0,
        methods: Mapping[str, float] | None = None,
    ) -> Latency:
        """Delay every Bot API call ``seconds`` (+ up to ``jitter``) before it is carried out
        and answered; ``methods`` gives some methods their own delay (0: none). 0 ends it."""
        own: dict[str, float] = {}
        for name, delay in (methods or {}).items():
            rule = self.spec.method(name)
            if rule is None:
                raise ValueError(f"the sandbox does not serve {name!r}")
            own[rule.name] = float(delay)
        latency = Latency(float(seconds), float(jitter), own)
        self.gateway.link.latency = latency
        return latency

    # --- outages --------------------------------------------------------------------

    @property
    def is_down(self) -> bool:
        port = self._bot_api_port
        return port is not None and not port.is_open

    def go_down(self, seconds: float | None = None) -> None:
        """Close the Bot API's port now: connections are refused, open ones cut, calls on
        their way abandoned. With ``seconds``, it comes back by itself after them."""
        port = self._bot_api_port
        if port is None:
            raise RuntimeError("the sandbox is not running")
        if seconds is not None and seconds <= 0:
            raise ValueError("seconds must be positive")
        self._cancel_comeback()
        if port.is_open:
            port.close()
            self.gateway.link.cut()
            for bot in self.world.bots.values():
                bot.updates.close()
        if seconds is not None:
            loop = asyncio.get_running_loop()
            self._back_at = loop.time() + seconds
            self._comeback = loop.create_task(self._come_back_after(seconds))

    async def come_back(self) -> None:
        """Open the Bot API's port again on the same host and port; all state is kept.

        Raises :class:`OSError` if something else took the port meanwhile.
        """
        if self._comeback is not asyncio.current_task():
            self._cancel_comeback()
        self._comeback = self._back_at = None
        port = self._bot_api_port
        if port is None or port.is_open:
            return
        await port.open()
        self.gateway.link.mend()
        for bot in self.world.bots.values():
            bot.updates.reopen()

    async def outage(self, seconds: float) -> None:
        """Be down for ``seconds``, then come back."""
        self.go_down()
        await asyncio.sleep(seconds)
        await self.come_back()

    def network_info(self) -> dict[str, Any]:
        back_in = None
        if self._back_at is not None:
            back_in = max(0.0, round(self._back_at - asyncio.get_running_loop().time(), 3))
        return {"down": self.is_down, "back_in": back_in, "latency": self.latency.to_dict()}

    async def _come_back_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self.come_back()

    def _cancel_comeback(self) -> None:
        task, self._comeback, self._back_at = self._comeback, None, None
        if task is not None and not task.done():
            task.cancel()
