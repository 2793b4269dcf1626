"""The :class:`Sandbox`: a local Telegram Bot API server with simulated users.

Start it in the test's (or demo's) event loop, point a real bot framework at
``sandbox.base_url``, then drive it as users would and read what they received::

    async with Sandbox(bot_username="surveybot_demo_bot") as sandbox:
        sandbox.add_user(42, "Ann", language_code="en")
        sandbox.press_start(42, "receipt-7f3a")
        [reply] = await sandbox.wait_for_message(42)

This module wires the parts and serves them; the facade's other powers are in ``bots.py``,
``user_actions.py`` (what simulated users do) and ``records.py`` (what the bot did).
Everything is also reachable over HTTP under ``/_sandbox/`` (``control.py``).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable

from aiohttp import web

from ..gateway import Failure, FailurePlan, Gateway, RateLimiter, RateLimits, Settings, make_failure
from ..spec import Spec, load_spec
from ..world import World
from .bots import make_token
from .control import control_routes
from .records import Records
from .user_actions import UserActions
from .users import Users


class Sandbox(UserActions, Records):
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
        """Make calls naming ``chat_id`` (None: every call) fail; see ``gateway/failures.py``."""
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
