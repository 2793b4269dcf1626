"""The :class:`Sandbox`: a local Telegram Bot API server with simulated users.

Start it in the test's (or demo's) event loop, point a real bot framework at
``sandbox.base_url``, then drive it as users would and read what they received::

    async with Sandbox(bot_username="surveybot_demo_bot") as sandbox:
        sandbox.add_user(42, "Ann", language_code="en")
        sandbox.press_start(42, "receipt-7f3a")
        [reply] = await sandbox.wait_for_message(42)

This module wires the parts and serves them on two ports: the Bot API (with the control
API under ``/_sandbox/`` beside it, as ``base_url/_sandbox``), which an outage closes, and
the control API alone (:attr:`control_url`), which stays up. The facade's other powers
are in ``bots.py``, ``user_actions.py`` (what simulated users do), ``records.py`` (what
the bot did) and ``conditions.py`` (failures, flood limits, latency, outages); the HTTP
routes are in ``control.py``.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable

from aiohttp import web

from ..gateway import Gateway, RateLimiter, RateLimits, Settings
from ..spec import Spec, load_spec
from ..world import World
from .bots import make_token
from .conditions import Conditions
from .control import control_routes
from .port import Port
from .records import Records
from .user_actions import UserActions
from .users import Users
from .webhooks import WebhookDeliveries


class Sandbox(UserActions, Records, Conditions):
    """A Telegram Bot API for tests and demos: real HTTP, simulated users, full records.

    ``clock`` gives dates (Unix seconds) and the flood limits' time; ``timer``, a
    monotonic clock, how long injected failures last.
    """

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
        timer: Callable[[], float] = time.monotonic,
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
        self.timer = timer
        self.gateway = Gateway(self.world, self.spec, self.limiter, self.settings, clock, timer)
        self.users = Users(self.world)
        self.webhooks = WebhookDeliveries(self.world)
        self._failure_ids = itertools.count(1)
        self.base_url = ""
        self.control_url = ""
        self._ports: list[Port] = []
        self._bot_api_port: Port | None = None
        self._comeback = None
        self._back_at = None

    # --- server ---------------------------------------------------------------------

    def make_app(self) -> web.Application:
        """The Bot API, the control API beside it, and nginx's 404 for any other path."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.add_routes(self.gateway.routes())
        app.add_routes(control_routes(self))
        app.add_routes([self.gateway.fallback_route()])
        return app

    def make_control_app(self) -> web.Application:
        """The control API alone, for its own port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.add_routes(control_routes(self))
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0, control_port: int = 0) -> str:
        """Serve on ``host:port``, the control API also on ``control_port`` (0: any free
        port); returns :attr:`base_url`."""
        if self._ports:
            raise RuntimeError("the sandbox is already running")
        self.gateway.link.mend()
        for bot in self.world.bots.values():
            bot.updates.reopen()
        bot_api = await self._serve(self.make_app(), host, port)
        control = await self._serve(self.make_control_app(), host, control_port)
        self._bot_api_port = bot_api
        self.base_url = bot_api.url
        self.control_url = f"{control.url}/_sandbox"
        self.webhooks.start()
        return self.base_url

    async def _serve(self, app: web.Application, host: str, port: int) -> Port:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        listening = Port(runner)
        self._ports.append(listening)
        await listening.open(host, port)
        return listening

    async def stop(self) -> None:
        """Release waiting long polls and delayed answers, then close the server."""
        self._cancel_comeback()
        await self.webhooks.stop()
        self.gateway.link.cut()
        for bot in self.world.bots.values():
            bot.updates.close()
        ports, self._ports = self._ports, []
        self._bot_api_port = None
        for port in ports:
            await port.shutdown()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
