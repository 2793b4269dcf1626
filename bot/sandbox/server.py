"""The :class:`Sandbox`: a local Telegram Bot API server with simulated users.

Start it in the test's (or demo's) event loop, point a real bot framework at
``sandbox.base_url``, then drive it as users would and read what they received::

    async with Sandbox(bot_username="surveybot_demo_bot") as sandbox:
        sandbox.add_user(42, "Ann", language_code="en")
        sandbox.press_start(42, "receipt-7f3a")
        [reply] = await sandbox.wait_for_message(42)

Everything here is also reachable over HTTP under ``/_sandbox/`` (``control.py``).
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import string
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from aiohttp import web

from .api import Settings
from .conformance import Violation
from .control import control_routes
from .failures import Failure, FailurePlan, make_failure
from .gateway import Gateway, bot_id_of
from .ratelimit import RateLimiter, RateLimits
from .spec import Spec, load_spec
from .state import (
    BotIdentity,
    BotState,
    CallbackAnswer,
    ChatMessage,
    LoggedRequest,
    RateLimitHit,
    SimUser,
    World,
)
from .users import UserActionError, Users
from .waiting import wait_until

T = TypeVar("T")
DEFAULT_BOT_ID = 6_000_000_001
_SECRET_ALPHABET = string.ascii_letters + string.digits + "_-"


def make_token(bot_id: int = DEFAULT_BOT_ID) -> str:
    """A random token of Telegram's shape for ``bot_id``."""
    secret = "AA" + "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(33))
    return f"{bot_id}:{secret}"


class Sandbox:
    """A Telegram Bot API for tests and demos: real HTTP, simulated users, full records."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_username: str = "surveybot_demo_bot",
        bot_name: str = "Survey Bot",
        rate_limits: RateLimits | None = None,
        callback_query_timeout: float | None = None,
        first_update_id: int = 1,
        log_limit: int | None = 100_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.spec: Spec = load_spec()
        self.world = World(
            self.spec.default_update_types,
            first_update_id,
            requests=deque(maxlen=log_limit),
        )
        self.token = token or make_token()
        self.configure_bot(self.token, username=bot_username, first_name=bot_name)
        self.limiter = RateLimiter(rate_limits or RateLimits())
        self.settings = Settings(callback_query_timeout=callback_query_timeout)
        self.clock = clock
        self.gateway = Gateway(self.world, self.spec, self.limiter, self.settings, clock)
        self.users = Users(self.world)
        self._failure_ids = itertools.count(1)
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    # --- server ---------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.add_routes(self.gateway.routes())
        app.add_routes(control_routes(self))
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: any free port); returns :attr:`base_url`."""
        if self._runner is not None:
            raise RuntimeError("the sandbox is already running")
        self.gateway.closing = asyncio.Event()
        for bot in self.world.bots.values():
            bot.updates.reopen()
        runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound_host, bound_port = runner.addresses[0][:2]
        shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
        self.base_url = f"http://{shown}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        """Release waiting long polls and delayed answers, then close the server."""
        self.gateway.closing.set()
        for bot in self.world.bots.values():
            bot.updates.close()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- bots -----------------------------------------------------------------------

    def _bot(self, token: str | None) -> BotState:
        bot_id = bot_id_of(token or self.token)
        if bot_id is None:
            raise ValueError(f"{token!r} is not a bot token (<digits>:<35 characters>)")
        return self.world.bot(bot_id)

    def configure_bot(
        self,
        token: str,
        *,
        username: str,
        first_name: str = "Survey Bot",
        can_join_groups: bool = True,
    ) -> BotIdentity:
        """Set who ``token``'s bot is (getMe); any other well-formed token works too."""
        bot_id = bot_id_of(token)
        if bot_id is None:
            raise ValueError(f"{token!r} is not a bot token (<digits>:<35 characters>)")
        identity = self.world.identity(bot_id)
        identity.username, identity.first_name = username, first_name
        identity.can_join_groups = can_join_groups
        return identity

    def bot_info(self, token: str | None = None) -> dict[str, Any]:
        return self._bot(token).identity.get_me()

    def pending_updates(self, token: str | None = None) -> int:
        return self._bot(token).updates.pending_count

    # --- users ----------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        *,
        is_premium: bool = False,
        started: bool = True,
    ) -> SimUser:
        """A user whose private chat (id == user id) is open with every bot.

        ``started=False`` makes a user who never pressed Start: bots get 403 "bot can't
        initiate conversation with a user" until the user writes first.
        """
        user = SimUser(user_id, first_name, last_name, username, language_code, is_premium, started)
        self.world.users[user_id] = user
        for bot in self.world.bots.values():
            chat = bot.chats.get(user_id)
            if chat is not None:
                chat.user = user
        return user

    def send_text(self, user_id: int, text: str, *, token: str | None = None) -> dict[str, Any]:
        """The user types ``text``; returns the update queued for the bot."""
        return self.users.send_text(self._bot(token), user_id, text, self.clock())

    def press_start(
        self, user_id: int, payload: str | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """The user opens ``t.me/<bot>?start=<payload>`` and presses Start."""
        text = f"/start {payload}" if payload else "/start"
        return self.send_text(user_id, text, token=token)

    def share_contact(
        self,
        user_id: int,
        phone_number: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        contact_user_id: int | Literal["own"] | None = "own",
        token: str | None = None,
    ) -> dict[str, Any]:
        """The user shares a contact: their own (``contact_user_id="own"``, as the
        "share my phone number" button does), someone else's (their user id), or one
        that is not on Telegram (None). ``phone_number`` is sent exactly as given."""
        owner = user_id if contact_user_id == "own" else contact_user_id
        assert owner is None or isinstance(owner, int)
        return self.users.share_contact(
            self._bot(token),
            user_id,
            self.clock(),
            phone_number=phone_number,
            first_name=first_name,
            last_name=last_name,
            contact_user_id=owner,
        )

    def send_document(
        self,
        user_id: int,
        file_name: str,
        data: bytes,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """The user uploads a file; the bot can getFile and download it."""
        return self.users.send_document(
            self._bot(token),
            user_id,
            self.clock(),
            file_name=file_name,
            mime_type=mime_type,
            data=data,
            caption=caption,
        )

    def tap(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user_id: int | None = None,
        forge: bool = False,
        token: str | None = None,
    ) -> str:
        """Press the inline button carrying ``callback_data``; returns the query id.

        ``user_id`` makes another user tap the message; ``forge=True`` skips the check
        that such a button exists (a crafted or stale callback).
        """
        query_id, _ = self.users.tap(
            self._bot(token),
            chat_id,
            message_id,
            callback_data,
            self.clock(),
            user_id=user_id,
            forge=forge,
        )
        return query_id

    def replay(self, update_id: int, *, token: str | None = None) -> dict[str, Any]:
        """Deliver an already delivered update again, same update_id (a duplicate)."""
        bot = self._bot(token)
        if update_id not in bot.updates.history:
            raise UserActionError(f"no update {update_id} was ever created")
        return bot.updates.replay(update_id)

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

    # --- failures and limits --------------------------------------------------------

    def inject(
        self,
        chat_id: int | None,
        kind: str,
        *,
        count: int | None = None,
        retry_after: int = 5,
        status: int = 500,
        delay: float = 90.0,
        methods: frozenset[str] | None = None,
        token: str | None = None,
    ) -> Failure:
        """Make calls naming ``chat_id`` (None: every call) fail; see ``failures.py``."""
        bot_id = self._bot(token).identity.id
        failure = make_failure(
            kind,
            chat_id,
            count=count,
            retry_after=retry_after,
            status=status,
            delay=delay,
            methods=methods,
            failure_id=next(self._failure_ids),
        )
        self.gateway.failures.setdefault(bot_id, FailurePlan()).add(failure)
        return failure

    def clear_failures(self, chat_id: int | None = None, *, token: str | None = None) -> None:
        """Remove the injected failures of ``chat_id``, or all of them."""
        plan = self.gateway.failures.get(self._bot(token).identity.id)
        if plan is not None:
            plan.clear(chat_id)

    def failures(self, *, token: str | None = None) -> list[Failure]:
        plan = self.gateway.failures.get(self._bot(token).identity.id)
        return plan.active() if plan is not None else []

    @property
    def rate_limits(self) -> RateLimits:
        return self.limiter.limits

    def set_rate_limits(self, limits: RateLimits) -> None:
        """Switch flood limits on or off; buckets start full."""
        self.limiter.configure(limits)

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
