"""Runs the bot with python-telegram-bot: our intake feeding the application, the command
menus, the scheduler tick.

Only the library's update routing is used (our intake takes the updates, see
:mod:`bot.intake`). Sending goes through our own
sender, rate limiter and retry policy (not AIORateLimiter), and time-driven work through
our APScheduler ticker (not the JobQueue), exactly as with aiogram.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.ext import Application, ContextTypes, ExtBot

from bot.chat.commands import Menus, menus
from bot.chat.staff_menus import StaffMenus
from bot.ptb.feeding import PtbFeeder
from bot.ptb.handlers import build_handlers
from bot.ptb.messenger import PtbMessenger, use_timedelta_periods
from bot.ptb.request import StatusRequest
from bot.runtimes import RuntimeState, announce_polling, announce_stopped
from bot.scheduling import start_ticking, stop_ticking
from bot.wiring import BOT_USERNAME_KEY, assemble_outbound, write_state
from surveys.ticker import Ticker

SEND_READ_TIMEOUT = 60.0
"""Seconds to wait for Telegram's answer to a call, as aiogram does. PTB's default (5 s) would
turn a slow answer into an uncertain send, which is never retried."""

log = logging.getLogger(__name__)


Data = dict[Any, Any]
App = Application[ExtBot[None], ContextTypes.DEFAULT_TYPE, Data, Data, Data, None]


class PtbRuntime(RuntimeState):
    def build_application(self) -> App:
        """Our intake feeds the application (no Updater); no job queue."""
        use_timedelta_periods()
        return (
            Application.builder()
            .token(self.token)
            .base_url(f"{self.api_base}/bot")
            .base_file_url(f"{self.api_base}/file/bot")
            .request(StatusRequest(read_timeout=SEND_READ_TIMEOUT))
            .updater(None)
            .job_queue(None)
            .build()
        )

    async def run(self) -> None:
        """Take updates until :meth:`stop` is called (or the task is cancelled)."""
        services = self.services
        application = self.build_application()
        try:
            await application.initialize()  # getMe
        except BaseException:
            # A failed start leaves the library's requests open (it shuts down only what
            # started): close our connections before the error goes on.
            await application.bot.request.shutdown()
            raise
        try:
            bot = application.bot
            username = bot.username
            if username:
                await write_state(services.db, BOT_USERNAME_KEY, username)
            await PtbMenus(bot).set_default_menu(menus())
            outbound = assemble_outbound(services, PtbMessenger(bot), self.make_limiter)
            ticker = self.ticker = outbound.ticker
            self.limiter = outbound.limiter
            application.add_handlers(build_handlers(services.engine, outbound.replies, username))
            try:
                await self._take(application, ticker)
            finally:
                await outbound.replies.drain()  # the marks of replies sent
        finally:
            await application.shutdown()

    async def _take(self, application: App, ticker: Ticker) -> None:
        scheduler = (
            start_ticking(ticker, self.tick_seconds) if self.tick_seconds is not None else None
        )
        try:
            await application.start()
            try:
                async with self.take_updates(PtbFeeder(application)):
                    keeper = await self.start_menus(
                        StaffMenus(self.services.db, PtbMenus(application.bot))
                    )
                    try:
                        username = application.bot.username
                        announce_polling(username, self.api_base, "ptb", self.options)
                        self.ready.set()
                        await self._stop.wait()
                    finally:
                        await self.end_task(keeper)
                        announce_stopped(application.bot.username, self.options)
            finally:
                await application.stop()
        finally:
            if scheduler is not None:
                await stop_ticking(scheduler, ticker)


class PtbMenus:
    """Command menus: the customers' (default scope) and each staff member's (their chat)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def set_default_menu(self, menus: Menus) -> None:
        await self._set(BotCommandScopeDefault(), menus)

    async def set_chat_menu(self, chat_id: int, menus: Menus) -> None:
        await self._set(BotCommandScopeChat(chat_id), menus)

    async def _set(self, scope: BotCommandScopeDefault | BotCommandScopeChat, menus: Menus) -> None:
        for language_code, items in menus:
            await self.bot.set_my_commands(
                [BotCommand(c, d) for c, d in items], scope=scope, language_code=language_code
            )

    async def clear_chat_menu(self, chat_id: int, languages: Sequence[str | None]) -> None:
        for language_code in languages:
            await self.bot.delete_my_commands(
                scope=BotCommandScopeChat(chat_id), language_code=language_code
            )
