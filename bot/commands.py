"""The command menu shown by Telegram (setMyCommands), per language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MenuCommand:
    command: str
    description: dict[str, str]


CUSTOMER_COMMANDS: tuple[MenuCommand, ...] = (
    MenuCommand("start", {"en": "Connect this chat", "zh": "关联客户信息"}),
    MenuCommand("status", {"en": "My open survey or complaint", "zh": "进行中的问卷或投诉"}),
    MenuCommand("language", {"en": "中文 / English", "zh": "切换语言 中文 / English"}),
    MenuCommand("stop", {"en": "No more surveys", "zh": "不再接收回访"}),
    MenuCommand("forget", {"en": "Erase my data", "zh": "删除我的数据"}),
    MenuCommand("help", {"en": "What this bot does", "zh": "使用帮助"}),
)

ADMIN_COMMANDS: tuple[MenuCommand, ...] = (
    MenuCommand("newwave", {"en": "Schedule a survey wave", "zh": "新建回访批次"}),
    MenuCommand("waves", {"en": "Survey waves and progress", "zh": "回访批次与进度"}),
    MenuCommand("wave", {"en": "One wave: /wave ID", "zh": "查看批次：/wave 编号"}),
    MenuCommand("staff", {"en": "Admins and managers", "zh": "工作人员管理"}),
)

MANAGER_COMMANDS: tuple[MenuCommand, ...] = (
    MenuCommand("queue", {"en": "Open complaints", "zh": "待处理投诉"}),
    MenuCommand("stats", {"en": "CSAT, NPS and trends", "zh": "满意度、NPS 与趋势"}),
    MenuCommand("export", {"en": "Survey rows as CSV and XLSX", "zh": "导出问卷数据"}),
    MenuCommand(
        "complaint", {"en": "One complaint: /complaint ID", "zh": "查看投诉：/complaint 编号"}
    ),
)

CUSTOMER_COMMAND_NAMES = frozenset(c.command for c in CUSTOMER_COMMANDS)
KNOWN_COMMANDS: tuple[str, ...] = tuple(
    c.command
    for c in (*CUSTOMER_COMMANDS, *ADMIN_COMMANDS, *MANAGER_COMMANDS)
    if c.command != "start"
)


def menu(language: str) -> list[tuple[str, str]]:
    return [
        (c.command, c.description.get(language, c.description["en"])) for c in CUSTOMER_COMMANDS
    ]


Menus = list[tuple[str | None, list[tuple[str, str]]]]
"""(language code or None for the default, [(command, description)]) for setMyCommands."""
MENU_LANGUAGES: tuple[str | None, ...] = (None, "zh")


def menus() -> Menus:
    """Each language's menu for setMyCommands: English as the default (no language code)."""
    return [(None, menu("en")), ("zh", menu("zh"))]


def staff_menus(*, admin: bool) -> Menus:
    """The menu of a staff member's own chat: the customer's commands, then a manager's, then
    (for admins) an admin's."""
    chosen = (*CUSTOMER_COMMANDS, *MANAGER_COMMANDS, *(ADMIN_COMMANDS if admin else ()))
    return [
        (code, [(c.command, c.description.get(code or "en", c.description["en"])) for c in chosen])
        for code in MENU_LANGUAGES
    ]
