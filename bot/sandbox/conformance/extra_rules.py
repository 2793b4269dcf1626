"""Rules beyond the spec's fields: stated in the Bot API's prose, or enforced unstated.

Call-wide ones (a known parse mode, the size of the reply markup's JSON, update types,
the secret token's characters, entities next to a parse mode) and per-object ones
(keyboard size, one action per button, the characters of a command). Where each limit
comes from is said in ``bot/sandbox/spec/limits.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

from ..spec import errors
from ..spec.limits import (
    BOT_COMMAND,
    INLINE_BUTTON_ACTIONS,
    INLINE_KEYBOARD_MAX_BUTTONS,
    INLINE_KEYBOARD_MAX_PER_ROW,
    PARSE_MODES,
    REPLY_MARKUP_MAX_BYTES,
    SECRET_TOKEN,
)
from .issues import Checker


def check_call_rules(checker: Checker, args: dict[str, Any]) -> None:
    """Rules about the call as a whole, once each parameter has been converted."""
    for name in ("parse_mode",):
        mode = args.get(name)
        if isinstance(mode, str) and mode and mode.lower() not in PARSE_MODES:
            checker.issue(
                name,
                "enum",
                f"{name}={mode!r} is not HTML, MarkdownV2 or Markdown",
                errors.UNSUPPORTED_PARSE_MODE,
            )
    markup = checker.raw.params.get("reply_markup")
    if markup is not None:
        size = len(markup.encode()) if isinstance(markup, str) else len(json.dumps(markup))
        if size > REPLY_MARKUP_MAX_BYTES:
            checker.issue(
                "reply_markup",
                "limit",
                f"reply_markup is {size} bytes of JSON",
                errors.REPLY_MARKUP_TOO_LONG,
            )
    updates = args.get("allowed_updates")
    if isinstance(updates, list):
        for kind in updates:
            if kind not in checker.spec.update_types:
                checker.issue("allowed_updates", "enum", f"{kind!r} is not an update type")
    secret = args.get("secret_token")
    if isinstance(secret, str) and not SECRET_TOKEN.fullmatch(secret):
        checker.issue(
            "secret_token",
            "pattern",
            "secret_token allows only A-Z a-z 0-9 _ -",
            "secret token contains unallowed characters",
        )
    if args.get("parse_mode") and ("entities" in args or "caption_entities" in args):
        checker.issue("entities", "ignored", "entities are ignored when parse_mode is set")


def _check_inline_keyboard(checker: Checker, path: str, value: dict[str, Any]) -> None:
    rows = value.get("inline_keyboard", [])
    total = sum(len(row) for row in rows if isinstance(row, list))
    widest = max((len(row) for row in rows if isinstance(row, list)), default=0)
    if total > INLINE_KEYBOARD_MAX_BUTTONS or widest > INLINE_KEYBOARD_MAX_PER_ROW:
        detail = (
            f"inline keyboard has {total} buttons, {widest} in its widest row "
            f"(at most {INLINE_KEYBOARD_MAX_BUTTONS} and {INLINE_KEYBOARD_MAX_PER_ROW} per row)"
        )
        checker.issue(f"{path}.inline_keyboard", "limit", detail, errors.BUTTONS_TOO_MUCH)


def _check_inline_button(checker: Checker, path: str, value: dict[str, Any]) -> None:
    actions = [name for name in INLINE_BUTTON_ACTIONS if name in value]
    if not actions:
        checker.issue(
            path, "button", "inline keyboard button has no action", errors.TEXT_BUTTONS_IN_INLINE
        )
    elif len(actions) > 1:
        checker.issue(
            path, "button", f"inline keyboard button has {len(actions)} actions: {actions}"
        )


def _check_bot_command(checker: Checker, path: str, value: dict[str, Any]) -> None:
    command = value.get("command")
    if isinstance(command, str) and command and not BOT_COMMAND.fullmatch(command[:32]):
        detail = f"command {command!r} may hold only a-z, 0-9 and _"
        checker.issue(f"{path}.command", "pattern", detail, errors.BOT_COMMAND_INVALID)


OBJECT_CHECKS: Final[dict[str, Callable[[Checker, str, dict[str, Any]], None]]] = {
    "InlineKeyboardMarkup": _check_inline_keyboard,
    "InlineKeyboardButton": _check_inline_button,
    "BotCommand": _check_bot_command,
}
"""Checks of one object type, run once its fields have been checked."""
