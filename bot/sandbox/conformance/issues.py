"""What a check finds, and the words Telegram uses when it refuses a value it cannot parse.

The :class:`Checker` is the state every kind of check shares for one call: the spec, the
call as received, and the issues found so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ..spec import MethodRule, RawCall, Spec

_JSON_NAMES: Final = {
    "reply_markup": "reply keyboard markup",
    "entities": "entities",
    "caption_entities": "entities",
    "commands": "commands",
    "allowed_updates": "allowed updates",
}
_TYPE_NAMES: Final = {
    "InlineKeyboardButton": "inline keyboard button",
    "KeyboardButton": "keyboard button",
}


@dataclass(frozen=True, slots=True)
class Issue:
    param: str
    rule: str
    detail: str
    refusal: str | None = None  # Telegram's description after "Bad Request: " if refused


@dataclass(frozen=True, slots=True)
class Violation:
    """A recorded departure from the Bot API rules, refused or not."""

    time: float
    bot_id: int
    method: str
    param: str | None
    rule: str
    detail: str
    refused: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "bot_id": self.bot_id,
            "method": self.method,
            "param": self.param,
            "rule": self.rule,
            "detail": self.detail,
            "refused": self.refused,
        }


class Invalid(Exception):
    """A value that cannot be used; the issue is already recorded."""


class Checker:
    """One call being checked: its rules, the call as received, and the issues found."""

    __slots__ = ("attached", "issues", "method", "raw", "spec")

    def __init__(self, spec: Spec, method: MethodRule, raw: RawCall) -> None:
        self.spec = spec
        self.method = method
        self.raw = raw
        self.issues: list[Issue] = []
        self.attached: set[str] = set()  # file parts named by an attach:// value

    def issue(self, param: str, rule: str, detail: str, refusal: str | None = None) -> None:
        self.issues.append(Issue(param, rule, detail, refusal))

    def invalid(self, param: str, rule: str, detail: str, refusal: str | None) -> Invalid:
        self.issue(param, rule, detail, refusal)
        return Invalid()


def json_refusal(path: str) -> str:
    """Telegram's refusal of a value at ``path`` that is not the JSON it should be."""
    root = path.split(".", 1)[0].split("[", 1)[0]
    return f"can't parse {_JSON_NAMES.get(root, root)} JSON object"


def type_refusal(owner: str, reason: str) -> str:
    """Telegram's refusal of a field of the object type ``owner``."""
    return f"can't parse {_TYPE_NAMES.get(owner, owner)}: {reason}"
