"""Structured JSON values: arrays, unions and the object types of the spec, field by field.

An abstract type (``BotCommandScope``) is told apart by its ``type`` tag, a union by the
fields its members require. Each field is checked against its own rules in turn, so a bad
button deep inside a keyboard is named by its path (``reply_markup.inline_keyboard[0][1]``).
"""

from __future__ import annotations

from typing import Any

from ..spec import TypeRule, errors
from .extra_rules import OBJECT_CHECKS
from .issues import Checker, json_refusal, type_refusal
from .scalars import PRIMITIVES, primitive
from .spec_limits import check_limits


def value_of(checker: Checker, path: str, value: Any, types: tuple[str, ...], owner: str) -> Any:
    """A JSON value of one of ``types``, inside ``owner`` (a type or method name)."""
    arrays = [t[len("Array of ") :] for t in types if t.startswith("Array of ")]
    if arrays:
        if not isinstance(value, list):
            raise checker.invalid(path, "type", f"{path} must be an Array", json_refusal(path))
        item_types = (arrays[0],)
        return [
            value_of(checker, f"{path}[{i}]", item, item_types, owner)
            for i, item in enumerate(value)
        ]
    scalars = [t for t in types if t in PRIMITIVES]
    objects = [t for t in types if t not in PRIMITIVES]
    if objects and isinstance(value, dict):
        return _object(checker, path, value, _choose(checker, path, value, objects))
    if objects == ["KeyboardButton"] and isinstance(value, str):
        checker.issue(path, "type", f"{path} is a String; Telegram still takes it as a button")
        return value
    if scalars:
        return primitive(checker, path, value, scalars[0], owner)
    raise checker.invalid(path, "type", f"{path} must be an Object", json_refusal(path))


def _choose(checker: Checker, path: str, value: dict[str, Any], candidates: list[str]) -> TypeRule:
    """The object type a value is, among ``candidates`` (a union or an abstract type)."""
    types = checker.spec.types
    rules = [types[name] for name in candidates if name in types]
    for rule in rules:
        if rule.subtypes:
            tag = value.get("type")
            for sub in rule.subtypes:
                if types[sub].tag == tag:
                    return types[sub]
            raise checker.invalid(
                path,
                "enum",
                f"{path}.type {tag!r} is not a {rule.name}",
                json_refusal(path),
            )
    if len(rules) == 1:
        if path == "reply_markup" and "inline_keyboard" not in value:
            detail = f"{path} must be an InlineKeyboardMarkup"
            raise checker.invalid(path, "type", detail, errors.INLINE_KEYBOARD_EXPECTED)
        return rules[0]
    for rule in rules:
        needed = [f for f, r in rule.fields.items() if r.required]
        if needed and all(f in value for f in needed):
            return rule
    detail = f"{path} is none of {', '.join(candidates)}"
    raise checker.invalid(path, "type", detail, json_refusal(path))


def _object(checker: Checker, path: str, value: dict[str, Any], rule: TypeRule) -> dict[str, Any]:
    for key, item in value.items():
        field_rule = rule.fields.get(key)
        if field_rule is None:
            checker.issue(f"{path}.{key}", "unknown_field", f"{rule.name} has no field {key}")
            continue
        converted = value_of(checker, f"{path}.{key}", item, field_rule.types, rule.name)
        check_limits(checker, rule.name, field_rule, converted, f"{path}.{key}")
    for key, field_rule in rule.fields.items():
        if field_rule.required and key not in value:
            refusal = type_refusal(rule.name, f'Can\'t find field "{key}"')
            raise checker.invalid(
                f"{path}.{key}", "required", f"{rule.name} requires {key}", refusal
            )
    check = OBJECT_CHECKS.get(rule.name)
    if check is not None:
        check(checker, path, value)
    return value
