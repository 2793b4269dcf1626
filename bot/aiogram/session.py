"""aiogram's HTTP session, telling us the status of an answer it could not classify.

aiogram reads every answer as Telegram's JSON; a 5xx becomes one exception whatever its
status, and a body that is not JSON (an HTML page from a proxy or a wrong base URL) a
decoding error with no status at all. The outbox needs the status: a 502 or 504 may
come after Telegram carried the call out, a 500 or a 404 certainly did not.

A call without a file is encoded straight to the urlencoded body aiohttp's form would
produce, byte for byte, without building the form (a multipart writer included) first:
most calls are a text and a keyboard, and that form was a tenth of what one cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import ClientDecodeError, TelegramServerError
from aiogram.types import InputFile
from aiohttp import FormData
from aiohttp.payload import BytesPayload

from bot.chat.errors import ServerAnswered

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import TelegramMethod
    from aiogram.methods.base import Response


_FORM = "application/x-www-form-urlencoded"


class StatusSession(AiohttpSession):
    def build_form_data(  # type: ignore[override]
        self, bot: Bot, method: TelegramMethod[Any]
    ) -> FormData | BytesPayload:
        files: dict[str, InputFile] = {}
        fields: list[tuple[str, Any]] = []
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:
                fields.append((key, prepared))
        if files:
            return super().build_form_data(bot, method)
        return BytesPayload(urlencode(fields, doseq=True).encode(), content_type=_FORM)

    def check_response(
        self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str
    ) -> Response[Any]:
        try:
            return super().check_response(bot, method, status_code, content)
        except (ClientDecodeError, TelegramServerError) as error:
            raise ServerAnswered(status_code) from error
