"""The control API's routes for the conditions a bot's calls meet: flood limits, injected
failures, latency and outages (the routes are listed in ``control.py``'s docstring).

An outage closes the Bot API's port, and with it ``base_url/_sandbox``: asked for there,
the answer is sent before the port closes, but only :attr:`~bot.sandbox.Sandbox.control_url`
is reachable until it comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from ..gateway import RateLimits
from .control_http import Route, ok, optional_float, read_body, token_of

if TYPE_CHECKING:
    from .server import Sandbox


def conditions_routes(sandbox: Sandbox) -> list[Route]:
    async def get_rate_limits(request: web.Request) -> web.StreamResponse:
        return ok({"rate_limits": sandbox.rate_limits.to_dict()})

    async def put_rate_limits(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        current = sandbox.rate_limits
        methods = body.get("methods")
        limits = RateLimits(
            enabled=bool(body.get("enabled", True)),
            per_second=float(body.get("per_second", current.per_second)),
            burst=int(body.get("burst", current.burst)),
            per_chat_per_second=float(body.get("per_chat_per_second", current.per_chat_per_second)),
            chat_burst=int(body.get("chat_burst", current.chat_burst)),
            methods=frozenset(methods) if methods is not None else current.methods,
            paid_per_second=float(body.get("paid_per_second", current.paid_per_second)),
            paid_burst=int(body.get("paid_burst", current.paid_burst)),
        )
        sandbox.set_rate_limits(limits)
        return ok({"rate_limits": limits.to_dict()})

    async def get_failures(request: web.Request) -> web.StreamResponse:
        now = sandbox.timer()
        found = sandbox.failures(token=token_of(request))
        return ok({"failures": [f.to_dict(now) for f in found]})

    async def add_failure(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        chat_id = body.get("chat_id")
        count = body.get("count")
        methods = body.get("methods")
        failure = sandbox.inject(
            int(chat_id) if chat_id is not None else None,
            body["kind"],
            count=int(count) if count is not None else None,
            seconds=optional_float(body, "seconds"),
            retry_after=int(body.get("retry_after", 5)),
            status=int(body.get("status", 500)),
            html=bool(body.get("html", False)),
            carried_out=bool(body.get("carried_out", False)),
            delay=float(body.get("delay", 90.0)),
            methods=frozenset(methods) if methods is not None else None,
            token=token_of(request),
        )
        return ok({"failure": failure.to_dict(sandbox.timer())})

    async def clear_failures(request: web.Request) -> web.StreamResponse:
        chat_id = request.query.get("chat_id")
        sandbox.clear_failures(
            int(chat_id) if chat_id else None,
            kind=request.query.get("kind") or None,
            token=token_of(request),
        )
        return ok({"cleared": True})

    async def network(request: web.Request) -> web.StreamResponse:
        return ok({"network": sandbox.network_info()})

    async def put_latency(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        methods = body.get("methods") or {}
        if not isinstance(methods, dict):
            raise ValueError("methods must map method names to seconds")
        latency = sandbox.set_latency(
            float(body.get("seconds", 0.0)), jitter=float(body.get("jitter", 0.0)), methods=methods
        )
        return ok({"latency": latency.to_dict()})

    async def clear_latency(request: web.Request) -> web.StreamResponse:
        return ok({"latency": sandbox.set_latency(0.0).to_dict()})

    async def go_down(request: web.Request) -> web.StreamResponse:
        seconds = optional_float(await read_body(request), "seconds")
        if seconds is not None and seconds <= 0:
            raise ValueError("seconds must be positive")
        # Answer first: on the Bot API's port this very connection is about to be cut.
        answer = ok({"network": {**sandbox.network_info(), "down": True, "back_in": seconds}})
        await answer.prepare(request)
        await answer.write_eof()
        sandbox.go_down(seconds)
        return answer

    async def come_back(request: web.Request) -> web.StreamResponse:
        await sandbox.come_back()
        return ok({"network": sandbox.network_info()})

    return [
        ("GET", "/rate_limits", get_rate_limits),
        ("PUT", "/rate_limits", put_rate_limits),
        ("GET", "/failures", get_failures),
        ("POST", "/failures", add_failure),
        ("DELETE", "/failures", clear_failures),
        ("GET", "/network", network),
        ("PUT", "/network/latency", put_latency),
        ("DELETE", "/network/latency", clear_latency),
        ("POST", "/network/down", go_down),
        ("POST", "/network/up", come_back),
    ]
