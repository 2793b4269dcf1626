"""What goes back on the wire: Telegram's JSON bodies, and the HTML pages of the proxies
in front of it.

Telegram answers ``{"ok": ...}`` JSON; but the nginx in front of it answers its own HTML
page for a 502 or 504 (and a misconfigured reverse proxy for a wrong path), which client
libraries cannot read as JSON. The pages are nginx's own.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from aiohttp import web

from ..spec import errors

_PAGE = (
    "<html>\r\n<head><title>{code} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def dumps(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_answer(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(body=dumps(body), status=status, content_type="application/json")


def html_page(status: int) -> web.Response:
    """The page nginx sends for ``status`` (e.g. "502 Bad Gateway")."""
    text = _PAGE.format(code=status, phrase=HTTPStatus(status).phrase)
    return web.Response(text=text, status=status, content_type="text/html")


def not_found() -> web.Response:
    """Telegram's answer to a malformed token or a missing file."""
    return json_answer({"ok": False, "error_code": 404, "description": errors.NOT_FOUND}, 404)
