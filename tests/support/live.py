"""The real bot and the sandbox on an event loop of their own thread, for property tests.

Hypothesis runs each example as a plain function call and cannot await; the bot is
expensive to start. So the bot (with its sandbox and database) is started once, on a
loop in a background thread, and each example hands it coroutines to run there and waits
for their result. State carries over from one example to the next, as in a real chat.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, TypeVar

from tests.support.harness import BotHarness, running_bot

T = TypeVar("T")


class Errors(logging.Handler):
    """Every ERROR (or worse) any logger writes, from any thread: an unhandled exception in
    a handler is logged by both frameworks, not raised to the test."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()[:300]}" for r in self.records]


class LiveBot:
    """A running bot on its own thread's loop; :meth:`run` awaits a coroutine there."""

    def __init__(self, database_url: str, folder: Path, **settings: Any) -> None:
        self.errors = Errors()
        logging.getLogger().addHandler(self.errors)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._running: AbstractAsyncContextManager[BotHarness] = running_bot(
            database_url, folder, **settings
        )
        self.harness: BotHarness = self.run(self._running.__aenter__(), timeout=60)

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def call(self, step: Callable[[BotHarness], Awaitable[T]], timeout: float = 60) -> T:
        async def wrapped() -> T:
            return await step(self.harness)

        return self.run(wrapped(), timeout)

    def close(self) -> None:
        """Stop the bot (the sandbox then checks the bot broke none of Telegram's rules)."""
        try:
            self.run(self._running.__aexit__(None, None, None), timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            logging.getLogger().removeHandler(self.errors)
