"""Constants shared by the sandbox tests (a module of its own: conftest is not imported)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Final

# Calls a Bot API method over HTTP; returns (HTTP status, decoded body). See conftest.
RawCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]

TOKEN: Final = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
OTHER_TOKEN: Final = "987654321:AAFakeTokenForTheSecondBotInTests01"
# A 3x2 pixel PNG, so a photo's reported size can be checked.
PNG_3X2: Final = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x03\x00\x00\x00\x02\x08\x02\x00\x00\x00"
    b"\x12\x16\xf1M\x00\x00\x00\x10IDATx\x9cc\xf8\xcf\xc0\x00A\x0cp\x16\x00A\xd2\x05\xfb\x87"
    b"\xf0\xb9H\x00\x00\x00\x00IEND\xaeB`\x82"
)
