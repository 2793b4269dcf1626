"""aiogram's HTTP session, telling us the status of an answer it could not classify.

aiogram reads every answer as Telegram's JSON; a 5xx becomes one exception whatever its
status, and a body that is not JSON (an HTML page from a proxy or a wrong base URL) a
decoding error with no status at all. The outbox needs the status: a 502 or 504 may
come after Telegram carried the call out, a 500 or a 404 certainly did not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import ClientDecodeError, TelegramServerError

from bot.chat.errors import ServerAnswered

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import TelegramMethod
    from aiogram.methods.base import Response


class StatusSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str
    ) -> Response[Any]:
        try:
            return super().check_response(bot, method, status_code, content)
        except (ClientDecodeError, TelegramServerError) as error:
            raise ServerAnswered(status_code) from error
