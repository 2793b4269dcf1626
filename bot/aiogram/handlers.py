"""Customer handlers: each turns an update into one engine call and sends the reply."""

from __future__ import annotations

from pathlib import Path

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message, Update

from bot.aiogram.mappers import callback_message_id, inbound_from_callback, inbound_from_message
from bot.chat.commands import KNOWN_COMMANDS
from bot.chat.routing import tapped, typed, uploaded
from surveys.engine import SurveyEngine
from surveys.outbox.replies import ReplySender


def build_router() -> Router:
    """Private chats only; groups are ignored (surveys are personal)."""
    router = Router(name="customers")
    router.message.filter(F.chat.type == "private")

    @router.message(CommandStart())
    async def start(
        message: Message,
        command: CommandObject,
        event_update: Update,
        engine: SurveyEngine,
        replies: ReplySender,
    ) -> None:
        """/start, with a deep-link token or without."""
        inbound = inbound_from_message(message, event_update)
        if inbound is not None:
            await replies.send(await engine.on_start(inbound, command.args))

    @router.message(F.contact)
    async def contact(
        message: Message, event_update: Update, engine: SurveyEngine, replies: ReplySender
    ) -> None:
        """A shared phone number: links the chat when it is the sender's own."""
        inbound = inbound_from_message(message, event_update)
        if inbound is not None and message.contact is not None:
            shared = message.contact
            reply = await engine.on_contact(inbound, shared.phone_number, shared.user_id)
            await replies.send(reply)

    @router.message(Command(*KNOWN_COMMANDS))
    async def command(
        message: Message,
        command: CommandObject,
        event_update: Update,
        engine: SurveyEngine,
        replies: ReplySender,
    ) -> None:
        """Customer commands (/stop, /language, ...) and admin commands (/newwave, /waves)."""
        inbound = inbound_from_message(message, event_update)
        if inbound is not None:
            reply = await engine.on_command(inbound, command.command, command.args)
            await replies.send(reply)

    @router.message(F.document)
    async def document(
        message: Message,
        event_update: Update,
        engine: SurveyEngine,
        replies: ReplySender,
    ) -> None:
        """A CSV/XLSX file: admins import it; the file is fetched only once allowed."""
        inbound = inbound_from_message(message, event_update)
        if inbound is None or message.document is None or message.bot is None:
            return
        bot, upload = message.bot, message.document

        async def download(target: Path) -> None:
            await bot.download(upload, destination=target)

        await replies.send(await uploaded(engine, inbound, upload.file_name, download))

    @router.message(F.photo)
    async def photo(
        message: Message, event_update: Update, engine: SurveyEngine, replies: ReplySender
    ) -> None:
        """A photo: a shopper's for their audit, or a manager's of a fix; else its caption."""
        inbound = inbound_from_message(message, event_update)
        if inbound is None or not message.photo or message.bot is None:
            return
        bot, largest = message.bot, message.photo[-1]

        async def fetch() -> bytes:
            downloaded = await bot.download(largest)
            return downloaded.read() if downloaded is not None else b""

        reply = await engine.on_photo(inbound, largest.file_id, message.caption or "", fetch)
        await replies.send(reply)

    @router.message(F.location)
    async def location(
        message: Message, event_update: Update, engine: SurveyEngine, replies: ReplySender
    ) -> None:
        """A shared location: a shopper checks in at the audited branch."""
        inbound = inbound_from_message(message, event_update)
        if inbound is not None and message.location is not None:
            where = message.location
            await replies.send(await engine.on_location(inbound, where.latitude, where.longitude))

    @router.message(F.text)
    async def text(
        message: Message, event_update: Update, engine: SurveyEngine, replies: ReplySender
    ) -> None:
        """A typed answer, or a message outside a survey."""
        inbound = inbound_from_message(message, event_update)
        if inbound is not None and message.text is not None:
            await replies.send(await typed(engine, inbound, message.text))

    @router.message()
    async def anything_else(
        message: Message, event_update: Update, engine: SurveyEngine, replies: ReplySender
    ) -> None:
        """Stickers, photos, voice: answered with what the open question needs."""
        inbound = inbound_from_message(message, event_update)
        if inbound is not None:
            await replies.send(await engine.on_text(inbound, message.caption or ""))

    @router.callback_query()
    async def tap(
        callback: CallbackQuery, event_update: Update, engine: SurveyEngine, replies: ReplySender
    ) -> None:
        """A button: decoded to a domain action; unknown data is answered, never trusted."""
        inbound = inbound_from_callback(callback, event_update)
        reply = await tapped(engine, inbound, callback.data, callback_message_id(callback))
        await replies.send(reply, callback.id)

    return router
