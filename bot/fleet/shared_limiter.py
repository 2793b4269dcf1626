"""One rate budget for every worker: the limiter every sender uses, with a Redis turn.

Each worker keeps its own :class:`RateLimiter` (replies first, each chat's notices in
turn, in this process); a send it lets through then takes its turn in Redis, where one
script (atomic, on Redis's own clock) keeps for all workers together:

* the overall pace: sends at least ``1 / rate`` apart (a reply books the next free
  instant and waits for it; a notice goes only when the next instant is now, so replies
  come first across workers too);
* one notice a second per chat (any send to a chat counts as its last);
* the pause after a 429: any worker's :meth:`pause` holds every worker.

Keys live under ``prefix`` (the bot's id by default), and expire on their own.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.ports import Priority

log = logging.getLogger(__name__)

_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local spacing = tonumber(ARGV[1])
local chat_us = tonumber(ARGV[2])
local notice = ARGV[3] == '1'
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused - now end
local ready = tonumber(redis.call('GET', KEYS[3]) or '0')
if notice and ready > now then return ready - now end
local at = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
if notice and at > now then return at - now end
redis.call('SET', KEYS[1], string.format('%d', at + spacing), 'PX', 60000)
local hold = math.max(ready, at + chat_us)
redis.call('SET', KEYS[3], string.format('%d', hold), 'PX', math.floor(chat_us / 1000) + 1000)
return -(at - now) - 1
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untl = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if untl > paused then
  local ttl = math.floor(tonumber(ARGV[1]) / 1000) + 1000
  redis.call('SET', KEYS[1], string.format('%d', untl), 'PX', ttl)
end
return 0
"""

_PAUSED = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
return math.max(paused - now, 0)
"""


class SharedLimiter(RateLimiter):
    """A :class:`RateLimiter` whose budget is shared through Redis with other workers."""

    def __init__(
        self,
        redis: Any,
        prefix: str,
        per_second: float | None = 30.0,
        *,
        chat_interval: float = 1.0,
    ) -> None:
        super().__init__(per_second, chat_interval=chat_interval)
        self.redis = redis
        self.prefix = prefix
        self._script_take = redis.register_script(_TAKE)
        self._script_pause = redis.register_script(_PAUSE)
        self._script_paused = redis.register_script(_PAUSED)
        self._spacing_us = int(1_000_000 / per_second) if per_second else 0
        self._chat_us = int(chat_interval * 1_000_000)
        self._pausing: set[asyncio.Task[None]] = set()
        self.shared_waits = 0  # turns that had to wait for another worker's sends

    async def acquire(self, chat_id: int, priority: Priority) -> None:
        await super().acquire(chat_id, priority)
        keys = [f"{self.prefix}:next", f"{self.prefix}:paused", f"{self.prefix}:chat:{chat_id}"]
        notice = "1" if priority == Priority.NOTICE else "0"
        while True:
            answer = int(
                await self._script_take(keys=keys, args=[self._spacing_us, self._chat_us, notice])
            )
            if answer < 0:
                wait = -answer - 1
                if wait > 0:
                    await asyncio.sleep(wait / 1_000_000)
                return
            self.shared_waits += 1
            await asyncio.sleep(max(answer, 1000) / 1_000_000)

    def pause(self, seconds: float) -> None:
        super().pause(seconds)
        task = asyncio.get_running_loop().create_task(self._pause_all(seconds))
        self._pausing.add(task)
        task.add_done_callback(self._pausing.discard)

    async def _pause_all(self, seconds: float) -> None:
        try:
            micros = int(max(seconds, 0.0) * 1_000_000)
            await self._script_pause(keys=[f"{self.prefix}:paused"], args=[micros])
        except Exception:  # Redis is down: this worker still pauses on its own
            log.exception("could not share a pause of %.1f s with the other workers", seconds)

    async def wait_resumed(self) -> None:
        await super().wait_resumed()
        # Another worker's pause lives in Redis: no event of ours can announce its end.
        while (left := int(await self._script_paused(keys=[f"{self.prefix}:paused"]))) > 0:  # noqa: ASYNC110
            await asyncio.sleep(left / 1_000_000)
