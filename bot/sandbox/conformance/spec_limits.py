"""The limits the spec states for one value: length, numeric range, item count, enum.

Lengths of text that is measured "after entities parsing" are left to the method handlers,
which parse the markup first. Most broken limits are refused, some with a description of
their own; the few Telegram clamps silently are only recorded.
"""

from __future__ import annotations

from typing import Any, Final

from ..spec import FieldRule, errors
from ..spec.limits import byte_length, text_length
from .issues import Checker

# Length, size and value limits Telegram refuses with a specific description.
_LIMIT_REFUSALS: Final = {
    ("InlineKeyboardButton", "callback_data"): errors.BUTTON_DATA_INVALID,
    ("BotCommand", "command"): errors.BOT_COMMAND_INVALID,
    ("BotCommand", "description"): errors.BOT_COMMAND_DESCRIPTION_INVALID,
    ("answerCallbackQuery", "text"): errors.ANSWER_TOO_LONG,
    ("setMyCommands", "commands"): errors.BOT_COMMANDS_TOO_MUCH,
    ("sendChatAction", "action"): errors.WRONG_ACTION,
}
# Limits Telegram clamps silently rather than refusing.
_CLAMPED: Final = frozenset({("getUpdates", "limit"), ("setWebhook", "max_connections")})


def check_limits(checker: Checker, owner: str, rule: FieldRule, value: Any, path: str) -> None:
    """Record every limit of ``rule`` that ``value`` (at ``path`` in ``owner``) breaks."""
    refusal = _LIMIT_REFUSALS.get((owner, rule.name))
    if rule.length is not None and isinstance(value, str) and not rule.after_entities_parsing:
        size = byte_length(value) if rule.unit == "bytes" else text_length(value)
        low, high = rule.length
        if not low <= size <= high:
            detail = f"{path} is {size} {rule.unit} long, allowed {low}-{high}"
            checker.issue(
                path,
                "length",
                detail,
                refusal or f"{path} must be {low}-{high} {rule.unit} long",
            )
    if rule.value_range is not None and isinstance(value, int):
        low, high = rule.value_range
        if not low <= value <= high:
            detail = f"{path}={value} is outside {low}-{high}"
            clamped = (owner, rule.name) in _CLAMPED
            checker.issue(path, "range", detail, None if clamped else refusal or detail)
    if rule.max_items is not None and isinstance(value, list) and len(value) > rule.max_items:
        detail = f"{path} has {len(value)} items, at most {rule.max_items} allowed"
        checker.issue(path, "max_items", detail, refusal or detail)
    if rule.enum is not None and isinstance(value, str) and value not in rule.enum:
        detail = f"{path}={value!r} is not one of {sorted(rule.enum)}"
        checker.issue(path, "enum", detail, refusal or f"unsupported {path} {value!r}")
