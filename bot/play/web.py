"""The play page's web server: the page, and a small JSON API over the sandbox.

Served on 127.0.0.1 only. The page polls a chat (``GET /api/chats/ID``) a few times a
second and posts what the person types or taps; the sandbox turns that into the updates
Telegram would send, and the real bot answers through the Bot API as always.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any

from aiohttp import web

from bot.play.people import Person
from bot.play.session import PlaySession
from bot.sandbox import ChatMessage, UserActionError
from surveys.i18n import pick_language, say

STATIC = files("bot.play.static")
LABELS = (
    "play_title",
    "play_intro",
    "play_pick",
    "play_admin",
    "play_manager",
    "play_customer",
    "play_placeholder",
    "play_send",
    "play_receipt",
    "play_empty",
    "play_edited",
    "play_picture",
    "play_file",
    "play_contact",
)
SESSION: web.AppKey[PlaySession] = web.AppKey("session", PlaySession)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _asset(name: str, content_type: str) -> Handler:
    async def serve(_request: web.Request) -> web.StreamResponse:
        return web.Response(
            text=(STATIC / name).read_text(encoding="utf-8"),
            content_type=content_type,
            charset="utf-8",
        )

    return serve


def _language(request: web.Request) -> str:
    wanted = [
        part.split(";")[0].strip() for part in request.headers.get("Accept-Language", "").split(",")
    ]
    return pick_language(*wanted, default="en")


def _buttons(message: ChatMessage) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": str(button.get("text", "")), "data": str(button["callback_data"])}
            for button in row
            if isinstance(button, dict) and "callback_data" in button
        ]
        for row in message.inline_keyboard
    ]


def _message(message: ChatMessage) -> dict[str, Any]:
    kind = "text"
    if message.photo:
        kind = "picture"
    elif message.document:
        kind = "file"
    elif message.contact:
        kind = "contact"
    return {
        "id": message.message_id,
        "mine": not message.from_bot,
        "text": message.text if message.text is not None else message.caption,
        "kind": kind,
        "file": (message.document or {}).get("file_name"),
        "phone": (message.contact or {}).get("phone_number"),
        "buttons": _buttons(message),
        "edited": bool(message.edits),
    }


def _keyboard(history: list[ChatMessage]) -> list[list[dict[str, Any]]]:
    """The reply keyboard the person sees now: the last one the bot sent, until it took it
    away or the person answered it."""
    for message in reversed(history):
        if not message.from_bot:
            return []
        markup = message.reply_markup or {}
        if markup.get("remove_keyboard"):
            return []
        rows = markup.get("keyboard")
        if isinstance(rows, list):
            return [
                [
                    {"text": str(b.get("text", "")), "contact": bool(b.get("request_contact"))}
                    for b in row
                    if isinstance(b, dict)
                ]
                for row in rows
            ]
    return []


def _person(request: web.Request) -> Person:
    session = request.app[SESSION]
    try:
        return session.by_id[int(request.match_info["user_id"])]
    except (KeyError, ValueError):
        raise web.HTTPNotFound(text="no such person") from None


def _guarded(handler: Handler) -> Handler:
    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except (UserActionError, ValueError, KeyError) as error:
            return web.json_response({"error": str(error)}, status=400)

    return guarded


async def people(request: web.Request) -> web.StreamResponse:
    session = request.app[SESSION]
    language = _language(request)
    return web.json_response(
        {
            "language": language,
            "labels": {key: say(key, language) for key in LABELS},
            "people": [person.to_dict() for person in session.people],
        },
        dumps=lambda data: json.dumps(data, ensure_ascii=False),
    )


async def chat(request: web.Request) -> web.StreamResponse:
    person = _person(request)
    history = request.app[SESSION].sandbox.history(person.user_id)
    body = {
        "messages": [_message(m) for m in history if not m.deleted],
        "keyboard": _keyboard(history),
    }
    return web.json_response(body, dumps=lambda data: json.dumps(data, ensure_ascii=False))


async def _body(request: web.Request) -> dict[str, Any]:
    body = await request.json() if request.can_read_body else {}
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


async def send_text(request: web.Request) -> web.StreamResponse:
    person = _person(request)
    text = str((await _body(request)).get("text", "")).strip()
    if text:
        request.app[SESSION].sandbox.send_text(person.user_id, text)
    return web.json_response({"ok": True})


async def tap(request: web.Request) -> web.StreamResponse:
    person = _person(request)
    body = await _body(request)
    request.app[SESSION].sandbox.tap(person.user_id, int(body["message_id"]), str(body["data"]))
    return web.json_response({"ok": True})


async def share_phone(request: web.Request) -> web.StreamResponse:
    person = _person(request)
    phone = person.phone or "+8613900000000"
    request.app[SESSION].sandbox.share_contact(person.user_id, phone, first_name=person.name)
    return web.json_response({"ok": True})


async def open_link(request: web.Request) -> web.StreamResponse:
    person = _person(request)
    session = request.app[SESSION]
    if person.persona is None:
        raise ValueError("only customers have a receipt link")
    session.sandbox.press_start(person.user_id, session.deep_link_payload(person))
    return web.json_response({"ok": True})


def make_app(session: PlaySession) -> web.Application:
    app = web.Application()
    app[SESSION] = session
    app.add_routes(
        [
            web.get("/", _asset("index.html", "text/html")),
            web.get("/static/play.js", _asset("play.js", "text/javascript")),
            web.get("/static/play.css", _asset("play.css", "text/css")),
            web.get("/api/people", people),
            web.get("/api/chats/{user_id}", _guarded(chat)),
            web.post("/api/chats/{user_id}/text", _guarded(send_text)),
            web.post("/api/chats/{user_id}/tap", _guarded(tap)),
            web.post("/api/chats/{user_id}/contact", _guarded(share_phone)),
            web.post("/api/chats/{user_id}/link", _guarded(open_link)),
        ]
    )
    return app


async def serve_play(session: PlaySession, port: int = 8090) -> tuple[web.AppRunner, str]:
    """Serve the page on 127.0.0.1:``port`` (0: any free port); returns the runner and URL."""
    runner = web.AppRunner(make_app(session), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    host, bound = runner.addresses[0][:2]
    return runner, f"http://{host}:{bound}/"
