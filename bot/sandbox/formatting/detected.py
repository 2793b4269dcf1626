"""The entities Telegram marks in what users type: commands, URLs, @mentions, #hashtags.

Used for simulated users' messages, so that a bot sees ``/start payload`` as a Telegram
client would deliver it.
"""

from __future__ import annotations

import re
from typing import Any

from ..spec.limits import text_length

_DETECTED = re.compile(
    r"(?P<bot_command>(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/]))"
    r"|(?P<url>\bhttps?://[^\s]+[^\s.,;:!?)\]'\"])"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{5,32}\b)"
    r"|(?P<hashtag>(?<![\w#])#\w*[^\W\d]\w*)"
)


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities a Telegram client gets for plain ``text`` a user typed.

    Commands (``/start``, ``/start@bot``), URLs, @mentions and #hashtags are marked, as
    Telegram does; phone numbers, e-mails and bare domain names are not (a simplification).
    """
    entities: list[dict[str, Any]] = []
    for match in _DETECTED.finditer(text):
        kind = match.lastgroup or "url"
        start = text_length(text[: match.start()])
        entities.append({"type": kind, "offset": start, "length": text_length(match[0])})
    return entities
