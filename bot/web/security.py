"""What keeps the pages safe: headers on every response, CSRF checks, cookies, a limit
on token guesses, and an access log that never writes a token or a query.

The Content-Security-Policy allows scripts and styles from this origin only (no inline
script, no CDN); tokens travel in paths, so the referrer is never sent and pages are not
cached. Cookies are HttpOnly, SameSite and Secure (browsers keep Secure cookies on
``http://127.0.0.1`` and ``localhost`` too).
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}
FORM_COOKIE = "sb_form"
SESSION_COOKIE = "sb_desk"
_SECRET_PATHS = re.compile(r"^/(s|desk/in)/[^/?]+")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def secure_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        error.headers.update(HEADERS)
        raise
    response.headers.update({k: v for k, v in HEADERS.items() if k not in response.headers})
    return response


def set_cookie(response: web.StreamResponse, name: str, value: str, *, same_site: str) -> None:
    response.set_cookie(
        name, value, path="/", httponly=True, secure=True, samesite=same_site, max_age=None
    )


def form_key(request: web.Request) -> tuple[str, bool]:
    """The anti-CSRF value for a form without a session (double submit: the same value in
    a cookie and in the form), and whether it is new (then set the cookie)."""
    current = request.cookies.get(FORM_COOKIE, "")
    if 32 <= len(current) <= 64:
        return current, False
    return secrets.token_urlsafe(32), True


def same(given: str, expected: str) -> bool:
    """Constant-time equality for secrets posted back."""
    return bool(given) and bool(expected) and hmac.compare_digest(given, expected)


def redact(path: str) -> str:
    """A path as it may be logged: the token of a link is replaced by ``…``."""
    return _SECRET_PATHS.sub(lambda m: f"/{m.group(1)}/…", path)


class WebAccessLogger(AbstractAccessLogger):
    """One line per request: method, path without token or query, status, time."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %.0fms", request.method, redact(request.path), response.status, time * 1000
        )


class Throttle:
    """At most ``limit`` refused tokens per client address per ``window`` seconds; then
    every token from that address is refused until the window has passed."""

    def __init__(
        self, limit: int = 10, window: float = 60.0, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.now = now
        self._misses: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        misses = self._misses.setdefault(client, deque())
        cutoff = self.now() - self.window
        while misses and misses[0] < cutoff:
            misses.popleft()
        if not misses:
            self._misses.pop(client, None)
        return misses

    def blocked(self, client: str) -> bool:
        return len(self._recent(client)) >= self.limit

    def missed(self, client: str) -> None:
        self._recent(client)
        self._misses.setdefault(client, deque()).append(self.now())
        if len(self._misses) > 100_000:  # a flood of addresses must not grow memory forever
            self._misses.clear()


def client_of(request: web.Request) -> str:
    return request.remote or "?"
