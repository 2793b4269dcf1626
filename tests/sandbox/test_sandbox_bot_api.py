"""The Bot API surface over raw HTTP: body encodings, Telegram's answers and refusals,
getUpdates semantics, files, and the conformance record."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from bot.sandbox import RateLimits, Sandbox, UserActionError
from tests.sandbox.sandbox_support import OTHER_TOKEN, PNG_3X2, TOKEN, RawCall

MARKUP = {"inline_keyboard": [[{"text": "5", "callback_data": "csat:5"}]]}


async def test_every_body_encoding_is_understood(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    url = f"{sandbox.base_url}/bot{TOKEN}/sendMessage"
    markup = json.dumps(MARKUP)
    async with http.get(url, params={"chat_id": "1001", "text": "query"}) as r:
        assert r.status == 200
    async with http.post(
        url, data={"chat_id": "1001", "text": "form", "reply_markup": markup}
    ) as r:
        assert r.status == 200
    async with http.post(url, json={"chat_id": 1001, "text": "json", "reply_markup": MARKUP}) as r:
        assert r.status == 200
    form = aiohttp.FormData()
    form.add_field("chat_id", "1001")
    form.add_field("text", "multipart")
    form.add_field("reply_markup", markup)
    async with http.post(url, data=form) as r:
        assert r.status == 200
    async with http.post(f"{url}?chat_id=1001", data={"text": "mixed"}) as r:
        assert r.status == 200
    texts = [m.text for m in sandbox.messages(1001)]
    assert texts == ["query", "form", "json", "multipart", "mixed"]
    assert [m.reply_markup for m in sandbox.messages(1001)][1:4] == [MARKUP] * 3
    assert sandbox.violations() == []


async def test_method_names_are_case_insensitive_and_get_me_answers(raw_call: RawCall) -> None:
    status, body = await raw_call("GETME")
    assert status == 200
    assert body["result"]["is_bot"] is True
    assert body["result"]["username"] == "surveybot_test_bot"


async def test_any_well_formed_token_is_a_bot_and_malformed_ones_are_not_found(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    sandbox.configure_bot(OTHER_TOKEN, username="branch_two_bot", first_name="Branch Two")
    _, body = await raw_call("getMe", token=OTHER_TOKEN)
    assert body["result"]["username"] == "branch_two_bot"
    status, body = await raw_call("getMe", token="123:short")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


async def test_unknown_method_is_not_found_and_recorded(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    status, body = await raw_call("sendDice", chat_id=1001)
    assert (status, body["description"]) == (404, "Not Found")
    [violation] = sandbox.violations()
    assert (violation.method, violation.rule, violation.refused) == (
        "sendDice",
        "unsupported_method",
        True,
    )


async def test_missing_required_parameter_is_refused_and_recorded(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    status, body = await raw_call("sendMessage", text="hi")
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")
    [violation] = sandbox.violations()
    assert (violation.param, violation.rule, violation.refused) == ("chat_id", "required", True)
    assert sandbox.requests("sendMessage")[0].status == 400


async def test_tolerated_violations_are_recorded_but_answered(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    status, _ = await raw_call(
        "sendMessage",
        chat_id=1001,
        text="hi",
        disable_notification="yes",
        reply_to_message_id=1,
        reply_markup={"inline_keyboard": [[{"text": "a", "callback_data": "a", "colour": "red"}]]},
    )
    assert status == 200
    found = {(v.param, v.rule, v.refused) for v in sandbox.violations()}
    assert found == {
        ("disable_notification", "type", False),
        ("reply_to_message_id", "unknown_parameter", False),
        ("reply_markup.inline_keyboard[0][0].colour", "unknown_field", False),
    }


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": ""}, "Bad Request: message text is empty"),
        ({"text": "a" * 4097}, "Bad Request: message is too long"),
        ({"text": "😀" * 2049}, "Bad Request: message is too long"),
        ({"text": "<b>bold", "parse_mode": "HTML"}, "Bad Request: can't parse entities"),
        (
            {"text": "hi<br>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "br"',
        ),
        ({"text": "hi", "parse_mode": "Markdown3"}, "Bad Request: unsupported parse_mode"),
        (
            {"text": "hi", "reply_markup": "{not json"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        (
            {"text": "hi", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed",
        ),
        (
            {"text": "hi", "reply_markup": {"inline_keyboard": [[{"callback_data": "a"}]]}},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            {
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [
                        [{"text": "a", "callback_data": str(i)}] for i in range(101)
                    ]
                },
            },
            "Bad Request: BUTTONS_TOO_MUCH",
        ),
        (
            {
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [
                        [
                            {"text": "a" * 6000, "callback_data": "a"},
                            {"text": "b" * 6000, "callback_data": "b"},
                        ]
                    ]
                },
            },
            "Bad Request: reply markup is too long",
        ),
        (
            {"text": "hi", "reply_parameters": {"message_id": 99}},
            "Bad Request: message to be replied not found",
        ),
    ],
)
async def test_send_message_refusals(
    sandbox: Sandbox, raw_call: RawCall, params: dict[str, Any], description: str
) -> None:
    status, body = await raw_call("sendMessage", chat_id=1001, **params)
    assert status == 400
    assert body["description"].startswith(description)
    assert sandbox.messages(1001) == []


async def test_text_limit_counts_utf16_after_entities_parsing(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    status, body = await raw_call("sendMessage", chat_id=1001, text="😀" * 2048)
    assert status == 200
    status, body = await raw_call(
        "sendMessage", chat_id=1001, text="<b>" + "满" * 4096 + "</b>", parse_mode="HTML"
    )
    assert status == 200
    assert body["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 4096}]


async def test_edits_keep_their_history_and_unchanged_edits_are_refused(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    _, body = await raw_call("sendMessage", chat_id=1001, text="Rate us", reply_markup=MARKUP)
    message_id = body["result"]["message_id"]
    status, body = await raw_call(
        "editMessageText", chat_id=1001, message_id=message_id, text="Rate us", reply_markup=MARKUP
    )
    assert body["description"].startswith("Bad Request: message is not modified")
    status, body = await raw_call("editMessageReplyMarkup", chat_id=1001, message_id=message_id)
    assert status == 200
    assert "reply_markup" not in body["result"]
    assert body["result"]["edit_date"] >= body["result"]["date"]
    status, body = await raw_call(
        "editMessageText", chat_id=1001, message_id=message_id, text="Thanks"
    )
    assert status == 200
    [message] = sandbox.messages(1001)
    assert [(e.method, e.text, e.reply_markup) for e in message.edits] == [
        ("editMessageReplyMarkup", "Rate us", None),
        ("editMessageText", "Thanks", None),
    ]
    sandbox.send_text(1001, "a user message")
    status, body = await raw_call("editMessageText", chat_id=1001, message_id=2, text="x")
    assert body["description"] == "Bad Request: message can't be edited"
    status, body = await raw_call("editMessageText", chat_id=1001, text="x")
    assert body["description"] == "Bad Request: message identifier is not specified"


async def test_delete_message(sandbox: Sandbox, raw_call: RawCall) -> None:
    await raw_call("sendMessage", chat_id=1001, text="temporary")
    status, body = await raw_call("deleteMessage", chat_id=1001, message_id=1)
    assert (status, body["result"]) == (200, True)
    status, body = await raw_call("deleteMessage", chat_id=1001, message_id=1)
    assert body["description"] == "Bad Request: message to delete not found"
    assert sandbox.messages(1001)[0].deleted
    status, body = await raw_call("editMessageText", chat_id=1001, message_id=1, text="x")
    assert body["description"] == "Bad Request: message to edit not found"


async def test_callback_queries(sandbox: Sandbox, raw_call: RawCall) -> None:
    await raw_call("sendMessage", chat_id=1001, text="Rate us", reply_markup=MARKUP)
    query_id = sandbox.tap(1001, 1, "csat:5")
    status, body = await raw_call("answerCallbackQuery", callback_query_id=query_id, text="x" * 201)
    assert body["description"] == "Bad Request: MESSAGE_TOO_LONG"
    status, _ = await raw_call("answerCallbackQuery", callback_query_id=query_id, text="Thanks")
    assert status == 200
    status, body = await raw_call("answerCallbackQuery", callback_query_id=query_id)
    assert body["description"].startswith("Bad Request: query is too old")
    status, body = await raw_call("answerCallbackQuery", callback_query_id="12345")
    assert body["description"].startswith("Bad Request: query is too old")
    [answer] = sandbox.callback_answers()
    assert (answer.callback_query_id, answer.text, answer.chat_id) == (query_id, "Thanks", 1001)


async def test_taps_check_the_button_unless_forged(sandbox: Sandbox, raw_call: RawCall) -> None:
    await raw_call("sendMessage", chat_id=1001, text="Rate us", reply_markup=MARKUP)
    with pytest.raises(UserActionError, match="no button"):
        sandbox.tap(1001, 1, "csat:1")
    sandbox.tap(1001, 1, "csat:1", forge=True)
    sandbox.tap(1001, 1, "csat:5", user_id=1002)
    _, body = await raw_call("getUpdates")
    queries = [u["callback_query"] for u in body["result"]]
    assert [(q["from"]["id"], q["data"]) for q in queries] == [(1001, "csat:1"), (1002, "csat:5")]
    assert queries[0]["message"]["reply_markup"] == MARKUP
    assert queries[0]["chat_instance"] == queries[1]["chat_instance"]


async def test_callback_queries_expire_when_configured(raw_call: RawCall) -> None:
    clock = [1_000_000.0]
    async with Sandbox(token=TOKEN, callback_query_timeout=15, clock=lambda: clock[0]) as sandbox:
        sandbox.add_user(1001, "Ann")
        async with aiohttp.ClientSession() as http:
            url = f"{sandbox.base_url}/bot{TOKEN}"
            await http.post(
                f"{url}/sendMessage", json={"chat_id": 1001, "text": "x", "reply_markup": MARKUP}
            )
            query_id = sandbox.tap(1001, 1, "csat:5")
            clock[0] += 16
            async with http.post(
                f"{url}/answerCallbackQuery", json={"callback_query_id": query_id}
            ) as r:
                assert r.status == 400


async def test_get_updates_offset_limit_and_confirmation(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    for text in ("one", "two", "three"):
        sandbox.send_text(1001, text)
    _, body = await raw_call("getUpdates", limit=2)
    assert [u["message"]["text"] for u in body["result"]] == ["one", "two"]
    first_id = body["result"][0]["update_id"]
    _, body = await raw_call("getUpdates", offset=first_id + 1)
    assert [u["message"]["text"] for u in body["result"]] == ["two", "three"]
    _, body = await raw_call("getUpdates", offset=-1)
    assert [u["message"]["text"] for u in body["result"]] == ["three"]
    assert sandbox.pending_updates() == 1
    _, body = await raw_call("getUpdates", offset=first_id + 3)
    assert body["result"] == []
    message = sandbox.history(1001)[0]
    assert (message.message_id, message.from_bot, message.text) == (1, False, "one")


async def test_long_poll_wakes_on_a_new_update(sandbox: Sandbox, raw_call: RawCall) -> None:
    poll = asyncio.create_task(raw_call("getUpdates", timeout=10))
    await sandbox.wait_for_request("getUpdates")
    sandbox.send_text(1001, "/stop")
    _, body = await asyncio.wait_for(poll, 5)
    [update] = body["result"]
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 5}]


async def test_a_second_poll_ends_the_first_with_conflict(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    first = asyncio.create_task(raw_call("getUpdates", timeout=10))
    await sandbox.wait_for_request("getUpdates")
    second = asyncio.create_task(raw_call("getUpdates", timeout=1))
    status, body = await asyncio.wait_for(first, 5)
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")
    assert (await second)[0] == 200


async def test_allowed_updates_persist_until_changed(sandbox: Sandbox, raw_call: RawCall) -> None:
    await raw_call("sendMessage", chat_id=1001, text="Rate us", reply_markup=MARKUP)
    await raw_call("getUpdates", allowed_updates=["callback_query"])
    sandbox.send_text(1001, "ignored")
    sandbox.tap(1001, 1, "csat:5")
    _, body = await raw_call("getUpdates")
    assert [list(u)[1] for u in body["result"]] == ["callback_query"]
    await raw_call("getUpdates", allowed_updates=[], offset=body["result"][-1]["update_id"] + 1)
    sandbox.send_text(1001, "delivered")
    _, body = await raw_call("getUpdates")
    assert [u["message"]["text"] for u in body["result"]] == ["delivered"]


async def test_replayed_update_is_delivered_again_with_the_same_id(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    update = sandbox.send_text(1001, "5")
    _, body = await raw_call("getUpdates")
    next_offset = body["result"][-1]["update_id"] + 1
    await raw_call("getUpdates", offset=next_offset)
    sandbox.replay(update["update_id"])
    _, body = await raw_call("getUpdates", offset=next_offset)
    assert body["result"] == [update]
    _, body = await raw_call("getUpdates", offset=next_offset)
    assert body["result"] == []


async def test_webhook_blocks_get_updates_until_deleted(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    status, body = await raw_call("setWebhook", url="http://example.invalid/hook")
    assert (
        body["description"] == "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    )
    status, body = await raw_call(
        "setWebhook", url="https://example.invalid/hook", secret_token="s3cr3t"
    )
    assert (body["result"], body["description"]) == (True, "Webhook was set")
    status, body = await raw_call("getUpdates")
    assert status == 409
    assert body["description"].startswith(
        "Conflict: can't use getUpdates method while webhook is active"
    )
    sandbox.send_text(1001, "waiting")
    _, body = await raw_call("getWebhookInfo")
    assert body["result"]["url"] == "https://example.invalid/hook"
    assert body["result"]["pending_update_count"] == 1
    _, body = await raw_call("deleteWebhook", drop_pending_updates=True)
    assert body["description"] == "Webhook was deleted"
    status, body = await raw_call("getUpdates")
    assert (status, body["result"]) == (200, [])


async def test_files_upload_get_file_and_download(
    sandbox: Sandbox, http: aiohttp.ClientSession, raw_call: RawCall
) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", "1001")
    form.add_field("photo", "attach://chart")
    form.add_field("chart", PNG_3X2, filename="chart.png", content_type="image/png")
    async with http.post(f"{sandbox.base_url}/bot{TOKEN}/sendPhoto", data=form) as r:
        body = await r.json()
    [size] = body["result"]["photo"]
    assert (size["width"], size["height"], size["file_size"]) == (3, 2, len(PNG_3X2))
    _, body = await raw_call("getFile", file_id=size["file_id"])
    path = body["result"]["file_path"]
    async with http.get(f"{sandbox.base_url}/file/bot{TOKEN}/{path}") as r:
        assert (r.status, await r.read()) == (200, PNG_3X2)
    async with http.get(f"{sandbox.base_url}/file/bot{TOKEN}/documents/missing.pdf") as r:
        assert r.status == 404
    _, body = await raw_call("getFile", file_id="nope")
    assert body["description"] == "Bad Request: invalid file_id"
    _, body = await raw_call("sendDocument", chat_id=1001, document="attach://nothing")
    assert body["description"] == "Bad Request: there is no document in the request"
    _, body = await raw_call("sendDocument", chat_id=1001, document="unknown-file-id")
    assert body["description"] == "Bad Request: wrong file identifier/HTTP URL specified"


async def test_chat_actions_and_unknown_actions(raw_call: RawCall) -> None:
    status, body = await raw_call("sendChatAction", chat_id=1001, action="typing")
    assert (status, body["result"]) == (200, True)
    status, body = await raw_call("sendChatAction", chat_id=1001, action="dancing")
    assert body["description"] == "Bad Request: wrong parameter action in request"


async def test_log_out_and_close_succeed(raw_call: RawCall) -> None:
    assert (await raw_call("logOut"))[1]["result"] is True
    assert (await raw_call("close"))[1]["result"] is True


async def test_rate_limits_refill_with_time(raw_call: RawCall) -> None:
    clock = [0.0]
    limits = RateLimits(enabled=True, per_second=30, burst=30, per_chat_per_second=1, chat_burst=1)
    async with Sandbox(token=TOKEN, rate_limits=limits, clock=lambda: clock[0]) as sandbox:
        sandbox.add_user(1001, "Ann")
        async with aiohttp.ClientSession() as http:
            url = f"{sandbox.base_url}/bot{TOKEN}/sendMessage"

            async def send() -> tuple[int, dict[str, Any]]:
                async with http.post(url, json={"chat_id": 1001, "text": "hi"}) as r:
                    return r.status, await r.json()

            assert (await send())[0] == 200
            clock[0] += 0.25
            status, body = await send()
            assert (status, body["parameters"]) == (429, {"retry_after": 1})
            assert body["description"] == "Too Many Requests: retry after 1"
            clock[0] += 0.75
            assert (await send())[0] == 200
        assert [(h.method, h.reason) for h in sandbox.rate_limit_hits()] == [
            ("sendMessage", "chat")
        ]


@pytest.mark.parametrize(
    "markup",
    [
        {"remove_keyboard": True},
        {"force_reply": True, "input_field_placeholder": "Your phone"},
        {"keyboard": [[{"text": "Share", "request_contact": True}]], "one_time_keyboard": True},
    ],
)
async def test_every_kind_of_reply_markup_is_accepted(
    sandbox: Sandbox, raw_call: RawCall, markup: dict[str, Any]
) -> None:
    status, body = await raw_call("sendMessage", chat_id=1001, text="hi", reply_markup=markup)
    assert status == 200
    assert "reply_markup" not in body["result"]  # only inline keyboards come back
    assert sandbox.messages(1001)[0].reply_markup == markup
    assert sandbox.violations() == []


async def test_json_bodies_carry_typed_values(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    url = f"{sandbox.base_url}/bot{TOKEN}/sendMessage"
    body = {"chat_id": 1001, "text": "hi", "disable_notification": True, "reply_markup": MARKUP}
    async with http.post(url, json=body) as response:
        assert response.status == 200
    async with http.post(url, json={"chat_id": 1001, "text": 42}) as response:
        assert (await response.json())["result"]["text"] == "42"
    button = {"text": True, "callback_data": "a"}
    async with http.post(
        url, json={"chat_id": 1001, "text": "x", "reply_markup": {"inline_keyboard": [[button]]}}
    ) as response:
        refused = await response.json()
    assert refused["description"] == (
        'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'
    )
    assert [(v.param, v.refused) for v in sandbox.violations()] == [
        ("text", False),
        ("reply_markup.inline_keyboard[0][0].text", True),
    ]


async def test_plain_string_keyboard_buttons_are_tolerated(
    sandbox: Sandbox, raw_call: RawCall
) -> None:
    status, _ = await raw_call(
        "sendMessage", chat_id=1001, text="hi", reply_markup={"keyboard": [["Yes", "No"]]}
    )
    assert status == 200
    assert [(v.rule, v.refused) for v in sandbox.violations()] == [("type", False)] * 2
