"""One chat in order, many chats in parallel, a bounded number at once.

A job waits first for the earlier jobs of its chat (so a waiting chat holds no slot),
then for one of ``concurrency`` slots. Jobs without a chat only wait for a slot.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class _Lane:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()  # FIFO: waiters acquire in arrival order
        self.users = 0


class Lanes:
    def __init__(self, concurrency: int = 64) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be >= 1, not {concurrency}")
        self.concurrency = concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self._lanes: dict[int, _Lane] = {}
        self.running = 0

    async def run(self, chat: int | None, job: Callable[[], Awaitable[T]]) -> T:
        if chat is None:
            return await self._in_slot(job)
        lane = self._lanes.get(chat)
        if lane is None:
            lane = self._lanes[chat] = _Lane()
        lane.users += 1
        try:
            async with lane.lock:
                return await self._in_slot(job)
        finally:
            lane.users -= 1
            if lane.users == 0:
                del self._lanes[chat]

    async def _in_slot(self, job: Callable[[], Awaitable[T]]) -> T:
        async with self._slots:
            self.running += 1
            try:
                return await job()
            finally:
                self.running -= 1

    @property
    def chats(self) -> int:
        """Chats with a job running or waiting."""
        return len(self._lanes)
