"""Fixtures for the sandbox tests: a running sandbox, an HTTP client, and a guard that
fails any test trying to reach past the loopback interface."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.sandbox import Sandbox
from tests.sandbox.sandbox_support import TOKEN, RawCall

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse connections and name lookups beyond loopback, so no test reaches Telegram."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if isinstance(host, str) and host not in LOOPBACK:
            raise OSError(f"test tried to reach {host}; tests stay on loopback")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and str(host) not in LOOPBACK:
            raise OSError(f"test tried to resolve {host}; tests stay on loopback")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(token=TOKEN, bot_username="surveybot_test_bot") as running:
        running.add_user(1001, "Ann", "Lee", "ann_lee", "en")
        running.add_user(1002, "Bo", username="bo_wang", language_code="zh")
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def raw_call(sandbox: Sandbox, http: aiohttp.ClientSession) -> RawCall:
    """Call a Bot API method as a form post, JSON-encoding non-string values as the
    frameworks do; returns (HTTP status, decoded body)."""

    async def call(method: str, token: str = TOKEN, **params: Any) -> tuple[int, dict[str, Any]]:
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        async with http.post(f"{sandbox.base_url}/bot{token}/{method}", data=form) as response:
            body: dict[str, Any] = await response.json()
            return response.status, body

    return call
