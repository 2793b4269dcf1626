"""One circuit breaker for everything the bot sends: open while Telegram cannot be reached.

When a send finds Telegram down or the bot not allowed (connection refused, DNS, 401,
404 on the base URL, 409, a 5xx other than 502/504), the breaker opens: nothing more is
claimed or sent, and what was in hand goes back to pending without spending an attempt.
While open, a cheap probe (``getMe``) is tried after a backoff that doubles up to a cap;
the first probe that gets through closes the breaker and sending resumes at once. One
line is logged when it opens and one when it closes. Time is passed in (a monotonic
``now``), so tests run it in seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Probe = Callable[[], Awaitable[str | None]]
"""Tries Telegram once: None when it answered, else the reason it is still unreachable."""


@dataclass(frozen=True, slots=True)
class BreakerConfig:
    first_backoff: float = 1.0
    """Seconds before the first probe after the breaker opened."""
    max_backoff: float = 5.0
    """The longest wait between two probes: recovery is noticed within this many seconds."""


@dataclass(frozen=True, slots=True)
class Outage:
    """A spell in which the bot could not reach Telegram, as its end reports it."""

    reason: str
    seconds: float


class Breaker:
    def __init__(
        self,
        config: BreakerConfig | None = None,
        *,
        now: Callable[[], float] = time.monotonic,
        on_close: Callable[[Outage], Awaitable[None]] | None = None,
    ) -> None:
        self.config = config or BreakerConfig()
        self._now = now
        self._on_close = on_close
        self._opened_at: float | None = None
        self._reason = ""
        self._backoff = self.config.first_backoff
        self._next_probe = 0.0
        self._probing = asyncio.Lock()
        self.opened = 0  # how many times it opened, for monitoring

    @property
    def closed(self) -> bool:
        return self._opened_at is None

    @property
    def reason(self) -> str:
        return self._reason

    def trip(self, reason: str) -> None:
        """A send found Telegram unreachable: stop sending until a probe gets through."""
        if self._opened_at is not None:
            return
        self._opened_at = self._now()
        self._reason = reason
        self._backoff = self.config.first_backoff
        self._next_probe = self._opened_at + self._backoff
        self.opened += 1
        log.warning("Telegram unreachable (%s): sending paused, probing until it answers", reason)

    async def ready(self, probe: Probe) -> bool:
        """True when sending may go on: the breaker is closed, or a probe due now got
        through and closed it. At most one probe runs at a time."""
        if self._opened_at is None:
            return True
        if self._now() < self._next_probe:
            return False
        async with self._probing:
            if self._opened_at is None:
                return True
            if self._now() < self._next_probe:
                return False
            still = await probe()
            if still is not None:
                self._reason = still
                self._backoff = min(self._backoff * 2, self.config.max_backoff)
                self._next_probe = self._now() + self._backoff
                return False
            await self._close()
            return True

    async def _close(self) -> None:
        assert self._opened_at is not None
        outage = Outage(self._reason, self._now() - self._opened_at)
        self._opened_at = None
        log.warning(
            "Telegram reachable again after %.0f s (%s): sending resumed",
            outage.seconds,
            outage.reason,
        )
        if self._on_close is not None:
            await self._on_close(outage)
