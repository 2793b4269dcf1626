"""The Bot API over HTTP: ``/bot<token>/<method>`` and ``/file/bot<token>/<file_path>``.

Each call goes through the same steps, in Telegram's order where it matters: travel to the
far end (the latency, ``network``), meet a revoked token, read the parameters, check them
against the spec (recording every violation), meet any other injected failure, pass the
flood limits, run the method, and answer ``{"ok": ...}`` (or a proxy's HTML page). A call
is logged with its outcome when it arrives, so a call abandoned on its way (the port went
down) is not logged and not carried out. Any other path answers nginx's HTML 404, as a
wrong base URL behind a reverse proxy does. Per-call work is kept small: no copies of the
world.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from ..conformance import Violation, check_call
from ..spec import (
    ApiError,
    MethodRule,
    RawCall,
    Spec,
    bad_request,
    errors,
    read_call,
    too_many_requests,
)
from ..world import LoggedRequest, RateLimitHit, World
from .answers import html_page, json_answer, not_found
from .failures import Failure, FailurePlan
from .methods import ASYNC_HANDLERS, HANDLERS, Call, Described, Settings
from .network import Link
from .ratelimit import RateLimiter

TOKEN = re.compile(r"(\d{1,20}):[A-Za-z0-9_-]{35}")


def bot_id_of(token: str) -> int | None:
    """The bot id of a token of Telegram's shape (``<digits>:<35 characters>``)."""
    match = TOKEN.fullmatch(token)
    return int(match[1]) if match else None


@dataclass(slots=True)
class _Gate:
    """What the gate decided for one call: a failure to act out, a 429's reason."""

    failure: Failure | None = None
    reason: str = "injected"


class Gateway:
    def __init__(
        self,
        world: World,
        spec: Spec,
        limiter: RateLimiter,
        settings: Settings,
        clock: Callable[[], float],
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.world = world
        self.spec = spec
        self.limiter = limiter
        self.settings = settings
        self.clock = clock
        self.timer = timer  # monotonic: how long injected failures last
        self.failures: dict[int, FailurePlan] = {}
        self.link = Link()

    def routes(self) -> list[web.RouteDef]:
        return [
            web.route("*", "/bot{token}/{method}", self.handle_method),
            web.get("/file/bot{token}/{path:.+}", self.handle_file),
        ]

    def fallback_route(self) -> web.RouteDef:
        """Every other path: to be added after all other routes."""
        return web.route("*", "/{path:.*}", self.handle_unknown_path)

    def violation(
        self,
        now: float,
        bot_id: int,
        method: str,
        param: str | None,
        rule: str,
        detail: str,
        refused: bool,
    ) -> None:
        self.world.violations.append(Violation(now, bot_id, method, param, rule, detail, refused))

    async def handle_method(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        rule = self.spec.method(name)
        method = rule.name if rule else name
        if not await self.travel(method):
            return _abandon(request)
        bot_id = bot_id_of(request.match_info["token"])
        if bot_id is None:
            return not_found()
        raw = await read_call(request)
        now = self.clock()
        entry = LoggedRequest(now, bot_id, method, raw.loggable(), request.method)
        self.world.requests.append(entry)
        self.world.changed.notify()
        gate = _Gate()
        try:
            self.check_token(bot_id, method)
            if rule is None:
                detail = f"the sandbox does not serve {name}"
                self.violation(now, bot_id, name, None, "unsupported_method", detail, True)
                raise ApiError(404, errors.NOT_FOUND)
            args = self.checked_args(now, bot_id, rule, raw)
            paid = args.get("allow_paid_broadcast") in (True, "true", "True", "1")
            self.pass_gate(gate, now, bot_id, rule.name, args.get("chat_id"), paid=paid)
            call = Call(self.world, self.world.bot(bot_id), rule, args, now, self.settings)
            handler = HANDLERS.get(rule.name)
            result = handler(call) if handler else await ASYNC_HANDLERS[rule.name](call)
            body = {"ok": True, "result": result}
            if isinstance(result, Described):
                body = {"ok": True, "result": result.result, "description": result.description}
            status = 200
        except ApiError as exc:
            body, status = exc.payload(), exc.code
            self.record_refusal(exc, entry, gate.reason, raw.params.get("chat_id"))
        failure = gate.failure
        if failure is not None and failure.kind == "server_error" and failure.carried_out:
            error = failure.error()
            body, status, entry.description = error.payload(), error.code, error.description
        entry.status = status
        self.world.changed.notify()
        if failure is not None and failure.kind == "timeout":
            await self.link.wait(failure.delay)
        elif failure is not None and failure.kind == "drop" and request.transport:
            request.transport.close()
        if failure is not None and failure.html and status == failure.status:
            return html_page(status)
        return json_answer(body, status)

    async def travel(self, method: str) -> bool:
        """Wait out the latency; False if the call was cut on its way."""
        seconds = self.link.delay(method)
        return seconds <= 0 or await self.link.wait(seconds)

    def check_token(self, bot_id: int, method: str) -> None:
        """A revoked token (an injected ``unauthorized``) is refused before anything else."""
        plan = self.failures.get(bot_id)
        if plan:
            failure = plan.take(None, method, self.timer(), at_the_door=True)
            if failure is not None:
                raise failure.error()

    def checked_args(
        self, now: float, bot_id: int, rule: MethodRule, raw: RawCall
    ) -> dict[str, Any]:
        """Typed parameters; every violation is recorded, the first refused one raised."""
        if raw.body_error is not None:
            self.violation(now, bot_id, rule.name, None, "body", raw.body_error, True)
            raise bad_request(raw.body_error)
        checked = check_call(self.spec, rule, raw)
        for issue in checked.issues:
            refused = issue.refusal is not None
            self.violation(now, bot_id, rule.name, issue.param, issue.rule, issue.detail, refused)
        refusal = checked.refusal
        if refusal is not None and refusal.refusal is not None:
            raise bad_request(refusal.refusal)
        return checked.args

    def pass_gate(
        self, gate: _Gate, now: float, bot_id: int, method: str, chat_id: Any, *, paid: bool = False
    ) -> None:
        """Injected failures, then the flood limits (the paid budget for paid broadcasts)."""
        plan = self.failures.get(bot_id)
        if plan:
            gate.failure = plan.take(chat_id, method, self.timer())
            if gate.failure is not None and not gate.failure.after_call:
                raise gate.failure.error()
        if chat_id is not None and self.limiter.counts(method):
            refused = self.limiter.acquire(bot_id, chat_id, now, paid=paid)
            if refused is not None:
                gate.reason = refused[1]
                raise too_many_requests(refused[0])

    def record_refusal(
        self, exc: ApiError, entry: LoggedRequest, reason: str, chat_id: Any
    ) -> None:
        entry.description = exc.description
        if exc.rule is not None:
            detail = exc.description.removeprefix("Bad Request: ")
            self.violation(
                entry.time, entry.bot_id, entry.method, exc.param, exc.rule, detail, True
            )
        if exc.retry_after is not None:
            hit = RateLimitHit(
                entry.time, entry.bot_id, entry.method, _chat_key(chat_id), exc.retry_after, reason
            )
            self.world.rate_limit_hits.append(hit)

    async def handle_file(self, request: web.Request) -> web.Response:
        if not await self.travel(""):
            return _abandon(request)
        if bot_id_of(request.match_info["token"]) is None:
            return not_found()
        stored = self.world.files.by_path.get(request.match_info["path"])
        if stored is None:
            return not_found()
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type.split(";", 1)[0])

    async def handle_unknown_path(self, request: web.Request) -> web.Response:
        if not await self.travel(""):
            return _abandon(request)
        return html_page(404)


def _abandon(request: web.Request) -> web.Response:
    """Close the connection of a call cut on its way; nothing was carried out."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=503)


def _chat_key(value: Any) -> int | str | None:
    if isinstance(value, int | str):
        with contextlib.suppress(ValueError):
            return int(value)
        return value
    return None
