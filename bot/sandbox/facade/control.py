"""The control API: the :class:`~bot.sandbox.Sandbox` powers as JSON over HTTP.

For a bot or demo in another process, and for benchmarks. Every route lives under
``/_sandbox``; a ``token`` query parameter picks a bot other than the default. Answers
are JSON objects; a refused action is 400 ``{"error": ...}``, a wait that times out 408.

=======  ==========================================  =========================================
GET      ``/_sandbox``                               base_url, token, bot, rate_limits, ...
POST     ``/bots``                                   {token, username, first_name?}
POST     ``/users``                                  {id, first_name, last_name?, username?,
                                                     language_code?, is_premium?, started?}
POST     ``/users/{id}/text``                        {text} -> {update}
POST     ``/users/{id}/start``                       {payload?} -> {update}
POST     ``/users/{id}/contact``                     {phone_number, first_name?, last_name?,
                                                     contact_user_id?: "own" | int | null}
POST     ``/users/{id}/document``                    {file_name, data_base64, mime_type?,
                                                     caption?} -> {update}
POST     ``/chats/{chat}/messages/{message}/tap``    {callback_data, user_id?, forge?}
                                                     -> {callback_query_id}
POST     ``/updates/{update_id}/replay``             -> {update}
GET      ``/chats/{chat}/messages[?all=1]``          {messages: [...]} (all=1: both sides)
GET      ``/callback_answers``                       {callback_answers: [...]}
GET      ``/requests[?method=&limit=]``              {requests: [...]}
GET      ``/violations``                             {violations: [...]}
GET      ``/rate_limit_hits``                        {rate_limit_hits: [...]}
DELETE   ``/records``                                forget requests, violations, 429s, answers
GET/PUT  ``/rate_limits``                            {enabled?, per_second?, burst?,
                                                     per_chat_per_second?, chat_burst?, methods?}
GET      ``/failures``                               {failures: [...]}
POST     ``/failures``                               {chat_id, kind, count?, retry_after?,
                                                     status?, delay?, methods?}
DELETE   ``/failures[?chat_id=]``                    clear them
POST     ``/wait/messages``                          {chat_id, count?, contains?, timeout?}
POST     ``/wait/requests``                          {method, count?, timeout?}
=======  ==========================================  =========================================
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..gateway import RateLimits
from .users import UserActionError

if TYPE_CHECKING:
    from .server import Sandbox

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _ok(body: dict[str, Any]) -> web.Response:
    return web.json_response(body)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise ValueError("the request body must be a JSON object")
    return body


def _int(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError:
        raise ValueError(f"{name} must be an integer") from None


def _guarded(handler: Handler) -> Handler:
    """Turn the facade's refusals into 400/408 answers instead of server errors."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except TimeoutError as exc:
            return _error(408, str(exc))
        except (UserActionError, ValueError, KeyError, TypeError) as exc:
            return _error(400, str(exc) or type(exc).__name__)

    return guarded


def control_routes(sandbox: Sandbox) -> list[web.RouteDef]:
    def token(request: web.Request) -> str | None:
        return request.query.get("token")

    async def info(request: web.Request) -> web.StreamResponse:
        return _ok(
            {
                "base_url": sandbox.base_url,
                "token": sandbox.token,
                "bot": sandbox.bot_info(token(request)),
                "rate_limits": sandbox.rate_limits.to_dict(),
                "bot_api_version": sandbox.spec.version,
                "pending_updates": sandbox.pending_updates(token(request)),
            }
        )

    async def configure_bot(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        identity = sandbox.configure_bot(
            body["token"],
            username=body["username"],
            first_name=body.get("first_name", "Survey Bot"),
        )
        return _ok({"bot": identity.get_me()})

    async def add_user(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        user = sandbox.add_user(
            int(body["id"]),
            body["first_name"],
            body.get("last_name"),
            body.get("username"),
            body.get("language_code"),
            is_premium=bool(body.get("is_premium", False)),
            started=bool(body.get("started", True)),
        )
        return _ok({"user": user.to_dict()})

    async def send_text(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        update = sandbox.send_text(_int(request, "user_id"), body["text"], token=token(request))
        return _ok({"update": update})

    async def press_start(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        user_id = _int(request, "user_id")
        update = sandbox.press_start(user_id, body.get("payload"), token=token(request))
        return _ok({"update": update})

    async def share_contact(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        owner = body.get("contact_user_id", "own")
        if owner is not None and owner != "own":
            owner = int(owner)
        update = sandbox.share_contact(
            _int(request, "user_id"),
            body["phone_number"],
            first_name=body.get("first_name"),
            last_name=body.get("last_name"),
            contact_user_id=owner,
            token=token(request),
        )
        return _ok({"update": update})

    async def send_document(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        try:
            data = base64.b64decode(body["data_base64"], validate=True)
        except binascii.Error:
            raise ValueError("data_base64 is not valid base64") from None
        update = sandbox.send_document(
            _int(request, "user_id"),
            body["file_name"],
            data,
            body.get("mime_type"),
            caption=body.get("caption"),
            token=token(request),
        )
        return _ok({"update": update})

    async def tap(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        query_id = sandbox.tap(
            _int(request, "chat_id"),
            _int(request, "message_id"),
            body["callback_data"],
            user_id=body.get("user_id"),
            forge=bool(body.get("forge", False)),
            token=token(request),
        )
        return _ok({"callback_query_id": query_id})

    async def replay(request: web.Request) -> web.StreamResponse:
        update = sandbox.replay(_int(request, "update_id"), token=token(request))
        return _ok({"update": update})

    async def chat_messages(request: web.Request) -> web.StreamResponse:
        chat_id = _int(request, "chat_id")
        both = request.query.get("all") in ("1", "true")
        found = (sandbox.history if both else sandbox.messages)(chat_id, token=token(request))
        return _ok({"messages": [m.to_dict() for m in found]})

    async def callback_answers(request: web.Request) -> web.StreamResponse:
        answers = sandbox.callback_answers(token=token(request))
        return _ok({"callback_answers": [a.to_dict() for a in answers]})

    async def requests(request: web.Request) -> web.StreamResponse:
        found = sandbox.requests(request.query.get("method"), token=token(request))
        if "limit" in request.query:
            found = found[-int(request.query["limit"]) :]
        return _ok({"requests": [r.to_dict() for r in found]})

    async def violations(request: web.Request) -> web.StreamResponse:
        found = sandbox.violations(token=token(request))
        return _ok({"violations": [v.to_dict() for v in found]})

    async def rate_limit_hits(request: web.Request) -> web.StreamResponse:
        found = sandbox.rate_limit_hits(token=token(request))
        return _ok({"rate_limit_hits": [h.to_dict() for h in found]})

    async def clear_records(request: web.Request) -> web.StreamResponse:
        sandbox.clear_records()
        return _ok({"cleared": True})

    async def get_rate_limits(request: web.Request) -> web.StreamResponse:
        return _ok({"rate_limits": sandbox.rate_limits.to_dict()})

    async def put_rate_limits(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        current = sandbox.rate_limits
        methods = body.get("methods")
        limits = RateLimits(
            enabled=bool(body.get("enabled", True)),
            per_second=float(body.get("per_second", current.per_second)),
            burst=int(body.get("burst", current.burst)),
            per_chat_per_second=float(body.get("per_chat_per_second", current.per_chat_per_second)),
            chat_burst=int(body.get("chat_burst", current.chat_burst)),
            methods=frozenset(methods) if methods is not None else current.methods,
        )
        sandbox.set_rate_limits(limits)
        return _ok({"rate_limits": limits.to_dict()})

    async def get_failures(request: web.Request) -> web.StreamResponse:
        return _ok({"failures": [f.to_dict() for f in sandbox.failures(token=token(request))]})

    async def add_failure(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        chat_id = body.get("chat_id")
        methods = body.get("methods")
        failure = sandbox.inject(
            int(chat_id) if chat_id is not None else None,
            body["kind"],
            count=body.get("count"),
            retry_after=int(body.get("retry_after", 5)),
            status=int(body.get("status", 500)),
            delay=float(body.get("delay", 90.0)),
            methods=frozenset(methods) if methods is not None else None,
            token=token(request),
        )
        return _ok({"failure": failure.to_dict()})

    async def clear_failures(request: web.Request) -> web.StreamResponse:
        chat_id = request.query.get("chat_id")
        sandbox.clear_failures(int(chat_id) if chat_id else None, token=token(request))
        return _ok({"cleared": True})

    async def wait_messages(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        found = await sandbox.wait_for_message(
            int(body["chat_id"]),
            int(body.get("count", 1)),
            contains=body.get("contains"),
            timeout=float(body.get("timeout", 5.0)),
            token=token(request),
        )
        return _ok({"messages": [m.to_dict() for m in found]})

    async def wait_requests(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        found = await sandbox.wait_for_request(
            body["method"],
            int(body.get("count", 1)),
            timeout=float(body.get("timeout", 5.0)),
            token=token(request),
        )
        return _ok({"requests": [r.to_dict() for r in found]})

    table: list[tuple[str, str, Handler]] = [
        ("GET", "", info),
        ("POST", "/bots", configure_bot),
        ("POST", "/users", add_user),
        ("POST", "/users/{user_id}/text", send_text),
        ("POST", "/users/{user_id}/start", press_start),
        ("POST", "/users/{user_id}/contact", share_contact),
        ("POST", "/users/{user_id}/document", send_document),
        ("POST", "/chats/{chat_id}/messages/{message_id}/tap", tap),
        ("POST", "/updates/{update_id}/replay", replay),
        ("GET", "/chats/{chat_id}/messages", chat_messages),
        ("GET", "/callback_answers", callback_answers),
        ("GET", "/requests", requests),
        ("GET", "/violations", violations),
        ("GET", "/rate_limit_hits", rate_limit_hits),
        ("DELETE", "/records", clear_records),
        ("GET", "/rate_limits", get_rate_limits),
        ("PUT", "/rate_limits", put_rate_limits),
        ("GET", "/failures", get_failures),
        ("POST", "/failures", add_failure),
        ("DELETE", "/failures", clear_failures),
        ("POST", "/wait/messages", wait_messages),
        ("POST", "/wait/requests", wait_requests),
    ]
    return [web.route(verb, f"/_sandbox{path}", _guarded(handler)) for verb, path, handler in table]
