"""The packaged rules match the methods served and, when the spec is at hand, the spec."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.sandbox.gateway import methods as api
from bot.sandbox.spec import load_spec, make_methods

SPEC = Path(os.environ.get("BOT_API_SPEC", "/work/shared/data/telegram-bot-api/api.json"))


def test_every_served_method_has_rules_and_a_handler() -> None:
    served = set(make_methods.SERVED_METHODS)
    assert set(load_spec().methods) == served
    assert set(api.HANDLERS) | set(api.ASYNC_HANDLERS) == served


def test_rules_carry_the_limits_the_sandbox_enforces() -> None:
    spec = load_spec()
    assert spec.methods["sendMessage"].params["text"].length == (1, 4096)
    assert spec.methods["sendPhoto"].params["caption"].length == (0, 1024)
    assert spec.types["InlineKeyboardButton"].fields["callback_data"].length == (1, 64)
    assert spec.types["InlineKeyboardButton"].fields["callback_data"].unit == "bytes"
    assert spec.methods["answerCallbackQuery"].params["text"].length == (0, 200)
    assert spec.methods["setMyCommands"].params["commands"].max_items == 100
    assert spec.types["BotCommand"].fields["command"].length == (1, 32)
    assert spec.types["BotCommand"].fields["description"].length == (1, 256)
    assert spec.types["BotCommandScopeChat"].tag == "chat"
    assert "chat_member" not in spec.default_update_types


@pytest.mark.skipif(not SPEC.exists(), reason="the Bot API spec (api.json) is not available")
def test_methods_json_is_what_the_generator_makes_of_the_spec() -> None:
    packaged = Path(make_methods.__file__).with_name("methods.json").read_text(encoding="utf-8")
    regenerated = make_methods.render(make_methods.build(json.loads(SPEC.read_text("utf-8"))))
    assert packaged == regenerated
