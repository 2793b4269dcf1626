"""Runs the bot with aiogram: our intake (long polling or the webhook) feeding aiogram's
dispatcher, the command menus, and the scheduler tick."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.aiogram.feeding import AiogramFeeder
from bot.aiogram.handlers import build_router
from bot.aiogram.messenger import AiogramMessenger
from bot.aiogram.session import StatusSession
from bot.chat.commands import Menus, menus
from bot.chat.staff_menus import StaffMenus
from bot.runtimes import RuntimeState, announce_polling, announce_stopped
from bot.scheduling import start_ticking, stop_ticking
from bot.wiring import BOT_USERNAME_KEY, assemble_outbound, write_state


class AiogramRuntime(RuntimeState):
    async def run(self) -> None:
        """Take updates until :meth:`stop` is called (or the task is cancelled)."""
        services = self.services
        session = StatusSession(api=TelegramAPIServer.from_base(self.api_base))
        bot = Bot(self.token, session=session)
        try:
            me = await bot.get_me()
            if me.username:
                await write_state(services.db, BOT_USERNAME_KEY, me.username)
            chats = AiogramMenus(bot)
            await chats.set_default_menu(menus())
            outbound = assemble_outbound(services, AiogramMessenger(bot), self.make_limiter)
            ticker = self.ticker = outbound.ticker
            self.limiter = outbound.limiter
            dispatcher = Dispatcher(engine=services.engine, replies=outbound.replies)
            dispatcher.include_router(build_router())
            scheduler = (
                start_ticking(ticker, self.tick_seconds) if self.tick_seconds is not None else None
            )
            try:
                async with self.take_updates(AiogramFeeder(dispatcher, bot)):
                    keeper = await self.start_menus(StaffMenus(services.db, chats))
                    announce_polling(me.username, self.api_base, "aiogram", self.options)
                    self.ready.set()
                    try:
                        await self._stop.wait()
                    finally:
                        await self.end_task(keeper)
            finally:
                if scheduler is not None:
                    await stop_ticking(scheduler, ticker)
                await outbound.replies.drain()  # the marks of replies sent
                announce_stopped(me.username, self.options)
        finally:
            await bot.session.close()


class AiogramMenus:
    """Command menus: the customers' (default scope) and each staff member's (their chat)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def set_default_menu(self, menus: Menus) -> None:
        await self._set(BotCommandScopeDefault(), menus)

    async def set_chat_menu(self, chat_id: int, menus: Menus) -> None:
        await self._set(BotCommandScopeChat(chat_id=chat_id), menus)

    async def _set(self, scope: BotCommandScopeDefault | BotCommandScopeChat, menus: Menus) -> None:
        for language_code, items in menus:
            await self.bot.set_my_commands(
                [BotCommand(command=c, description=d) for c, d in items],
                scope=scope,
                language_code=language_code,
            )

    async def clear_chat_menu(self, chat_id: int, languages: Sequence[str | None]) -> None:
        for language_code in languages:
            await self.bot.delete_my_commands(
                scope=BotCommandScopeChat(chat_id=chat_id), language_code=language_code
            )
