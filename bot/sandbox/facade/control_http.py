"""JSON in and out for the control API's routes, and its refusals as 400/408 answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .users import UserActionError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# (HTTP verb, path under /_sandbox, handler)
Route = tuple[str, str, Handler]


def ok(body: dict[str, Any]) -> web.Response:
    return web.json_response(body)


def error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def read_body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise ValueError("the request body must be a JSON object")
    return body


def path_int(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError:
        raise ValueError(f"{name} must be an integer") from None


def token_of(request: web.Request) -> str | None:
    """The bot a request is about: ``?token=``, or the sandbox's own."""
    return request.query.get("token")


def optional_float(body: dict[str, Any], name: str) -> float | None:
    value = body.get(name)
    return float(value) if value is not None else None


def guarded(handler: Handler) -> Handler:
    """Turn the facade's refusals into 400/408 answers instead of server errors."""

    async def guarded_handler(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except TimeoutError as exc:
            return error(408, str(exc))
        except (UserActionError, ValueError, KeyError, TypeError) as exc:
            return error(400, str(exc) or type(exc).__name__)

    return guarded_handler


def routes(table: list[Route]) -> list[web.RouteDef]:
    return [web.route(verb, f"/_sandbox{path}", guarded(handler)) for verb, path, handler in table]
