"""The control API: the :class:`~bot.sandbox.Sandbox` powers as JSON over HTTP.

For a bot or demo in another process, and for benchmarks. Every route lives under
``/_sandbox``, served twice: beside the Bot API (``base_url/_sandbox``, closed with it by
an outage) and on a port of its own (``control_url``, printed by ``python -m bot.sandbox``,
up while the Bot API is down). A ``token`` query parameter picks a bot other than the
default. Answers are JSON objects; a refused action is 400 ``{"error": ...}``, a wait that
times out 408.

=======  ==========================================  =========================================
GET      ``/_sandbox``                               base_url, control_url, token, bot,
                                                     rate_limits, network, ...
POST     ``/bots``                                   {token, username, first_name?}
POST     ``/users``                                  {id, first_name, last_name?, username?,
                                                     language_code?, is_premium?, started?}
POST     ``/users/{id}/text``                        {text} -> {update}
POST     ``/users/{id}/start``                       {payload?} -> {update}
POST     ``/users/{id}/contact``                     {phone_number, first_name?, last_name?,
                                                     contact_user_id?: "own" | int | null}
POST     ``/users/{id}/document``                    {file_name, data_base64, mime_type?,
                                                     caption?} -> {update}
POST     ``/users/{id}/photo``                       {data_base64, caption?} -> {update}
POST     ``/users/{id}/location``                    {latitude, longitude} -> {update}
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
                                                     per_chat_per_second?, chat_burst?, methods?,
                                                     paid_per_second?, paid_burst?}
GET      ``/failures``                               {failures: [...]} (with seconds_left)
POST     ``/failures``                               {chat_id, kind, count?, seconds?,
                                                     retry_after?, status?, html?,
                                                     carried_out?, delay?, methods?}
DELETE   ``/failures[?chat_id=&kind=]``              clear them
GET      ``/network``                                {network: {down, back_in, latency}}
PUT      ``/network/latency``                        {seconds, jitter?, methods?: {name: s}}
DELETE   ``/network/latency``                        no latency
POST     ``/network/down``                           {seconds?}: close the Bot API's port (for
                                                     seconds, or until ``/network/up``)
POST     ``/network/up``                             open it again, state kept
POST     ``/wait/messages``                          {chat_id, count?, contains?, timeout?}
POST     ``/wait/requests``                          {method, count?, timeout?}
=======  ==========================================  =========================================

Failure kinds are listed in ``gateway/failures.py``; for example a burst of nginx 502
pages for 2 s, after Telegram carried each call out::

    POST /_sandbox/failures {"chat_id": null, "kind": "server_error", "status": 502,
                             "html": true, "carried_out": true, "seconds": 2}
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from aiohttp import web

from .control_conditions import conditions_routes
from .control_http import Route, ok, path_int, read_body, routes, token_of

if TYPE_CHECKING:
    from .server import Sandbox


def control_routes(sandbox: Sandbox) -> list[web.RouteDef]:
    async def info(request: web.Request) -> web.StreamResponse:
        return ok(
            {
                "base_url": sandbox.base_url,
                "control_url": sandbox.control_url,
                "token": sandbox.token,
                "bot": sandbox.bot_info(token_of(request)),
                "rate_limits": sandbox.rate_limits.to_dict(),
                "bot_api_version": sandbox.spec.version,
                "pending_updates": sandbox.pending_updates(token_of(request)),
                "network": sandbox.network_info(),
            }
        )

    async def configure_bot(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        identity = sandbox.configure_bot(
            body["token"],
            username=body["username"],
            first_name=body.get("first_name", "Survey Bot"),
        )
        return ok({"bot": identity.get_me()})

    async def add_user(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        user = sandbox.add_user(
            int(body["id"]),
            body["first_name"],
            body.get("last_name"),
            body.get("username"),
            body.get("language_code"),
            is_premium=bool(body.get("is_premium", False)),
            started=bool(body.get("started", True)),
        )
        return ok({"user": user.to_dict()})

    async def send_text(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        user_id = path_int(request, "user_id")
        update = sandbox.send_text(user_id, body["text"], token=token_of(request))
        return ok({"update": update})

    async def press_start(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        user_id = path_int(request, "user_id")
        update = sandbox.press_start(user_id, body.get("payload"), token=token_of(request))
        return ok({"update": update})

    async def share_contact(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        owner = body.get("contact_user_id", "own")
        if owner is not None and owner != "own":
            owner = int(owner)
        update = sandbox.share_contact(
            path_int(request, "user_id"),
            body["phone_number"],
            first_name=body.get("first_name"),
            last_name=body.get("last_name"),
            contact_user_id=owner,
            token=token_of(request),
        )
        return ok({"update": update})

    async def send_document(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        try:
            data = base64.b64decode(body["data_base64"], validate=True)
        except binascii.Error:
            raise ValueError("data_base64 is not valid base64") from None
        update = sandbox.send_document(
            path_int(request, "user_id"),
            body["file_name"],
            data,
            body.get("mime_type"),
            caption=body.get("caption"),
            token=token_of(request),
        )
        return ok({"update": update})

    async def send_photo(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        try:
            data = base64.b64decode(body["data_base64"], validate=True)
        except binascii.Error:
            raise ValueError("data_base64 is not valid base64") from None
        update = sandbox.send_photo(
            path_int(request, "user_id"), data, caption=body.get("caption"), token=token_of(request)
        )
        return ok({"update": update})

    async def send_location(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        update = sandbox.send_location(
            path_int(request, "user_id"),
            float(body["latitude"]),
            float(body["longitude"]),
            token=token_of(request),
        )
        return ok({"update": update})

    async def tap(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        query_id = sandbox.tap(
            path_int(request, "chat_id"),
            path_int(request, "message_id"),
            body["callback_data"],
            user_id=body.get("user_id"),
            forge=bool(body.get("forge", False)),
            token=token_of(request),
        )
        return ok({"callback_query_id": query_id})

    async def replay(request: web.Request) -> web.StreamResponse:
        update = sandbox.replay(path_int(request, "update_id"), token=token_of(request))
        return ok({"update": update})

    async def chat_messages(request: web.Request) -> web.StreamResponse:
        chat_id = path_int(request, "chat_id")
        both = request.query.get("all") in ("1", "true")
        found = (sandbox.history if both else sandbox.messages)(chat_id, token=token_of(request))
        return ok({"messages": [m.to_dict() for m in found]})

    async def callback_answers(request: web.Request) -> web.StreamResponse:
        answers = sandbox.callback_answers(token=token_of(request))
        return ok({"callback_answers": [a.to_dict() for a in answers]})

    async def requests(request: web.Request) -> web.StreamResponse:
        found = sandbox.requests(request.query.get("method"), token=token_of(request))
        if "limit" in request.query:
            found = found[-int(request.query["limit"]) :]
        return ok({"requests": [r.to_dict() for r in found]})

    async def violations(request: web.Request) -> web.StreamResponse:
        found = sandbox.violations(token=token_of(request))
        return ok({"violations": [v.to_dict() for v in found]})

    async def rate_limit_hits(request: web.Request) -> web.StreamResponse:
        found = sandbox.rate_limit_hits(token=token_of(request))
        return ok({"rate_limit_hits": [h.to_dict() for h in found]})

    async def clear_records(request: web.Request) -> web.StreamResponse:
        sandbox.clear_records()
        return ok({"cleared": True})

    async def wait_messages(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        found = await sandbox.wait_for_message(
            int(body["chat_id"]),
            int(body.get("count", 1)),
            contains=body.get("contains"),
            timeout=float(body.get("timeout", 5.0)),
            token=token_of(request),
        )
        return ok({"messages": [m.to_dict() for m in found]})

    async def wait_requests(request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        found = await sandbox.wait_for_request(
            body["method"],
            int(body.get("count", 1)),
            timeout=float(body.get("timeout", 5.0)),
            token=token_of(request),
        )
        return ok({"requests": [r.to_dict() for r in found]})

    table: list[Route] = [
        ("GET", "", info),
        ("POST", "/bots", configure_bot),
        ("POST", "/users", add_user),
        ("POST", "/users/{user_id}/text", send_text),
        ("POST", "/users/{user_id}/start", press_start),
        ("POST", "/users/{user_id}/contact", share_contact),
        ("POST", "/users/{user_id}/document", send_document),
        ("POST", "/users/{user_id}/photo", send_photo),
        ("POST", "/users/{user_id}/location", send_location),
        ("POST", "/chats/{chat_id}/messages/{message_id}/tap", tap),
        ("POST", "/updates/{update_id}/replay", replay),
        ("GET", "/chats/{chat_id}/messages", chat_messages),
        ("GET", "/callback_answers", callback_answers),
        ("GET", "/requests", requests),
        ("GET", "/violations", violations),
        ("GET", "/rate_limit_hits", rate_limit_hits),
        ("DELETE", "/records", clear_records),
        ("POST", "/wait/messages", wait_messages),
        ("POST", "/wait/requests", wait_requests),
    ]
    return routes([*table, *conditions_routes(sandbox)])
