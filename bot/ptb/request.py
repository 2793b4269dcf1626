"""python-telegram-bot's HTTP request, telling us the status of an answer it could not classify.

The library turns every 5xx into one NetworkError whatever its status, and an answer
that is not Telegram's JSON (an HTML page from a proxy or a wrong base URL) into an
error without the status. The outbox needs the status: a 502 or 504 may come after
Telegram carried the call out, a 500 or a 404 certainly did not. The library wraps what
this raises in a NetworkError whose ``__cause__`` is the :class:`ServerAnswered`.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.request import HTTPXRequest

from bot.chat.errors import ServerAnswered

REFUSED = frozenset({401, 404})
"""A revoked token or a wrong base URL: the library would stop long polling for good on
these; as a network error it keeps polling, and the bot resumes when the token works."""


class StatusRequest(HTTPXRequest):
    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        status, payload = await super().do_request(*args, **kwargs)
        if 200 <= status <= 299:
            return status, payload
        try:
            telegram = isinstance(json.loads(payload), dict)
        except ValueError:
            telegram = False
        if status >= 500 or status in REFUSED or not telegram:
            raise ServerAnswered(status, telegram=telegram)
        return status, payload
