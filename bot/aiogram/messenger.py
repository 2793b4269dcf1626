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
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods.base import Response
from aiogram.types import BufferedInputFile, Message
from aiohttp import ClientConnectorError

from bot.aiogram.markup import to_aiogram, to_bot_api_json
from bot.aiogram.slim import RESPONSE_TYPES, EditMessageTextForId, SendMessageForId, SentMessage
from bot.chat.errors import ServerAnswered, settle_bad_request, settle_status
from bot.chat.sending import caption_of, gone_reason
from surveys.ports import (
    InlineKeyboard,
    MessageRejected,
    Outgoing,
    RateLimited,
    RecipientGone,
    SendError,
    SendFailed,
    SendUncertain,
)

# aiogram parametrises ``Response[...]`` for every reply; pydantic caches such classes only
# while something refers to them, so under concurrent sends they were rebuilt again and
# again (about 10 ms each). Holding them here keeps the cache warm.
_RESPONSE_TYPES = (Response[Message], Response[bool], Response[Message | bool], *RESPONSE_TYPES)


class AiogramMessenger:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, message: Outgoing) -> int:
        try:
            return await self._call(message)
        except TelegramBadRequest as error:
            return settle_bad_request(error, error.message, message)
        except (TelegramAPIError, ServerAnswered) as error:
            raise _classified(error) from error

    async def probe(self) -> None:
        try:
            await self.bot.get_me()
        except (TelegramAPIError, ServerAnswered) as error:
            raise _classified(error) from error

    async def _call(self, message: Outgoing) -> int:
        attachment = message.attachment
        paid, silent = message.paid or None, message.silent or None
        if attachment is not None:
            markup = to_aiogram(message.markup)
            upload = BufferedInputFile(attachment.data, attachment.file_name)
            send = self.bot.send_photo if attachment.kind == "photo" else self.bot.send_document
            sent = await send(
                message.chat_id,
                upload,
                caption=caption_of(message.text),
                reply_markup=markup,
                allow_paid_broadcast=paid,
                disable_notification=silent,
            )
            return sent.message_id
        dumps = self.bot.session.json_dumps
        if message.edit_message_id is not None:
            inline = message.markup if isinstance(message.markup, InlineKeyboard) else None
            edited = await self.bot(
                EditMessageTextForId(
                    text=message.text,
                    chat_id=message.chat_id,
                    message_id=message.edit_message_id,
                    reply_markup=to_bot_api_json(inline, dumps),
                )
            )
            return edited.message_id if isinstance(edited, SentMessage) else message.edit_message_id
        sent = await self.bot(
            SendMessageForId(
                chat_id=message.chat_id,
                text=message.text,
                reply_markup=to_bot_api_json(message.markup, dumps),
                allow_paid_broadcast=paid,
                disable_notification=silent,
            )
        )
        return sent.message_id

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        try:
            await self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)
        except TelegramBadRequest:
            # A callback can only be answered once and only for a while; too late is harmless.
            return
        except (TelegramAPIError, ServerAnswered) as error:
            raise _classified(error) from error


def _classified(error: TelegramAPIError | ServerAnswered) -> SendError:
    """What a failed call means to the outbox (see :mod:`surveys.outbox.sending.outcomes`)."""
    if isinstance(error, ServerAnswered):
        return settle_status(error.status)
    if isinstance(error, TelegramRetryAfter):
        return RateLimited(float(error.retry_after))
    if isinstance(error, TelegramForbiddenError):
        return RecipientGone(gone_reason(error.message))
    if isinstance(error, TelegramUnauthorizedError):
        return SendFailed("unauthorized", error.message)
    if isinstance(error, TelegramNotFound):
        return SendFailed("not_found", error.message)
    if isinstance(error, TelegramConflictError):
        return SendFailed("conflict", error.message)
    if isinstance(error, TelegramServerError):
        return SendFailed("server_error", error.message)
    if isinstance(error, TelegramNetworkError):
        if isinstance(error.__cause__, ClientConnectorError):
            return SendFailed("connection", error.message)  # the request never left
        return SendUncertain(error.message)  # a timeout or a dropped connection
    return MessageRejected(error.message)
