"""aiogram's dispatcher as a :class:`~bot.intake.feeding.Feeder`: our intake reads the
update off the wire, aiogram routes it to the handlers (its own polling is not used)."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from pydantic import ValidationError

from bot.intake.feeding import Malformed, Raw


class AiogramFeeder:
    def __init__(self, dispatcher: Dispatcher, bot: Bot) -> None:
        self.dispatcher = dispatcher
        self.bot = bot

    async def feed(self, update: Raw) -> None:
        try:
            parsed = Update.model_validate(update, context={"bot": self.bot})
        except ValidationError as error:
            raise Malformed("aiogram cannot read this update") from error
        # feed_update raises what a handler raised (no error handler is registered).
        await self.dispatcher.feed_update(self.bot, parsed)
