"""Staff members' own command menus: set from the staff table, taken back when they leave."""

from __future__ import annotations

from typing import Any

from bot.chat.commands import staff_menus
from bot.chat.staff_menus import StaffMenus
from bot.sandbox import Sandbox
from surveys.staff.roles import Role, add_staff, remove_staff
from surveys.storage import UnitOfWork
from tests.support.harness import BotHarness

ADMIN = 7001
MANAGER = 7002


def chat_menus(sandbox: Sandbox) -> dict[tuple[str, str], list[str]]:
    """(scope key, language code) -> commands, as the sandbox holds them for the bot."""
    [state] = sandbox.world.bots.values()
    found: dict[tuple[str, str], list[str]] = {}
    for (scope, language), commands in state.commands.items():
        found[scope, language] = [str(c["command"]) for c in commands]
    return found


def menus_of(harness: BotHarness) -> StaffMenus:
    menus = harness.runtime.menus
    assert menus is not None
    return menus


async def test_staff_chats_get_the_commands_of_their_role(harness: BotHarness) -> None:
    async with UnitOfWork(harness.services.db) as uow:
        now = harness.clock.now()
        await add_staff(uow, user_id=ADMIN, role=Role.ADMIN, branch=None, level=1, now=now)
        await add_staff(uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now)
    assert await menus_of(harness).sync() == 2
    menus = chat_menus(harness.sandbox)
    for language in ("", "zh"):
        admin = menus[f"chat,chat_id={ADMIN}", language]
        manager = menus[f"chat,chat_id={MANAGER}", language]
        assert {"newwave", "staff", "queue", "stats", "status"} <= set(admin)
        assert {"queue", "stats", "export", "status"} <= set(manager)
        assert "newwave" not in manager
        customers = menus["default", language]
        assert "queue" not in customers
    zh = dict(staff_menus(admin=False))["zh"]
    assert ("queue", "待处理投诉") in zh


async def test_menus_change_only_when_the_staff_table_does(harness: BotHarness) -> None:
    async with UnitOfWork(harness.services.db) as uow:
        now = harness.clock.now()
        await add_staff(uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now)
    keeper = menus_of(harness)
    assert await keeper.sync() == 1
    calls = len(harness.sandbox.requests("setMyCommands"))
    assert await keeper.sync() == 0
    assert len(harness.sandbox.requests("setMyCommands")) == calls
    async with UnitOfWork(harness.services.db) as uow:
        now = harness.clock.now()
        await add_staff(uow, user_id=MANAGER, role=Role.ADMIN, branch=None, level=1, now=now)
    assert await keeper.sync() == 1  # promoted: the admin's commands appear
    assert "newwave" in chat_menus(harness.sandbox)[f"chat,chat_id={MANAGER}", ""]
    async with UnitOfWork(harness.services.db) as uow:
        await remove_staff(uow, user_id=MANAGER)
    assert await keeper.sync() == 1
    deleted: list[dict[str, Any]] = [r.params for r in harness.sandbox.requests("deleteMyCommands")]
    assert {d.get("language_code") for d in deleted} == {None, "zh"}
    assert not any(scope.startswith("chat,") for scope, _ in chat_menus(harness.sandbox))
    # A new keeper (a restart) remembers from the database that nothing is left to take back.
    recorder = _Recorder()
    assert await StaffMenus(harness.services.db, recorder).sync() == 0
    assert recorder.calls == []


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[int] = []

    async def set_chat_menu(self, chat_id: int, menus: object) -> None:
        self.calls.append(chat_id)

    async def clear_chat_menu(self, chat_id: int, languages: object) -> None:
        self.calls.append(chat_id)
