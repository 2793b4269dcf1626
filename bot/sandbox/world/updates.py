"""A bot's update queue with Telegram's getUpdates semantics.

An update stays queued until a getUpdates call passes an ``offset`` above its id; a
negative offset keeps only that many of the newest. Long polling waits for the first new
update; a second poll ends the first with 409, as Telegram does when two instances poll.
``allowed_updates`` is remembered from the last call that passed it and filters updates
as they are created (so, as Telegram warns, it does not affect updates already queued).
A replayed update is queued again with its old id and delivered once, whatever the offset,
which is how a duplicate delivery looks to a bot.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import Any

from ..spec import ApiError, errors
from .waiting import Signal


@dataclass(slots=True)
class _Queued:
    update: dict[str, Any]
    replay: bool = False

    @property
    def id(self) -> int:
        update_id: int = self.update["update_id"]
        return update_id


class UpdateQueue:
    def __init__(self, first_update_id: int, default_types: frozenset[str]) -> None:
        self._pending: deque[_Queued] = deque()
        self._next_id = first_update_id
        self._default_types = default_types
        self.allowed: frozenset[str] = default_types
        self.history: dict[int, dict[str, Any]] = {}
        self._arrived = Signal()
        self._poll_generation = 0
        self._end_reason = errors.OTHER_GET_UPDATES
        self._replays = 0
        self._closed = False

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def push(self, kind: str, payload: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Create an update; returns it and whether it was queued (not filtered out)."""
        update_id = self._next_id
        self._next_id += 1
        update: dict[str, Any] = {"update_id": update_id, kind: payload}
        self.history[update_id] = update
        queued = kind in self.allowed
        if queued:
            self._pending.append(_Queued(update))
            self._arrived.notify()
        return update, queued

    def replay(self, update_id: int) -> dict[str, Any]:
        update = self.history[update_id]
        self._pending.append(_Queued(update, replay=True))
        self._replays += 1
        self._arrived.notify()
        return update

    def set_allowed(self, kinds: list[str]) -> None:
        self.allowed = frozenset(kinds) if kinds else self._default_types

    def drop_pending(self) -> None:
        self._pending.clear()
        self._replays = 0

    def take(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Confirm updates below ``offset`` and return up to ``limit`` of the rest."""
        pending = self._pending
        if offset > 0:
            if self._replays:
                kept = [q for q in pending if q.replay or q.id >= offset]
                pending.clear()
                pending.extend(kept)
            else:
                while pending and pending[0].id < offset:
                    pending.popleft()
        elif offset < 0:
            while len(pending) > -offset:
                pending.popleft()
        batch = [pending[i] for i in range(min(limit, len(pending)))]
        if self._replays:
            for queued in batch:
                if queued.replay:
                    pending.remove(queued)
                    self._replays -= 1
        return [queued.update for queued in batch]

    async def poll(self, offset: int, limit: int, wait: float) -> list[dict[str, Any]]:
        """getUpdates: answer at once if anything is queued, else wait up to ``wait`` s."""
        self.end_poll(errors.OTHER_GET_UPDATES)
        generation = self._poll_generation
        updates = self.take(offset, limit)
        if updates or wait <= 0 or self._closed:
            return updates
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            try:
                async with asyncio.timeout(remaining):
                    await self._arrived.wait()
            except TimeoutError:
                return []
            if generation != self._poll_generation:
                raise ApiError(409, self._end_reason)
            if self._closed:
                return []
            updates = self.take(offset, limit)
            if updates:
                return updates

    def unconfirmed(self) -> list[dict[str, Any]]:
        """What is queued, oldest first, for a webhook to deliver (nothing is taken)."""
        return [queued.update for queued in self._pending]

    def confirm(self, update: dict[str, Any]) -> None:
        """A webhook answered 200 for ``update``: it is delivered."""
        for queued in self._pending:
            if queued.update is update:
                self._pending.remove(queued)
                if queued.replay:
                    self._replays -= 1
                return

    async def arrival(self, seconds: float) -> None:
        """Wait up to ``seconds`` for an update to arrive."""
        try:
            async with asyncio.timeout(seconds):
                await self._arrived.wait()
        except TimeoutError:
            return

    def end_poll(self, reason: str) -> None:
        """End a waiting long poll with 409 ``reason`` (another poll, or setWebhook)."""
        self._poll_generation += 1
        self._end_reason = reason
        self._arrived.notify()

    def reopen(self) -> None:
        self._closed = False

    def close(self) -> None:
        """Release any waiting long poll with an empty answer (the sandbox is stopping)."""
        self._closed = True
        self._arrived.notify()
