"""The python-telegram-bot runtime's own settings."""

from __future__ import annotations

from typing import Any, cast

from bot.ptb.request import StatusRequest
from bot.ptb.runtime import SEND_READ_TIMEOUT, PtbRuntime


def test_sends_wait_as_long_as_aiogram_does() -> None:
    """A 5 s read timeout (PTB's default) would make slow answers uncertain sends."""
    runtime = PtbRuntime(cast(Any, None), token="123:abc", api_base="http://127.0.0.1:9")
    request = runtime.build_application().bot.request
    assert isinstance(request, StatusRequest)
    assert request.read_timeout == SEND_READ_TIMEOUT == 60.0
