"""A Messenger that keeps to the rate limits, and what it does when Telegram still says 429."""

from __future__ import annotations

from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.ports import Messenger, Outgoing, Priority, RateLimited


class LimitedMessenger:
    """Wraps the chat framework's Messenger: every send first takes a slot from the limiter.

    On 429 the limiter pauses every send for ``retry_after``. A reply (a customer is
    waiting for it) waits the pause out and is tried again, up to ``reply_retries`` times;
    a notice is handed back to its caller, the outbox, which schedules it again. Other
    send errors pass through untouched.

    Answering a callback is not a message and takes no slot, but it too waits while a
    pause is in force.
    """

    def __init__(self, inner: Messenger, limiter: RateLimiter, *, reply_retries: int = 3) -> None:
        if reply_retries < 0:
            raise ValueError(f"reply_retries must be >= 0, not {reply_retries}")
        self.inner = inner
        self.limiter = limiter
        self.reply_retries = reply_retries
        self.retried = 0  # replies sent again after a 429, for monitoring

    async def send(self, message: Outgoing) -> int:
        retries = 0
        while True:
            await self.limiter.acquire(message.chat_id, message.priority)
            try:
                return await self.inner.send(message)
            except RateLimited as flood:
                self.limiter.pause(flood.retry_after)
                if message.priority != Priority.REPLY or retries >= self.reply_retries:
                    raise
            retries += 1
            self.retried += 1

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        await self.limiter.wait_resumed()
        try:
            await self.inner.answer_callback(callback_id, text, alert)
        except RateLimited as flood:
            self.limiter.pause(flood.retry_after)
            raise

    async def probe(self) -> None:
        """Asking Telegram who the bot is takes no slot: it is not a message."""
        await self.inner.probe()
