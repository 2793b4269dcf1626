"""Sends framework-neutral messages with a python-telegram-bot Bot, and classifies its failures.

As for aiogram, what matters to the outbox is whether a failed call may have reached
Telegram. python-telegram-bot raises :class:`NetworkError` both for an error answer
(a 5xx: certainly not carried out) and for a broken exchange; the cause tells them apart:
no cause (or a parsing error) means Telegram answered; a refused connection, a connect
timeout or a full connection pool mean the request never left; anything else (a read
timeout, a dropped connection) may have been carried out.
"""

from __future__ import annotations

import os
import warnings
from datetime import timedelta

import aiohttp
import httpx
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from bot.chat.errors import ServerAnswered, settle_bad_request, settle_status
from bot.chat.sending import caption_of, gone_reason
from bot.ptb.markup import to_ptb
from surveys.ports import (
    MessageRejected,
    Outgoing,
    RateLimited,
    RecipientGone,
    SendError,
    SendFailed,
    SendUncertain,
)

# Causes of a NetworkError that say nothing was carried out: Telegram's own error answer
# (whose body could not be read), or a request that never left this machine (refused, no
# such host, no connection in time: aiohttp's under our request, httpx's under the library's).
_NOT_CARRIED_OUT = (
    TelegramError,
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)


def use_timedelta_periods() -> None:
    """Opt in to the library's coming behaviour: time periods such as ``retry_after`` as
    timedeltas. Otherwise every 429 it meets emits a deprecation warning, raised inside the
    library where the warning is an error (as in our tests). An explicit setting is kept."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")


class PtbMessenger:
    def __init__(self, bot: Bot) -> None:
        use_timedelta_periods()
        self.bot = bot

    async def send(self, message: Outgoing) -> int:
        try:
            return await self._call(message)
        except BadRequest as error:
            return settle_bad_request(error, error.message, message)
        except TelegramError as error:
            raise classified(error) from error

    async def probe(self) -> None:
        try:
            await self.bot.get_me()
        except TelegramError as error:
            raise classified(error) from error

    async def _call(self, message: Outgoing) -> int:
        markup = to_ptb(message.markup)
        attachment = message.attachment
        if attachment is not None:
            send = self.bot.send_photo if attachment.kind == "photo" else self.bot.send_document
            sent = await send(
                message.chat_id,
                attachment.data,
                caption=caption_of(message.text),
                reply_markup=markup,
                filename=attachment.file_name,
                allow_paid_broadcast=message.paid or None,
                disable_notification=message.silent or None,
            )
            return sent.message_id
        if message.edit_message_id is not None:
            inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
            result = await self.bot.edit_message_text(
                message.text,
                chat_id=message.chat_id,
                message_id=message.edit_message_id,
                reply_markup=inline,
            )
            return result.message_id if isinstance(result, Message) else message.edit_message_id
        sent = await self.bot.send_message(
            message.chat_id,
            message.text,
            reply_markup=markup,
            allow_paid_broadcast=message.paid or None,
            disable_notification=message.silent or None,
        )
        return sent.message_id

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        try:
            await self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)
        except BadRequest:
            return  # answered already, or too late: the client stops spinning on its own
        except TelegramError as error:
            raise classified(error) from error


def classified(error: TelegramError) -> SendError:
    """What a failed call means to the outbox (see :mod:`surveys.outbox.sending.outcomes`)."""
    if isinstance(error.__cause__, ServerAnswered):
        return settle_status(error.__cause__.status)
    if isinstance(error, RetryAfter):
        return RateLimited(retry_seconds(error))
    if isinstance(error, Forbidden):
        return RecipientGone(gone_reason(error.message))
    if isinstance(error, InvalidToken):
        unauthorized = "unauthorized" in error.message.lower()
        return SendFailed("unauthorized" if unauthorized else "not_found", error.message)
    if isinstance(error, EndPointNotFound):
        return SendFailed("not_found", error.message)
    if isinstance(error, Conflict):
        return SendFailed("conflict", error.message)
    if isinstance(error, ChatMigrated):
        return MessageRejected(error.message)
    if isinstance(error, NetworkError):  # TimedOut too
        if error.__cause__ is None:
            return SendFailed("server_error", error.message)  # Telegram answered an error
        if not_carried_out(error):
            return SendFailed("connection", error.message)
        return SendUncertain(error.message)
    # An answer that could not be read: the call may well have been carried out.
    return SendUncertain(error.message)


def not_carried_out(error: NetworkError) -> bool:
    """True when the request certainly did not reach Telegram, or Telegram answered with an
    error status (nothing was carried out); False when it may have been carried out."""
    cause = error.__cause__
    return cause is None or isinstance(cause, _NOT_CARRIED_OUT)


def retry_seconds(error: RetryAfter) -> float:
    """``retry_after`` in seconds, as a timedelta or (not opted in) as a number."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
