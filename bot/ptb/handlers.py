"""Customer handlers: each turns an update into one engine call and sends the reply.

The handlers are tried in order and the first that matches takes the update, as
aiogram's router does: /start, a shared contact, a known command (in the text or a
caption), a document, text, anything else; and button taps.
"""

from __future__ import annotations

from pathlib import Path

from telegram import Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.chat.commands import KNOWN_COMMANDS
from bot.chat.routing import CommandCall, parse_command, tapped, typed, uploaded
from bot.ptb.mappers import callback_message_id, inbound_from_callback, inbound_from_message
from surveys.engine import SurveyEngine
from surveys.outbox.replies import ReplySender
from surveys.ports import Inbound

Context = ContextTypes.DEFAULT_TYPE
Handler = BaseHandler[Update, Context, None]


class _Command(filters.MessageFilter):
    """A message whose text (or caption) starts with one of ``names``, for this bot."""

    def __init__(self, names: tuple[str, ...], bot_username: str | None) -> None:
        super().__init__(name=f"command{names}")
        self.names = frozenset(names)
        self.bot_username = bot_username

    def filter(self, message: Message) -> bool:
        call = parse_command(message.text or message.caption, self.bot_username)
        return call is not None and call.name in self.names


def build_handlers(
    engine: SurveyEngine, replies: ReplySender, bot_username: str | None
) -> list[Handler]:
    """Private chats only; groups are ignored (surveys are personal)."""
    private = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE

    def incoming(update: Update) -> tuple[Message, Inbound] | None:
        message = update.message
        if message is None:
            return None
        inbound = inbound_from_message(message, update)
        return (message, inbound) if inbound is not None else None

    def command_of(message: Message) -> CommandCall:
        call = parse_command(message.text or message.caption, bot_username)
        assert call is not None  # the filter matched it
        return call

    async def start(update: Update, context: Context) -> None:
        """/start, with a deep-link token or without."""
        if (pair := incoming(update)) is not None:
            message, inbound = pair
            await replies.send(await engine.on_start(inbound, command_of(message).args))

    async def contact(update: Update, context: Context) -> None:
        """A shared phone number: links the chat when it is the sender's own."""
        if (pair := incoming(update)) is not None and pair[0].contact is not None:
            shared, inbound = pair[0].contact, pair[1]
            reply = await engine.on_contact(inbound, shared.phone_number, shared.user_id)
            await replies.send(reply)

    async def command(update: Update, context: Context) -> None:
        """Customer commands (/stop, /language, ...), managers' and admins' commands."""
        if (pair := incoming(update)) is not None:
            message, inbound = pair
            call = command_of(message)
            await replies.send(await engine.on_command(inbound, call.name, call.args))

    async def document(update: Update, context: Context) -> None:
        """A CSV/XLSX file: admins import it; the file is fetched only once allowed."""
        if (pair := incoming(update)) is None or pair[0].document is None:
            return
        upload, inbound = pair[0].document, pair[1]

        async def download(target: Path) -> None:
            file = await upload.get_file()
            await file.download_to_drive(target)

        await replies.send(await uploaded(engine, inbound, upload.file_name, download))

    async def photo(update: Update, context: Context) -> None:
        """A photo: a shopper's for their audit, or a manager's of a fix; else its caption."""
        if (pair := incoming(update)) is None or not pair[0].photo:
            return
        message, inbound = pair
        largest = message.photo[-1]

        async def fetch() -> bytes:
            file = await largest.get_file()
            return bytes(await file.download_as_bytearray())

        reply = await engine.on_photo(inbound, largest.file_id, message.caption or "", fetch)
        await replies.send(reply)

    async def location(update: Update, context: Context) -> None:
        """A shared location: a shopper checks in at the audited branch."""
        if (pair := incoming(update)) is not None and pair[0].location is not None:
            where, inbound = pair[0].location, pair[1]
            await replies.send(await engine.on_location(inbound, where.latitude, where.longitude))

    async def text(update: Update, context: Context) -> None:
        """A typed answer, or a message outside a survey."""
        if (pair := incoming(update)) is not None and pair[0].text is not None:
            await replies.send(await typed(engine, pair[1], pair[0].text))

    async def anything_else(update: Update, context: Context) -> None:
        """Stickers, photos, voice: answered with what the open question needs."""
        if (pair := incoming(update)) is not None:
            message, inbound = pair
            await replies.send(await engine.on_text(inbound, message.caption or ""))

    async def tap(update: Update, context: Context) -> None:
        """A button: the same engine call as aiogram's, answered with the reply's toast."""
        query = update.callback_query
        if query is None:
            return
        inbound = inbound_from_callback(query, update)
        reply = await tapped(engine, inbound, query.data, callback_message_id(query))
        await replies.send(reply, query.id)

    handlers: list[Handler] = [
        MessageHandler(private & _Command(("start",), bot_username), start),
        MessageHandler(private & filters.CONTACT, contact),
        MessageHandler(private & _Command(KNOWN_COMMANDS, bot_username), command),
        MessageHandler(private & filters.Document.ALL, document),
        MessageHandler(private & filters.PHOTO, photo),
        MessageHandler(private & filters.LOCATION, location),
        MessageHandler(private & filters.TEXT, text),
        MessageHandler(private, anything_else),
        CallbackQueryHandler(tap),
    ]
    return handlers
