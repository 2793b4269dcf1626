"""Each staff member's own command menu, kept in step with the staff table.

Customers see the customer menu (the default scope). A staff member's chat gets a menu of its
own (setMyCommands with a chat scope) that also lists what their role may do. The staff table
is the truth: :meth:`StaffMenus.sync` compares it with the menus last set, which are kept in the
database so that a restart still knows whose menu to take back, and sets or clears only what
changed. A call that fails (a staff member who has never opened the bot: "chat not found") is
tried again at the next sync.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Protocol

from bot.chat.commands import MENU_LANGUAGES, Menus, staff_menus
from bot.wiring import read_state, write_state
from surveys.staff.roles import Role, list_staff
from surveys.storage.database import Database
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

MENU_STATE_KEY = "staff_menus"
"""App state: {user id: "admin" | "manager"} as last set in Telegram."""


class ChatMenus(Protocol):
    """What a chat framework does for :class:`StaffMenus`."""

    async def set_chat_menu(self, chat_id: int, menus: Menus) -> None: ...

    async def clear_chat_menu(self, chat_id: int, languages: Sequence[str | None]) -> None: ...


async def staff_roles(db: Database) -> dict[int, str]:
    """user id -> "admin" or "manager" (an admin who also manages a branch is an admin)."""
    async with UnitOfWork(db, readonly=True) as uow:
        rows = await list_staff(uow)
    roles: dict[int, str] = {}
    for row in rows:
        if row.role == Role.SHOPPER.value:
            continue  # a mystery shopper's chat must look like anyone's
        if row.role == Role.ADMIN.value or row.user_id not in roles:
            roles[row.user_id] = "admin" if row.role == Role.ADMIN.value else "manager"
    return roles


class StaffMenus:
    def __init__(self, db: Database, chats: ChatMenus) -> None:
        self.db = db
        self.chats = chats

    async def sync(self) -> int:
        """Set the menus of new or changed staff and clear those of former staff; how many
        chats were changed."""
        wanted = await staff_roles(self.db)
        stored = await read_state(self.db, MENU_STATE_KEY)
        applied: dict[str, str] = json.loads(stored) if stored else {}
        changed = 0
        for user_id, role in sorted(wanted.items()):
            if applied.get(str(user_id)) == role:
                continue
            try:
                await self.chats.set_chat_menu(user_id, staff_menus(admin=role == "admin"))
            except Exception as error:  # one chat must not stop the others
                log.warning("could not set the menu of staff chat %s: %s", user_id, error)
                continue
            applied[str(user_id)] = role
            changed += 1
        for key in sorted(set(applied) - {str(user_id) for user_id in wanted}):
            try:
                await self.chats.clear_chat_menu(int(key), MENU_LANGUAGES)
            except Exception as error:
                log.warning("could not clear the menu of former staff chat %s: %s", key, error)
                continue
            del applied[key]
            changed += 1
        if changed:
            await write_state(self.db, MENU_STATE_KEY, json.dumps(applied, sort_keys=True))
        return changed
