"""Check a call against the Bot API rules and turn its parameters into typed values.

Every departure from the rules becomes an :class:`Issue`. Those Telegram refuses are
``refused`` and carry Telegram's description; the sandbox answers 400 with the first of
them. Those Telegram tolerates (an unknown parameter, ``"yes"`` for a Boolean, a limit it
clamps) are recorded only, so a test suite can still fail on them.

Values arrive as strings from forms and multipart bodies (objects as JSON text) or as JSON
values from a JSON body; the result holds ints, bools, floats, strings, decoded JSON
objects and :class:`FileRef` for files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from . import errors
from .limits import (
    BOT_COMMAND,
    INLINE_BUTTON_ACTIONS,
    INLINE_KEYBOARD_MAX_BUTTONS,
    INLINE_KEYBOARD_MAX_PER_ROW,
    PARSE_MODES,
    REPLY_MARKUP_MAX_BYTES,
    SECRET_TOKEN,
    byte_length,
    text_length,
)
from .params import RawCall, Upload
from .spec import FieldRule, MethodRule, Spec, TypeRule

PRIMITIVES: Final = frozenset({"Integer", "String", "Boolean", "Float", "True"})
_INTEGER = re.compile(r"\s*-?\d+\s*")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})

# A missing required parameter is refused the way Telegram words it.
_MISSING: Final = {
    "chat_id": errors.CHAT_ID_EMPTY,
    "text": errors.TEXT_EMPTY,
    "message_id": errors.MESSAGE_ID_MISSING,
    "photo": "there is no photo in the request",
    "document": "there is no document in the request",
    "callback_query_id": errors.QUERY_ID_INVALID,
    "file_id": errors.INVALID_FILE_ID,
    "action": errors.WRONG_ACTION,
}
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
class FileRef:
    """An InputFile parameter: an upload, or a file_id or URL of a file Telegram has."""

    upload: Upload | None = None
    file_id: str | None = None
    url: str | None = None


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


@dataclass(slots=True)
class Checked:
    args: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)

    @property
    def refusal(self) -> Issue | None:
        return next((i for i in self.issues if i.refusal is not None), None)


class _Invalid(Exception):
    """A value that cannot be used; the issue is already recorded."""


def check_call(spec: Spec, method: MethodRule, raw: RawCall) -> Checked:
    checker = _Checker(spec, method, raw)
    return Checked(checker.run(), checker.issues)


class _Checker:
    def __init__(self, spec: Spec, method: MethodRule, raw: RawCall) -> None:
        self.spec = spec
        self.method = method
        self.raw = raw
        self.issues: list[Issue] = []
        self.attached: set[str] = set()

    def issue(self, param: str, rule: str, detail: str, refusal: str | None = None) -> None:
        self.issues.append(Issue(param, rule, detail, refusal))

    def invalid(self, param: str, rule: str, detail: str, refusal: str | None) -> _Invalid:
        self.issue(param, rule, detail, refusal)
        return _Invalid()

    # -- top level ---------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        rules = self.method.params
        for name, value in self.raw.params.items():
            rule = rules.get(name)
            if rule is None:
                self.issue(name, "unknown_parameter", f"{self.method.name} has no parameter {name}")
                continue
            try:
                args[name] = self.param(rule, value)
            except _Invalid:
                continue
        for name, upload in self.raw.files.items():
            rule = rules.get(name)
            if rule is not None and "InputFile" in rule.types and name not in args:
                args[name] = FileRef(upload=upload)
            elif name not in self.attached and rule is None:
                self.issue(name, "unknown_parameter", f"file part {name} is not used")
        for name, rule in rules.items():
            if rule.required and (name not in args or args[name] == ""):
                refusal = _MISSING.get(name, f'parameter "{name}" is required')
                self.issue(name, "required", f"{self.method.name} requires {name}", refusal)
                args.pop(name, None)
        self.extra_checks(args)
        return args

    def param(self, rule: FieldRule, value: Any) -> Any:
        types = rule.types
        if value == "" and "String" not in types:
            raise _Invalid  # Telegram reads an empty value as an absent one
        if "InputFile" in types:
            return self.input_file(rule, value)
        if types == ("Integer", "String"):
            return self.integer_or_string(rule.name, value)
        if len(types) == 1 and types[0] in PRIMITIVES:
            converted = self.form_primitive(rule.name, value, types[0])
            self.limits(self.method.name, rule, converted, rule.name)
            return converted
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                what = _JSON_NAMES.get(rule.name, rule.name)
                raise self.invalid(
                    rule.name,
                    "json",
                    f"{rule.name} is not valid JSON",
                    f"can't parse {what} JSON object",
                ) from None
        converted = self.value(rule.name, value, types, self.method.name)
        self.limits(self.method.name, rule, converted, rule.name)
        return converted

    def input_file(self, rule: FieldRule, value: Any) -> FileRef:
        if isinstance(value, str) and value.startswith("attach://"):
            part = value[len("attach://") :]
            upload = self.raw.files.get(part)
            if upload is None:
                raise self.invalid(
                    rule.name,
                    "input_file",
                    f"{value} names no file part",
                    _MISSING.get(rule.name, f"there is no {rule.name} in the request"),
                )
            self.attached.add(part)
            return FileRef(upload=upload)
        if isinstance(value, str) and "String" in rule.types:
            if value.startswith(("http://", "https://")):
                return FileRef(url=value)
            return FileRef(file_id=value)
        raise self.invalid(rule.name, "type", f"{rule.name} must be an InputFile or String", None)

    def integer_or_string(self, name: str, value: Any) -> int | str:
        if isinstance(value, bool):
            raise self.invalid(name, "type", f"{name} must be an Integer or String", None)
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            return int(value) if _INTEGER.fullmatch(value) else value
        raise self.invalid(name, "type", f"{name} must be an Integer or String", None)

    def form_primitive(self, name: str, value: Any, kind: str) -> Any:
        """A scalar parameter; strings are how forms carry every scalar."""
        if isinstance(value, str):
            if kind == "String":
                return value
            if kind == "Integer":
                if _INTEGER.fullmatch(value):
                    return int(value)
                raise self.invalid(name, "type", f"{name}={value!r} is not an Integer", None)
            if kind == "Float":
                try:
                    return float(value)
                except ValueError:
                    raise self.invalid(
                        name, "type", f"{name}={value!r} is not a Float", None
                    ) from None
            lowered = value.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            self.issue(name, "type", f"{name}={value!r} is not a Boolean (true or false)")
            return lowered == "yes"
        return self.primitive(name, value, kind, self.method.name)

    # -- JSON values -------------------------------------------------------------------

    def primitive(self, path: str, value: Any, kind: str, owner: str) -> Any:
        ok = (
            (kind == "String" and isinstance(value, str))
            or (kind == "Integer" and isinstance(value, int) and not isinstance(value, bool))
            or (kind == "Boolean" and isinstance(value, bool))
            or (kind == "True" and value is True)
            or (kind == "Float" and isinstance(value, int | float) and not isinstance(value, bool))
        )
        if ok:
            return value
        if kind == "String" and isinstance(value, int | float) and not isinstance(value, bool):
            self.issue(path, "type", f"{path} must be a String, got {value!r}")
            return str(value)
        leaf = path.rpartition(".")[2].split("[", 1)[0]
        refusal = (
            f'can\'t parse {_TYPE_NAMES.get(owner, owner)}: Field "{leaf}" must be of type {kind}'
        )
        raise self.invalid(path, "type", f"{path} must be of type {kind}", refusal)

    def value(self, path: str, value: Any, types: tuple[str, ...], owner: str) -> Any:
        """A JSON value of one of ``types``, inside ``owner`` (a type or method name)."""
        arrays = [t[len("Array of ") :] for t in types if t.startswith("Array of ")]
        if arrays:
            if not isinstance(value, list):
                raise self.invalid(
                    path, "type", f"{path} must be an Array", self.json_refusal(path)
                )
            item_types = (arrays[0],)
            return [
                self.value(f"{path}[{i}]", item, item_types, owner) for i, item in enumerate(value)
            ]
        scalars = [t for t in types if t in PRIMITIVES]
        objects = [t for t in types if t not in PRIMITIVES]
        if objects and isinstance(value, dict):
            return self.object(path, value, self.choose(path, value, objects))
        if objects == ["KeyboardButton"] and isinstance(value, str):
            self.issue(path, "type", f"{path} is a String; Telegram still takes it as a button")
            return value
        if scalars:
            return self.primitive(path, value, scalars[0], owner)
        raise self.invalid(path, "type", f"{path} must be an Object", self.json_refusal(path))

    def json_refusal(self, path: str) -> str:
        root = path.split(".", 1)[0].split("[", 1)[0]
        return f"can't parse {_JSON_NAMES.get(root, root)} JSON object"

    def choose(self, path: str, value: dict[str, Any], candidates: list[str]) -> TypeRule:
        """The object type a value is, among ``candidates`` (a union or an abstract type)."""
        rules = [self.spec.types[name] for name in candidates if name in self.spec.types]
        for rule in rules:
            if rule.subtypes:
                tag = value.get("type")
                for sub in rule.subtypes:
                    if self.spec.types[sub].tag == tag:
                        return self.spec.types[sub]
                raise self.invalid(
                    path,
                    "enum",
                    f"{path}.type {tag!r} is not a {rule.name}",
                    self.json_refusal(path),
                )
        if len(rules) == 1:
            if path == "reply_markup" and "inline_keyboard" not in value:
                detail = f"{path} must be an InlineKeyboardMarkup"
                raise self.invalid(path, "type", detail, errors.INLINE_KEYBOARD_EXPECTED)
            return rules[0]
        for rule in rules:
            needed = [f for f, r in rule.fields.items() if r.required]
            if needed and all(f in value for f in needed):
                return rule
        detail = f"{path} is none of {', '.join(candidates)}"
        raise self.invalid(path, "type", detail, self.json_refusal(path))

    def object(self, path: str, value: dict[str, Any], rule: TypeRule) -> dict[str, Any]:
        for key, item in value.items():
            field_rule = rule.fields.get(key)
            if field_rule is None:
                self.issue(f"{path}.{key}", "unknown_field", f"{rule.name} has no field {key}")
                continue
            converted = self.value(f"{path}.{key}", item, field_rule.types, rule.name)
            self.limits(rule.name, field_rule, converted, f"{path}.{key}")
        for key, field_rule in rule.fields.items():
            if field_rule.required and key not in value:
                name = _TYPE_NAMES.get(rule.name, rule.name)
                refusal = f"can't parse {name}: Can't find field \"{key}\""
                raise self.invalid(
                    f"{path}.{key}", "required", f"{rule.name} requires {key}", refusal
                )
        check = _OBJECT_CHECKS.get(rule.name)
        if check is not None:
            check(self, path, value)
        return value

    # -- limits --------------------------------------------------------------------------

    def limits(self, owner: str, rule: FieldRule, value: Any, path: str) -> None:
        refusal = _LIMIT_REFUSALS.get((owner, rule.name))
        if rule.length is not None and isinstance(value, str) and not rule.after_entities_parsing:
            size = byte_length(value) if rule.unit == "bytes" else text_length(value)
            low, high = rule.length
            if not low <= size <= high:
                detail = f"{path} is {size} {rule.unit} long, allowed {low}-{high}"
                self.issue(
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
                self.issue(path, "range", detail, None if clamped else refusal or detail)
        if rule.max_items is not None and isinstance(value, list) and len(value) > rule.max_items:
            detail = f"{path} has {len(value)} items, at most {rule.max_items} allowed"
            self.issue(path, "max_items", detail, refusal or detail)
        if rule.enum is not None and isinstance(value, str) and value not in rule.enum:
            detail = f"{path}={value!r} is not one of {sorted(rule.enum)}"
            self.issue(path, "enum", detail, refusal or f"unsupported {path} {value!r}")

    def extra_checks(self, args: dict[str, Any]) -> None:
        """Rules the spec states in prose or Telegram enforces without stating them."""
        for name in ("parse_mode",):
            mode = args.get(name)
            if isinstance(mode, str) and mode and mode.lower() not in PARSE_MODES:
                self.issue(
                    name,
                    "enum",
                    f"{name}={mode!r} is not HTML, MarkdownV2 or Markdown",
                    errors.UNSUPPORTED_PARSE_MODE,
                )
        markup = self.raw.params.get("reply_markup")
        if markup is not None:
            size = len(markup.encode()) if isinstance(markup, str) else len(json.dumps(markup))
            if size > REPLY_MARKUP_MAX_BYTES:
                self.issue(
                    "reply_markup",
                    "limit",
                    f"reply_markup is {size} bytes of JSON",
                    errors.REPLY_MARKUP_TOO_LONG,
                )
        updates = args.get("allowed_updates")
        if isinstance(updates, list):
            for kind in updates:
                if kind not in self.spec.update_types:
                    self.issue("allowed_updates", "enum", f"{kind!r} is not an update type")
        secret = args.get("secret_token")
        if isinstance(secret, str) and not SECRET_TOKEN.fullmatch(secret):
            self.issue(
                "secret_token",
                "pattern",
                "secret_token allows only A-Z a-z 0-9 _ -",
                "secret token contains unallowed characters",
            )
        if args.get("parse_mode") and ("entities" in args or "caption_entities" in args):
            self.issue("entities", "ignored", "entities are ignored when parse_mode is set")


def _check_inline_keyboard(checker: _Checker, path: str, value: dict[str, Any]) -> None:
    rows = value.get("inline_keyboard", [])
    total = sum(len(row) for row in rows if isinstance(row, list))
    widest = max((len(row) for row in rows if isinstance(row, list)), default=0)
    if total > INLINE_KEYBOARD_MAX_BUTTONS or widest > INLINE_KEYBOARD_MAX_PER_ROW:
        detail = (
            f"inline keyboard has {total} buttons, {widest} in its widest row "
            f"(at most {INLINE_KEYBOARD_MAX_BUTTONS} and {INLINE_KEYBOARD_MAX_PER_ROW} per row)"
        )
        checker.issue(f"{path}.inline_keyboard", "limit", detail, errors.BUTTONS_TOO_MUCH)


def _check_inline_button(checker: _Checker, path: str, value: dict[str, Any]) -> None:
    actions = [name for name in INLINE_BUTTON_ACTIONS if name in value]
    if not actions:
        checker.issue(
            path, "button", "inline keyboard button has no action", errors.TEXT_BUTTONS_IN_INLINE
        )
    elif len(actions) > 1:
        checker.issue(
            path, "button", f"inline keyboard button has {len(actions)} actions: {actions}"
        )


def _check_bot_command(checker: _Checker, path: str, value: dict[str, Any]) -> None:
    command = value.get("command")
    if isinstance(command, str) and command and not BOT_COMMAND.fullmatch(command[:32]):
        detail = f"command {command!r} may hold only a-z, 0-9 and _"
        checker.issue(f"{path}.command", "pattern", detail, errors.BOT_COMMAND_INVALID)


_OBJECT_CHECKS: Final[dict[str, Callable[[_Checker, str, dict[str, Any]], None]]] = {
    "InlineKeyboardMarkup": _check_inline_keyboard,
    "InlineKeyboardButton": _check_inline_button,
    "BotCommand": _check_bot_command,
}
