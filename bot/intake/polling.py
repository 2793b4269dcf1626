"""Our own long polling: ``getUpdates`` read as plain JSON, each update handled in its
chat's lane, and an offset passed on only past updates whose effect is committed.

A worker killed at any moment loses nothing (what it held was never confirmed, so
Telegram sends it again) and handles nothing twice (the engine records each update id
with its effect). An update counts as done once its effect is committed, before its
reply's round trips (a survey's reply is owed in that transaction): Telegram repeats every
unconfirmed update in each answer, so the sooner one is confirmed the less is read twice.
One unreadable update is skipped and recorded; the rest of its batch is handled. At most
``in_hand`` updates are held at once (handled, or replied to); a graceful stop lets those
in hand finish (up to ``grace`` seconds), confirms them, and leaves the rest to Telegram.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

import aiohttp

from bot.intake.feeding import Raw, chat_of, update_id_of
from bot.intake.handling import Handling
from bot.intake.lanes import Lanes
from bot.intake.watermark import Watermark

log = logging.getLogger(__name__)

RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0, 5.0)
AGAIN_SECONDS = 0.1
"""While updates are in hand, how soon to ask again for those that came after them."""
BATCH = 100
"""The most updates one ``getUpdates`` answer holds (Telegram's own maximum)."""
ENOUGH_IN_HAND = BATCH // 2
"""With this many in hand, the next poll waits until one is committed: every answer
repeats all that is unconfirmed, so a poll made while the batch is mostly full would read
up to a hundred updates to find a few new ones (updates not yet taken wait at Telegram's
end instead, as they would in our lanes). Likewise, with more than half a batch seen but
not confirmed (done above an older one still in hand), the poll waits up to
``AGAIN_SECONDS`` for the offset to move on."""


class Poller:
    def __init__(
        self,
        api_base: str,
        token: str,
        handling: Handling,
        *,
        allowed_updates: list[str],
        timeout: int = 25,
        lanes: Lanes | None = None,
        in_hand: int = 256,
        grace: float = 10.0,
    ) -> None:
        self.url = f"{api_base}/bot{token}/getUpdates"
        self.handling = handling
        self.allowed_updates = allowed_updates
        self.timeout = timeout
        self.lanes = lanes or Lanes()
        self.max_in_hand = in_hand
        self.grace = grace
        self.watermark = Watermark()
        self._tasks: set[asyncio.Task[None]] = set()
        self._progress = asyncio.Event()
        self._progressed = 0  # updates committed, or finished (done, or given back), so far
        self._stopping = False

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set, then finish what is in hand and confirm it."""
        timeout = aiohttp.ClientTimeout(total=self.timeout + 30)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            stopper = asyncio.ensure_future(stop.wait())
            try:
                await self._loop(http, stopper)
            finally:
                stopper.cancel()
                self._stopping = True
                await self._drain()
                with suppress(Exception):
                    await self._get(http, self.watermark.offset, 0, limit=1)

    async def _loop(self, http: aiohttp.ClientSession, stopper: asyncio.Future[Any]) -> None:
        failures = 0
        while not stopper.done():
            if len(self._tasks) >= self.max_in_hand or self.watermark.in_hand >= ENOUGH_IN_HAND:
                await self._wait_progress(stopper, 1.0, self._progressed)
                continue
            await self._room_or_a_moment(stopper)
            since = self._progressed
            poll = asyncio.ensure_future(self._get(http, self.watermark.offset, self.timeout))
            await asyncio.wait({poll, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if not poll.done():
                poll.cancel()
                with suppress(asyncio.CancelledError, Exception):
                    await poll
                return
            try:
                batch = poll.result()
            except Exception as error:
                wait = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                if failures == 0:
                    log.warning("getUpdates failed (%s); trying again", _said(error))
                failures += 1
                await self._wait_progress(stopper, wait, None)
                continue
            if failures:
                log.info("getUpdates answers again")
            failures = 0
            if batch and not self._take(batch):
                # Everything returned is in hand or done (Telegram repeats what is
                # unconfirmed): ask again once one finishes, or shortly, to see what came
                # after it.
                await self._wait_progress(stopper, AGAIN_SECONDS, since)

    def _take(self, batch: list[Raw]) -> bool:
        new = False
        for update in batch:
            update_id = update_id_of(update)
            if update_id is None or not self.watermark.take(update_id):
                continue
            new = True
            task = asyncio.create_task(self._one(update_id, update), name=f"update-{update_id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return new

    async def _one(self, update_id: int, update: Raw) -> None:
        attempt, chat = 0, chat_of(update)
        committed = False

        def done() -> None:
            nonlocal committed
            if not committed:
                committed = True
                self.watermark.finish(update_id)
                self._advance()

        try:
            while True:
                outcome = await self.lanes.run(chat, lambda: self.handling.handle(update, done))
                if outcome.final or committed:
                    done()
                    return
                if self._stopping:
                    self.watermark.give_back(update_id)
                    return
                await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1
        except asyncio.CancelledError:
            if not committed:
                self.watermark.give_back(update_id)
            raise
        finally:
            self._advance()

    def _advance(self) -> None:
        self._progressed += 1
        self._progress.set()

    async def _room_or_a_moment(self, stopper: asyncio.Future[Any]) -> None:
        """Until at most half a batch would come back again, or ``AGAIN_SECONDS``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + AGAIN_SECONDS
        while self.watermark.unconfirmed > BATCH - ENOUGH_IN_HAND and not stopper.done():
            left = deadline - loop.time()
            if left <= 0:
                return
            await self._wait_progress(stopper, left, self._progressed)

    async def _wait_progress(
        self, stopper: asyncio.Future[Any], seconds: float, since: int | None
    ) -> None:
        """Wait up to ``seconds`` for an update to finish after the count ``since`` (None:
        just wait), or for the stop."""
        if since is not None and self._progressed != since:
            return
        self._progress.clear()
        progressed = asyncio.ensure_future(self._progress.wait())
        try:
            await asyncio.wait(
                {progressed, stopper}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            progressed.cancel()

    async def _drain(self) -> None:
        tasks = set(self._tasks)
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=self.grace)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late)
            log.warning("%d updates handed back to Telegram at stop", len(late))

    async def _get(
        self, http: aiohttp.ClientSession, offset: int, wait: int, *, limit: int = BATCH
    ) -> list[Raw]:
        body: dict[str, Any] = {"offset": offset, "timeout": wait, "limit": limit}
        body["allowed_updates"] = self.allowed_updates
        async with http.post(self.url, json=body) as response:
            answer = await response.json(content_type=None)
        if not isinstance(answer, dict) or not answer.get("ok"):
            status = answer.get("error_code") if isinstance(answer, dict) else response.status
            raise PollRefused(int(status or response.status))
        result = answer.get("result")
        return [u for u in result if isinstance(u, dict)] if isinstance(result, list) else []


class PollRefused(Exception):
    """The Bot API answered getUpdates with an error (401 token, 409 another poller...)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"the Bot API answered {status}")
        self.status = status


def _said(error: BaseException) -> str:
    """An error in a log line without the URL (it holds the token)."""
    return str(error) if isinstance(error, PollRefused) else type(error).__name__
