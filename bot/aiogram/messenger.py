"""Sends framework-neutral messages with an aiogram Bot, and classifies its failures.

The distinction that matters for the outbox is whether a failed call may have
reached Telegram: a refused connection did not (safe to retry), a read timeout
or a dropped connection may have (never resend; the delivery is "uncertain").
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods.base import Response
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message
from aiohttp import ClientConnectorError

from bot.aiogram.markup import to_aiogram
from bot.sending import caption_of, gone_reason
from bot.telegram_errors import settle_bad_request
from surveys.ports import (
    MessageRejected,
    Outgoing,
    RateLimited,
    RecipientGone,
    SendFailed,
    SendUncertain,
)

# aiogram parametrises ``Response[...]`` for every reply; pydantic caches such classes only
# while something refers to them, so under concurrent sends they were rebuilt again and
# again (about 10 ms each). Holding them here keeps the cache warm.
_RESPONSE_TYPES = (Response[Message], Response[bool], Response[Message | bool])


class AiogramMessenger:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, message: Outgoing) -> int:
        try:
            return await self._call(message)
        except TelegramRetryAfter as error:
            raise RateLimited(float(error.retry_after)) from error
        except TelegramForbiddenError as error:
            raise RecipientGone(gone_reason(error.message)) from error
        except TelegramBadRequest as error:
            return settle_bad_request(error, error.message, message)
        except TelegramNotFound as error:
            raise MessageRejected(error.message) from error
        except TelegramServerError as error:
            raise SendFailed(error.message) from error
        except TelegramNetworkError as error:
            if isinstance(error.__cause__, ClientConnectorError):
                raise SendFailed(error.message) from error
            raise SendUncertain(error.message) from error
        except TelegramAPIError as error:
            raise MessageRejected(error.message) from error

    async def _call(self, message: Outgoing) -> int:
        markup = to_aiogram(message.markup)
        attachment = message.attachment
        if attachment is not None:
            upload = BufferedInputFile(attachment.data, attachment.file_name)
            send = self.bot.send_photo if attachment.kind == "photo" else self.bot.send_document
            sent = await send(
                message.chat_id, upload, caption=caption_of(message.text), reply_markup=markup
            )
            return sent.message_id
        if message.edit_message_id is not None:
            inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
            result = await self.bot.edit_message_text(
                text=message.text,
                chat_id=message.chat_id,
                message_id=message.edit_message_id,
                reply_markup=inline,
            )
            return message.edit_message_id if not isinstance(result, Message) else result.message_id
        sent = await self.bot.send_message(
            chat_id=message.chat_id, text=message.text, reply_markup=markup
        )
        return sent.message_id

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        try:
            await self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)
        except TelegramBadRequest:
            # A callback can only be answered once and only for a while; too late is harmless.
            return
        except (TimeoutError, TelegramNetworkError):
            return
