"""aiogram's dispatcher as a :class:`~bot.intake.feeding.Feeder`: our intake reads the
update off the wire, aiogram routes it to the handlers (its own polling is not used).

A button tap carries the whole message the button sits on, keyboard and all. No handler
reads that keyboard (a tap is decoded from its own data), and parsing its buttons into
aiogram's models was more than half of what reading a tap cost (120 us against 50 us
for a survey question's eleven buttons), so it is left out of what aiogram parses.
"""

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
            parsed = Update.model_validate(
                _without_tapped_keyboard(update), context={"bot": self.bot}
            )
        except ValidationError as error:
            raise Malformed("aiogram cannot read this update") from error
        # feed_update raises what a handler raised (no error handler is registered).
        await self.dispatcher.feed_update(self.bot, parsed)


def _without_tapped_keyboard(update: Raw) -> Raw:
    """``update``, or a copy of it whose tapped message has no ``reply_markup``."""
    tap = update.get("callback_query")
    if not isinstance(tap, dict):
        return update
    message = tap.get("message")
    if not isinstance(message, dict) or "reply_markup" not in message:
        return update
    trimmed = {key: value for key, value in message.items() if key != "reply_markup"}
    return {**update, "callback_query": {**tap, "message": trimmed}}
