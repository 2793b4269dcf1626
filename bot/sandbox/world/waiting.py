"""Waiting for the sandbox to change without polling: a signal and a wait helper."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Signal:
    """Wakes everyone waiting for a change; costs nothing when nobody waits."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def notify(self) -> None:
        event = self._event
        if event is not None:
            self._event = None
            event.set()

    async def wait(self) -> None:
        if self._event is None:
            self._event = asyncio.Event()
        await self._event.wait()


async def wait_until(
    signal: Signal, predicate: Callable[[], T | None], seconds: float, what: str = "condition"
) -> T:
    """Return the first truthy ``predicate()``, re-checked each time ``signal`` fires.

    Raises :class:`TimeoutError` naming ``what`` if ``seconds`` pass first.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        result = predicate()
        if result:
            return result
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError(f"timed out after {seconds:g}s waiting for {what}")
        try:
            async with asyncio.timeout(remaining):
                await signal.wait()
        except TimeoutError:
            continue
