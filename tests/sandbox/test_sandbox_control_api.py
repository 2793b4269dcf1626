"""The control API drives the sandbox over HTTP, as a bot or demo in another process would,
and the in-process helpers behave as documented."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import aiohttp
import pytest

from bot.sandbox import Sandbox, UserActionError
from tests.sandbox.sandbox_support import OTHER_TOKEN, TOKEN, RawCall

Control = Any


@pytest.fixture
def control(sandbox: Sandbox, http: aiohttp.ClientSession) -> Control:
    async def call(verb: str, path: str, body: Any = None, **query: str) -> tuple[int, Any]:
        url = f"{sandbox.base_url}/_sandbox{path}"
        async with http.request(verb, url, json=body, params=query) as response:
            return response.status, await response.json()

    return call


async def test_info_describes_the_sandbox(sandbox: Sandbox, control: Control) -> None:
    status, body = await control("GET", "")
    assert status == 200
    assert body["token"] == TOKEN
    assert body["bot"]["username"] == "surveybot_test_bot"
    assert body["rate_limits"]["enabled"] is False
    assert body["bot_api_version"].startswith("Bot API")


async def test_a_whole_conversation_over_http(
    sandbox: Sandbox, control: Control, raw_call: RawCall
) -> None:
    status, body = await control(
        "POST", "/users", {"id": 2001, "first_name": "Dee", "language_code": "zh"}
    )
    assert (status, body["user"]["id"]) == (200, 2001)
    _, body = await control("POST", "/users/2001/start", {"payload": "rcpt-1"})
    assert body["update"]["message"]["text"] == "/start rcpt-1"
    _, body = await control("POST", "/users/2001/text", {"text": "服务很好"})
    _, body = await control("POST", "/users/2001/contact", {"phone_number": "8613800000000"})
    assert body["update"]["message"]["contact"]["user_id"] == 2001
    data = base64.b64encode(b"id,score\n1,5\n").decode()
    payload = {"file_name": "scores.csv", "data_base64": data}
    _, body = await control("POST", "/users/2001/document", payload)
    assert body["update"]["message"]["document"]["mime_type"] == "text/csv"
    _, updates = await raw_call("getUpdates")
    assert len(updates["result"]) == 4

    markup = {"inline_keyboard": [[{"text": "👍", "callback_data": "csat:5"}]]}
    _, sent = await raw_call("sendMessage", chat_id=2001, text="Rate us", reply_markup=markup)
    message_id = sent["result"]["message_id"]
    status, body = await control(
        "POST", f"/chats/2001/messages/{message_id}/tap", {"callback_data": "csat:5"}
    )
    query_id = body["callback_query_id"]
    await raw_call("answerCallbackQuery", callback_query_id=query_id, text="谢谢")
    _, body = await control("GET", "/callback_answers")
    assert [(a["callback_query_id"], a["text"]) for a in body["callback_answers"]] == [
        (query_id, "谢谢")
    ]
    _, body = await control("GET", "/chats/2001/messages")
    assert [(m["text"], m["reply_markup"]) for m in body["messages"]] == [("Rate us", markup)]
    _, body = await control("GET", "/chats/2001/messages", all="1")
    assert [m["from_bot"] for m in body["messages"]] == [False, False, False, False, True]
    _, body = await control("GET", "/requests", method="sendMessage")
    assert [r["params"]["text"] for r in body["requests"]] == ["Rate us"]
    _, body = await control("GET", "/violations")
    assert body["violations"] == []


async def test_refused_actions_are_400(control: Control) -> None:
    status, body = await control("POST", "/users/4242/text", {"text": "who am I"})
    assert status == 400
    assert "no simulated user 4242" in body["error"]
    status, body = await control("POST", "/chats/1001/messages/9/tap", {"callback_data": "x"})
    assert status == 400
    status, body = await control("POST", "/users/x/text", {"text": "hi"})
    assert status == 400
    status, body = await control("POST", "/failures", {"chat_id": 1001, "kind": "meteor"})
    assert (status, body["error"].startswith("unknown failure kind")) == (400, True)


async def test_waiting_over_http(sandbox: Sandbox, control: Control, raw_call: RawCall) -> None:
    waiter = asyncio.create_task(
        control("POST", "/wait/messages", {"chat_id": 1001, "contains": "survey", "timeout": 5})
    )
    await asyncio.sleep(0)
    await raw_call("sendMessage", chat_id=1001, text="hello")
    await raw_call("sendMessage", chat_id=1001, text="your survey")
    status, body = await waiter
    assert (status, [m["text"] for m in body["messages"]]) == (200, ["your survey"])
    status, body = await control("POST", "/wait/requests", {"method": "getMe", "timeout": 0.05})
    assert status == 408
    assert "getMe" in body["error"]


async def test_failures_and_rate_limits_over_http(control: Control, raw_call: RawCall) -> None:
    status, body = await control(
        "POST", "/failures", {"chat_id": 1001, "kind": "flood", "count": 1, "retry_after": 3}
    )
    assert body["failure"]["remaining"] == 1
    status, body = await raw_call("sendMessage", chat_id=1001, text="hi")
    assert (status, body["parameters"]) == (429, {"retry_after": 3})
    await control("POST", "/failures", {"chat_id": 1002, "kind": "blocked"})
    _, body = await control("GET", "/failures")
    assert [f["kind"] for f in body["failures"]] == ["blocked"]
    await control("DELETE", "/failures", chat_id="1002")
    assert (await raw_call("sendMessage", chat_id=1002, text="hi"))[0] == 200

    _, body = await control("PUT", "/rate_limits", {"per_chat_per_second": 1, "chat_burst": 1})
    assert body["rate_limits"]["enabled"] is True
    assert (await raw_call("sendMessage", chat_id=1001, text="1"))[0] == 200
    assert (await raw_call("sendMessage", chat_id=1001, text="2"))[0] == 429
    _, body = await control("GET", "/rate_limit_hits")
    assert [h["reason"] for h in body["rate_limit_hits"]] == ["injected", "chat"]
    await control("DELETE", "/records")
    _, body = await control("GET", "/rate_limit_hits")
    assert body["rate_limit_hits"] == []


async def test_second_bot_by_token(sandbox: Sandbox, control: Control, raw_call: RawCall) -> None:
    await control("POST", "/bots", {"token": OTHER_TOKEN, "username": "branch_two_bot"})
    await control("POST", "/users/1001/text", {"text": "to bot two"}, token=OTHER_TOKEN)
    _, body = await raw_call("getUpdates", token=OTHER_TOKEN)
    assert [u["message"]["text"] for u in body["result"]] == ["to bot two"]
    assert sandbox.pending_updates() == 0


async def test_in_process_waits_time_out_with_a_reason(sandbox: Sandbox) -> None:
    with pytest.raises(TimeoutError, match="1 message"):
        await sandbox.wait_for_message(1001, timeout=0.05)
    with pytest.raises(UserActionError):
        sandbox.replay(12345)
    with pytest.raises(ValueError, match="not a bot token"):
        sandbox.send_text(1001, "x", token="nope")
