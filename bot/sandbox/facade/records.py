"""The facade's records: what the bot did, read now or waited for.

Messages per chat, callback answers, the request log, violations of the Bot API rules and
429s given, each for one bot or for all; and waits that wake whenever the sandbox changes,
so tests wait for an outcome instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..conformance import Violation
from ..world import CallbackAnswer, ChatMessage, LoggedRequest, RateLimitHit, wait_until
from .bots import Bots

T = TypeVar("T")


class Records(Bots):
    """What happened in the sandbox, and waiting until something has."""

    # --- what happened --------------------------------------------------------------

    def messages(self, chat_id: int, *, token: str | None = None) -> list[ChatMessage]:
        """What the bot sent to the chat, oldest first (deleted ones are flagged)."""
        chat = self._bot(token).chats.get(chat_id)
        return chat.bot_messages() if chat is not None else []

    def history(self, chat_id: int, *, token: str | None = None) -> list[ChatMessage]:
        """Both sides of the chat, oldest first."""
        chat = self._bot(token).chats.get(chat_id)
        return list(chat.messages.values()) if chat is not None else []

    def last_message(self, chat_id: int, *, token: str | None = None) -> ChatMessage | None:
        sent = self.messages(chat_id, token=token)
        return sent[-1] if sent else None

    def callback_answers(self, *, token: str | None = None) -> list[CallbackAnswer]:
        answers = self.world.callback_answers
        if token is None:
            return list(answers)
        bot = self._bot(token)
        return [a for a in answers if a.callback_query_id in bot.callback_queries]

    def requests(
        self, method: str | None = None, *, token: str | None = None
    ) -> list[LoggedRequest]:
        bot_id = self._bot(token).identity.id if token is not None else None
        return [
            r
            for r in self.world.requests
            if (method is None or r.method == method) and (bot_id is None or r.bot_id == bot_id)
        ]

    def violations(self, *, token: str | None = None) -> list[Violation]:
        """Every departure from the Bot API rules seen so far, refused or tolerated."""
        if token is None:
            return list(self.world.violations)
        bot_id = self._bot(token).identity.id
        return [v for v in self.world.violations if v.bot_id == bot_id]

    def rate_limit_hits(self, *, token: str | None = None) -> list[RateLimitHit]:
        """Every 429 given, from the flood limits or from an injected storm."""
        if token is None:
            return list(self.world.rate_limit_hits)
        bot_id = self._bot(token).identity.id
        return [h for h in self.world.rate_limit_hits if h.bot_id == bot_id]

    def clear_records(self) -> None:
        """Forget the request log, violations, 429s and callback answers."""
        self.world.requests.clear()
        self.world.violations.clear()
        self.world.rate_limit_hits.clear()
        self.world.callback_answers.clear()

    # --- waiting --------------------------------------------------------------------

    async def wait_for(
        self,
        predicate: Callable[[], T | None],
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the helper's contract
        what: str = "condition",
    ) -> T:
        """The first truthy ``predicate()``, checked whenever the sandbox changes."""
        return await wait_until(self.world.changed, predicate, timeout, what)

    async def wait_for_message(
        self,
        chat_id: int,
        count: int = 1,
        *,
        contains: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the helper's contract
        token: str | None = None,
    ) -> list[ChatMessage]:
        """Wait until the bot has sent ``count`` messages to the chat (those whose text
        or caption contains ``contains``, if given); returns them, oldest first."""

        def matching() -> list[ChatMessage]:
            found = [
                m
                for m in self.messages(chat_id, token=token)
                if contains is None or contains in (m.text or m.caption or "")
            ]
            return found if len(found) >= count else []

        what = f"{count} message(s) to chat {chat_id}" + (
            f" containing {contains!r}" if contains else ""
        )
        return await self.wait_for(matching, timeout, what)

    async def wait_for_request(
        self,
        method: str,
        count: int = 1,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the helper's contract
        token: str | None = None,
    ) -> list[LoggedRequest]:
        """Wait until ``method`` has been called ``count`` times; returns the calls."""

        def matching() -> list[LoggedRequest]:
            found = self.requests(method, token=token)
            return found if len(found) >= count else []

        return await self.wait_for(matching, timeout, f"{count} {method} call(s)")

    async def wait_for_answer(
        self,
        callback_query_id: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the helper's contract
    ) -> CallbackAnswer:
        """Wait until the bot answers the callback query."""

        def answered() -> CallbackAnswer | None:
            return next(
                (
                    a
                    for a in self.world.callback_answers
                    if a.callback_query_id == callback_query_id
                ),
                None,
            )

        return await self.wait_for(answered, timeout, f"an answer to {callback_query_id}")
