"""python-telegram-bot's HTTP requests over aiohttp, telling us the status of an answer the
library could not classify.

The library's own backend (httpx) keeps its connections in httpcore's pool, which at
every request's start and end walks all its connections, and for each idle one all of
them again, asking each whether its socket is readable; with the 256 connections PTB 22
allows, that walk was 40 % of the bot's CPU under 200 customers answering at once, and
idle connections past httpx's 20 kept alive were closed and opened again (a TCP and TLS
handshake each, against a Telegram 250 ms away). aiohttp, which the bot uses for
everything else, keeps its connections alive and hands one out without a walk. PTB
documents :class:`~telegram.request.BaseRequest` as the place for another backend.

The library turns every 5xx into one NetworkError whatever its status, and an answer
that is not Telegram's JSON (an HTML page from a proxy or a wrong base URL) into an
error without the status. The outbox needs the status: a 502 or 504 may come after
Telegram carried the call out, a 500 or a 404 certainly did not. The library wraps what
this raises in a NetworkError whose ``__cause__`` is the :class:`ServerAnswered`, or the
aiohttp error (a timeout is the library's ``TimedOut``, caused by aiohttp's).
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.chat.errors import ServerAnswered

REFUSED = frozenset({401, 404})
"""A revoked token or a wrong base URL: the library would stop long polling for good on
these; as a network error it keeps polling, and the bot resumes when the token works."""

POOL_SIZE = 64
"""Calls at once: a worker handles up to 64 updates at once, each reply's calls one after
another, and Telegram takes 30 messages a second; more connections would only wait."""


class StatusRequest(BaseRequest):
    def __init__(
        self,
        *,
        connection_pool_size: int = POOL_SIZE,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One call; ``write_timeout`` is not aiohttp's to bound (a send is small), so the
        read timeout covers the whole answer."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("this StatusRequest is not initialized")
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=_given(read_timeout, self._read_timeout),
        )
        try:
            async with session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                status, payload = response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut(str(error) or "Timed out") from error
        if 200 <= status <= 299:
            return status, payload
        try:
            telegram = isinstance(json.loads(payload), dict)
        except ValueError:
            telegram = False
        if status >= 500 or status in REFUSED or not telegram:
            raise ServerAnswered(status, telegram=telegram)
        return status, payload


def _given(value: Any, default: float | None) -> float | None:
    """A timeout the call gave, or (the library's "not given") this request's own."""
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _body(request_data: RequestData | None) -> dict[str, str] | aiohttp.FormData | None:
    """The parameters as a urlencoded form, or with files a multipart one (as httpx sent)."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (file_name, content, mime_type) in files.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form
