"""How much one person may ask of the bot, so that one flooding chat cannot starve the others.

Each user has a token bucket: ``burst`` updates at once, then ``per_minute`` a minute.
An update beyond it is dropped before it costs a database transaction (that is what
would make everyone else wait behind a flood); the first one dropped in a spell is
answered once (until their bucket is full again), so a person typing fast learns why the
bot went quiet. Per process and
in memory by design: it guards the process's own work, not a business rule.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    HANDLE = "handle"
    TELL = "tell"  # dropped; the first of a spell: say so once
    DROP = "drop"


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float
    told: bool = False


class FloodGate:
    def __init__(
        self,
        per_minute: float = 60.0,
        burst: int = 20,
        *,
        now: Callable[[], float] = time.monotonic,
        tracked: int = 100_000,
    ) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("per_minute must be positive and burst at least 1")
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._now = now
        self._tracked = tracked
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()
        self.dropped = 0

    def admit(self, user_id: int) -> Verdict:
        """Whether this user's next update is handled, or dropped (and told once)."""
        now = self._now()
        bucket = self._buckets.pop(user_id, None)
        if bucket is None:
            bucket = _Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        self._buckets[user_id] = bucket  # most recent last, for forgetting the oldest
        while len(self._buckets) > self._tracked:
            self._buckets.popitem(last=False)
        if bucket.tokens >= self.burst:
            bucket.told = False  # calm again: a new flood is a new spell
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Verdict.HANDLE
        self.dropped += 1
        if bucket.told:
            return Verdict.DROP
        bucket.told = True
        return Verdict.TELL
