"""python-telegram-bot's application as a :class:`~bot.intake.feeding.Feeder`: our intake
reads the update off the wire, PTB routes it to the handlers (its Updater is not used)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.intake.feeding import Malformed, Raw

log = logging.getLogger(__name__)


class PtbFeeder:
    """``process_update`` hands a handler's exception to the error handlers and returns;
    the one registered here keeps it, so that :meth:`feed` can raise it to the intake."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.application = application
        self._failed: dict[int, BaseException] = {}
        application.add_error_handler(self._keep_error)

    async def _keep_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(update, Update) and context.error is not None:
            self._failed[id(update)] = context.error
        else:
            log.error("an error outside an update", exc_info=context.error)

    async def feed(self, update: Raw) -> None:
        try:
            parsed = Update.de_json(update, self.application.bot)
        except Exception as error:
            raise Malformed("python-telegram-bot cannot read this update") from error
        if parsed is None:
            raise Malformed("python-telegram-bot read nothing in this update")
        try:
            await self.application.process_update(parsed)
        finally:
            failed = self._failed.pop(id(parsed), None)
        if failed is not None:
            raise failed
