"""The network's conditions switched over the control API (on its own port, up through an
outage) and in process: latency, outages, failures that last a while on the sandbox's
monotonic clock, nginx pages, and what is refused."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import pytest

from bot.sandbox import Sandbox
from tests.sandbox.sandbox_support import TOKEN, RawCall

Control = Any


@pytest.fixture
def control(sandbox: Sandbox, http: aiohttp.ClientSession) -> Control:
    """Call the control API on its own port."""

    async def call(verb: str, path: str, body: Any = None, **query: str) -> tuple[int, Any]:
        url = f"{sandbox.control_url}{path}"
        async with http.request(verb, url, json=body, params=query) as response:
            return response.status, await response.json()

    return call


async def _timed(call: Any) -> float:
    started = time.monotonic()
    await call
    return time.monotonic() - started


async def test_control_port_serves_only_the_control_api(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    assert sandbox.control_url.endswith("/_sandbox")
    assert not sandbox.control_url.startswith(sandbox.base_url)
    async with http.get(sandbox.control_url) as response:
        info = await response.json()
    assert info["control_url"] == sandbox.control_url
    assert info["network"] == {
        "down": False,
        "back_in": None,
        "latency": {"seconds": 0.0, "jitter": 0.0, "methods": {}},
    }
    root = sandbox.control_url.removesuffix("/_sandbox")
    async with http.post(f"{root}/bot{TOKEN}/getMe") as response:
        assert response.status == 404


async def test_latency_over_http_per_method_and_with_jitter(
    control: Control, raw_call: RawCall
) -> None:
    body = {"seconds": 0.2, "jitter": 0.05, "methods": {"getme": 0}}
    status, answer = await control("PUT", "/network/latency", body)
    assert status == 200
    assert answer["latency"] == {"seconds": 0.2, "jitter": 0.05, "methods": {"getMe": 0.0}}
    assert await _timed(raw_call("getMe")) < 0.15
    calls = [raw_call("sendMessage", chat_id=1001, text=f"n{i}") for i in range(30)]
    elapsed = await _timed(asyncio.gather(*calls))
    assert 0.2 <= elapsed < 1.0
    _, info = await control("GET", "/network")
    assert info["network"]["latency"]["seconds"] == 0.2
    await control("DELETE", "/network/latency")
    assert await _timed(raw_call("sendMessage", chat_id=1001, text="near")) < 0.15


async def test_the_control_api_is_never_delayed(sandbox: Sandbox, control: Control) -> None:
    sandbox.set_latency(1.0)
    assert await _timed(control("GET", "/requests")) < 0.5


async def test_outage_over_http_ends_by_itself(
    sandbox: Sandbox, control: Control, raw_call: RawCall
) -> None:
    status, answer = await control("POST", "/network/down", {"seconds": 0.3})
    assert (status, answer["network"]["down"]) == (200, True)
    with pytest.raises(aiohttp.ClientConnectorError):
        await raw_call("getMe")
    _, info = await control("GET", "/network")
    assert info["network"]["down"] is True
    assert 0 < info["network"]["back_in"] <= 0.3
    sandbox.send_text(1001, "queued meanwhile")
    await asyncio.sleep(0.4)
    assert sandbox.is_down is False
    status, body = await raw_call("getUpdates")
    assert [u["message"]["text"] for u in body["result"]] == ["queued meanwhile"]


async def test_outage_asked_for_beside_the_bot_api_is_answered_first(
    sandbox: Sandbox, http: aiohttp.ClientSession, control: Control, raw_call: RawCall
) -> None:
    async with http.post(f"{sandbox.base_url}/_sandbox/network/down") as response:
        answer = await response.json()
    assert answer["network"]["down"] is True
    with pytest.raises(aiohttp.ClientConnectorError):
        await http.get(f"{sandbox.base_url}/_sandbox")
    status, answer = await control("POST", "/network/up")
    assert (status, answer["network"]["down"]) == (200, False)
    assert (await raw_call("getMe"))[0] == 200


async def test_failures_over_http_last_a_while_and_clear_by_kind(
    control: Control, http: aiohttp.ClientSession, sandbox: Sandbox, raw_call: RawCall
) -> None:
    body = {"chat_id": None, "kind": "server_error", "status": 504, "html": True, "count": 1}
    status, answer = await control("POST", "/failures", body)
    assert status == 200
    assert (answer["failure"]["html"], answer["failure"]["carried_out"]) == (True, False)
    async with http.post(f"{sandbox.base_url}/bot{TOKEN}/getMe") as response:
        assert (response.status, response.content_type) == (504, "text/html")
        assert "<center><h1>504 Gateway Timeout</h1></center>" in await response.text()
    await control("POST", "/failures", {"chat_id": None, "kind": "unauthorized", "seconds": 30})
    await control("POST", "/failures", {"chat_id": 1001, "kind": "blocked"})
    _, listed = await control("GET", "/failures")
    [revoked, blocked] = listed["failures"]
    assert 29 < revoked["seconds_left"] <= 30
    assert blocked["seconds_left"] is None
    unauthorized = {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert await raw_call("getMe") == (401, unauthorized)
    await control("DELETE", "/failures", kind="unauthorized")
    assert [f.kind for f in sandbox.failures()] == ["blocked"]
    assert (await raw_call("getMe"))[0] == 200


async def test_a_revoked_token_is_refused_before_its_parameters_are_read(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    sandbox.inject(None, "unauthorized", count=2)
    assert (await raw_call("sendMessage", chat_id=1001))[0] == 401  # no text: still 401
    assert (await raw_call("noSuchMethod"))[0] == 401
    assert sandbox.violations() == []
    assert (await raw_call("sendMessage", chat_id=1001))[0] == 400


async def test_durations_run_on_the_sandboxs_monotonic_timer(http: aiohttp.ClientSession) -> None:
    now = [100.0]
    async with Sandbox(token=TOKEN, timer=lambda: now[0]) as sandbox:
        sandbox.add_user(1001, "Ann")
        sandbox.inject(None, "flood", seconds=60, retry_after=60)
        url = f"{sandbox.base_url}/bot{TOKEN}/sendMessage"
        form = {"chat_id": "1001", "text": "hi"}
        async with http.post(url, data=form) as response:
            assert response.status == 429
        now[0] += 59.9
        async with http.post(url, data=form) as response:
            assert response.status == 429
        now[0] += 0.1
        async with http.post(url, data=form) as response:
            assert response.status == 200
        assert sandbox.failures() == []


async def test_unknown_paths_get_nginx_404_page(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    for path in ("/", "/telegram/bot1:x/getMe", f"/bot{TOKEN}/getMe/extra"):
        async with http.get(f"{sandbox.base_url}{path}") as response:
            assert (response.status, response.content_type) == (404, "text/html")
            assert "<title>404 Not Found</title>" in await response.text()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"chat_id": 1001, "kind": "unauthorized"}, "for the whole bot"),
        ({"chat_id": None, "kind": "flood", "html": True}, "belong to a 'server_error'"),
        ({"chat_id": None, "kind": "server_error", "seconds": 0}, "seconds must be positive"),
        ({"chat_id": None, "kind": "server_error", "status": 404}, "5xx"),
    ],
)
async def test_refused_failures(control: Control, body: dict[str, Any], message: str) -> None:
    status, answer = await control("POST", "/failures", body)
    assert status == 400
    assert message in answer["error"]


async def test_refused_network_settings(sandbox: Sandbox, control: Control) -> None:
    assert (await control("PUT", "/network/latency", {"seconds": -1}))[0] == 400
    status, answer = await control("PUT", "/network/latency", {"methods": {"sendFax": 1}})
    assert (status, answer["error"]) == (400, "the sandbox does not serve 'sendFax'")
    assert (await control("POST", "/network/down", {"seconds": 0}))[0] == 400
    assert sandbox.is_down is False


async def test_going_down_and_back_twice_is_harmless(sandbox: Sandbox, raw_call: RawCall) -> None:
    sandbox.go_down()
    sandbox.go_down()
    await sandbox.come_back()
    await sandbox.come_back()
    assert (await raw_call("getMe"))[0] == 200
    await sandbox.outage(0.05)
    assert (await raw_call("getMe"))[0] == 200
