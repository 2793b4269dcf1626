"""The command menu shown by Telegram (setMyCommands), per language.

Each command's description is the catalog message ``command_<name>``.
"""

from __future__ import annotations

from surveys.i18n import name_of

CUSTOMER_COMMANDS: tuple[str, ...] = ("start", "status", "language", "stop", "forget", "help")
ADMIN_COMMANDS: tuple[str, ...] = ("newwave", "waves", "wave", "staff", "newaudit")
MANAGER_COMMANDS: tuple[str, ...] = ("queue", "stats", "export", "complaint", "desk")

UNLISTED_COMMANDS: tuple[str, ...] = ("whoami", "audits")
"""Commands that work for everyone but are in no menu (/whoami: a person's user id;
/audits: a mystery shopper's assignments, kept out of menus so their chat looks ordinary)."""

KNOWN_COMMANDS: tuple[str, ...] = tuple(
    c
    for c in (*CUSTOMER_COMMANDS, *ADMIN_COMMANDS, *MANAGER_COMMANDS, *UNLISTED_COMMANDS)
    if c != "start"
)

Menus = list[tuple[str | None, list[tuple[str, str]]]]
"""(language code or None for the default, [(command, description)]) for setMyCommands."""
MENU_LANGUAGES: tuple[str | None, ...] = (None, "zh")


def _described(commands: tuple[str, ...], language: str | None) -> list[tuple[str, str]]:
    """English is the default menu (no language code)."""
    return [(c, name_of("command", c, language or "en")) for c in commands]


def menus() -> Menus:
    """Each language's customer menu for setMyCommands."""
    return [(code, _described(CUSTOMER_COMMANDS, code)) for code in MENU_LANGUAGES]


def staff_menus(*, admin: bool) -> Menus:
    """The menu of a staff member's own chat: the customer's commands, then a manager's, then
    (for admins) an admin's."""
    chosen = (*CUSTOMER_COMMANDS, *MANAGER_COMMANDS, *(ADMIN_COMMANDS if admin else ()))
    return [(code, _described(chosen, code)) for code in MENU_LANGUAGES]
