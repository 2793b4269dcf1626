"""Micro-batches: many concurrent callers, one database transaction for all of them.

Each caller submits one item and waits for its own result; the items that arrive
within ``window`` seconds (or ``size`` of them, whichever comes first) are handed to
``flush`` together. So a hundred sends in flight cost a handful of "sending" commits
and a handful of outcome commits, not two hundred.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Batcher(Generic[T, R]):
    def __init__(
        self,
        flush: Callable[[Sequence[T]], Awaitable[Sequence[R]]],
        *,
        window: float = 0.01,
        size: int = 100,
    ) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        self._flush = flush
        self.window = window
        self.size = size
        self._items: list[T] = []
        self._waiters: list[asyncio.Future[R]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Task[None]] = set()
        self.flushes = 0

    async def submit(self, item: T) -> R:
        return await self.offer(item)

    def offer(self, item: T) -> asyncio.Future[R]:
        """Queue ``item`` for the next flush without waiting for it; the future says how
        it went (whoever does not await it must still read its exception)."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._items.append(item)
        self._waiters.append(future)
        if len(self._items) >= self.size:
            self._start()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.window, self._start)
        return future

    async def drain(self) -> None:
        """Flush what is waiting now and wait for every flush under way."""
        if self._items:
            self._start()
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    def _start(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        items, waiters = self._items, self._waiters
        self._items, self._waiters = [], []
        if not items:
            return
        task = asyncio.ensure_future(self._run(items, waiters))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, items: list[T], waiters: list[asyncio.Future[R]]) -> None:
        self.flushes += 1
        try:
            results = await self._flush(items)
        except asyncio.CancelledError:
            for waiter in waiters:
                waiter.cancel()
            raise
        except Exception as error:
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_exception(error)
            return
        for waiter, result in zip(waiters, results, strict=True):
            if not waiter.done():
                waiter.set_result(result)
