"""Telegram's flood limits, switchable: messages per second overall and per chat.

The Bots FAQ gives about 30 messages per second across chats and 1 per second in one
chat, with short bursts allowed before HTTP 429; a message sent with
``allow_paid_broadcast`` draws on a budget of its own (up to 1,000 per second, paid in
Stars) instead of the 30. Each bot token gets a token bucket for
all its chats and one per chat; a message needs a token from both. A refused message
costs nothing and learns how long until it would pass (``retry_after``, whole seconds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..spec.limits import MESSAGE_METHODS


@dataclass(slots=True)
class RateLimits:
    """Flood-limit settings; ``enabled`` is off by default."""

    enabled: bool = False
    per_second: float = 30.0
    burst: int = 30
    per_chat_per_second: float = 1.0
    chat_burst: int = 3
    methods: frozenset[str] = MESSAGE_METHODS
    paid_per_second: float = 1000.0
    paid_burst: int = 1000

    def to_dict(self) -> dict[str, object]:
        return {
            "enabled": self.enabled,
            "per_second": self.per_second,
            "burst": self.burst,
            "per_chat_per_second": self.per_chat_per_second,
            "chat_burst": self.chat_burst,
            "methods": sorted(self.methods),
            "paid_per_second": self.paid_per_second,
            "paid_burst": self.paid_burst,
        }


@dataclass(slots=True)
class _Bucket:
    rate: float
    capacity: float
    tokens: float
    stamp: float

    def refill(self, now: float) -> None:
        if now > self.stamp:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now

    def wait(self) -> float:
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate


@dataclass(slots=True)
class _BotBuckets:
    overall: _Bucket
    paid: _Bucket
    chats: dict[int | str, _Bucket] = field(default_factory=dict)


class RateLimiter:
    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._bots: dict[int, _BotBuckets] = {}

    def configure(self, limits: RateLimits) -> None:
        """New settings start with full buckets."""
        self.limits = limits
        self._bots.clear()

    def counts(self, method: str) -> bool:
        return self.limits.enabled and method in self.limits.methods

    def acquire(
        self, bot_id: int, chat_id: int | str, now: float, *, paid: bool = False
    ) -> tuple[int, str] | None:
        """Take a token for one message; or return (retry_after, "chat" | "overall")."""
        limits = self.limits
        buckets = self._bots.get(bot_id)
        if buckets is None:
            overall = _Bucket(limits.per_second, limits.burst, limits.burst, now)
            paid_budget = _Bucket(limits.paid_per_second, limits.paid_burst, limits.paid_burst, now)
            buckets = self._bots[bot_id] = _BotBuckets(overall, paid_budget)
        chat = buckets.chats.get(chat_id)
        if chat is None:
            chat = _Bucket(limits.per_chat_per_second, limits.chat_burst, limits.chat_burst, now)
            buckets.chats[chat_id] = chat
        budget = buckets.paid if paid else buckets.overall
        chat.refill(now)
        budget.refill(now)
        for bucket, scope in ((chat, "chat"), (budget, "overall")):
            wait = bucket.wait()
            if wait > 0:
                return max(1, math.ceil(wait)), scope
        chat.tokens -= 1.0
        budget.tokens -= 1.0
        return None
