"""The road between a bot and the sandbox: how long a call travels, and whether it is cut.

Telegram is 50-400 ms away. :class:`Latency` is the delay every Bot API call waits before
it is carried out and answered (the control API is never delayed): ``seconds``, or a
method's own delay from ``methods`` (0: that method is not delayed), plus a uniform
``jitter`` in [0, jitter) for a delayed call. Calls wait side by side, as real ones do,
so 30 calls at once with 300 ms latency take about 300 ms.

:class:`Link` is what the gateway reads for each call: the latency in force, and whether
the road is cut (the sandbox stopping, or its port going down). Cutting wakes every call
that waits, so a call still on its way is abandoned (never carried out) and a late answer
is given up. To the client that is a connection closed without an answer (aiogram:
``ServerDisconnectedError``; python-telegram-bot: ``httpx.RemoteProtocolError``), which it
cannot tell from a call that was carried out (see the table in ``bot/sandbox/__init__.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Latency:
    """Seconds a call takes to reach the far end; none by default."""

    seconds: float = 0.0
    jitter: float = 0.0
    methods: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        delays = [self.seconds, self.jitter, *self.methods.values()]
        if any(not 0 <= d <= 600 for d in delays):
            raise ValueError("latency seconds and jitter must be between 0 and 600")

    def base(self, method: str) -> float:
        return self.methods.get(method, self.seconds)

    def to_dict(self) -> dict[str, Any]:
        return {"seconds": self.seconds, "jitter": self.jitter, "methods": dict(self.methods)}


class Link:
    """The latency in force and the signal that cuts every waiting call."""

    def __init__(self, seed: int | None = None) -> None:
        self.latency = Latency()
        self._cut = asyncio.Event()
        self._cuts = 0  # so a wait cut and mended before it wakes still knows
        self._random = random.Random(seed)

    @property
    def is_cut(self) -> bool:
        return self._cut.is_set()

    def cut(self) -> None:
        """Wake every waiting call: the sandbox is stopping or its port went down."""
        self._cuts += 1
        self._cut.set()

    def mend(self) -> None:
        self._cut.clear()

    def delay(self, method: str) -> float:
        """This call's travel time: its method's delay, plus jitter if it is delayed."""
        latency = self.latency
        base = latency.base(method)
        if base <= 0:
            return 0.0
        return base + (self._random.uniform(0, latency.jitter) if latency.jitter else 0.0)

    async def wait(self, seconds: float) -> bool:
        """Sleep ``seconds``; False if the road was cut first (at once if it is cut)."""
        if self._cut.is_set():
            return False
        cuts = self._cuts
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._cut.wait()
        return cuts == self._cuts
