"""The entry point: a call's parameters, known or not, present when required, and its files.

Each parameter is converted by the kind of value its rule declares (``scalars``, ``objects``)
and checked against the limits the spec states (``spec_limits``); the rules that span the
whole call come last (``extra_rules``). File parameters take an upload, an ``attach://``
name of one, a file_id or a URL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final

from ..spec import FieldRule, MethodRule, RawCall, Spec, Upload, errors
from .extra_rules import check_call_rules
from .issues import Checker, Invalid, Issue, json_refusal
from .objects import value_of
from .scalars import PRIMITIVES, form_primitive, integer_or_string
from .spec_limits import check_limits

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


@dataclass(frozen=True, slots=True)
class FileRef:
    """An InputFile parameter: an upload, or a file_id or URL of a file Telegram has."""

    upload: Upload | None = None
    file_id: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Checked:
    args: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)

    @property
    def refusal(self) -> Issue | None:
        return next((i for i in self.issues if i.refusal is not None), None)


def check_call(spec: Spec, method: MethodRule, raw: RawCall) -> Checked:
    checker = Checker(spec, method, raw)
    return Checked(_run(checker), checker.issues)


def _run(checker: Checker) -> dict[str, Any]:
    method, raw = checker.method, checker.raw
    args: dict[str, Any] = {}
    rules = method.params
    for name, value in raw.params.items():
        rule = rules.get(name)
        if rule is None:
            checker.issue(name, "unknown_parameter", f"{method.name} has no parameter {name}")
            continue
        try:
            args[name] = _param(checker, rule, value)
        except Invalid:
            continue
    for name, upload in raw.files.items():
        rule = rules.get(name)
        if rule is not None and "InputFile" in rule.types and name not in args:
            args[name] = FileRef(upload=upload)
        elif name not in checker.attached and rule is None:
            checker.issue(name, "unknown_parameter", f"file part {name} is not used")
    for name, rule in rules.items():
        if rule.required and (name not in args or args[name] == ""):
            refusal = _MISSING.get(name, f'parameter "{name}" is required')
            checker.issue(name, "required", f"{method.name} requires {name}", refusal)
            args.pop(name, None)
    check_call_rules(checker, args)
    return args


def _param(checker: Checker, rule: FieldRule, value: Any) -> Any:
    types = rule.types
    method = checker.method.name
    if value == "" and "String" not in types:
        raise Invalid  # Telegram reads an empty value as an absent one
    if "InputFile" in types:
        return _input_file(checker, rule, value)
    if types == ("Integer", "String"):
        return integer_or_string(checker, rule.name, value)
    if len(types) == 1 and types[0] in PRIMITIVES:
        converted = form_primitive(checker, rule.name, value, types[0])
        check_limits(checker, method, rule, converted, rule.name)
        return converted
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise checker.invalid(
                rule.name, "json", f"{rule.name} is not valid JSON", json_refusal(rule.name)
            ) from None
    converted = value_of(checker, rule.name, value, types, method)
    check_limits(checker, method, rule, converted, rule.name)
    return converted


def _input_file(checker: Checker, rule: FieldRule, value: Any) -> FileRef:
    if isinstance(value, str) and value.startswith("attach://"):
        part = value[len("attach://") :]
        upload = checker.raw.files.get(part)
        if upload is None:
            raise checker.invalid(
                rule.name,
                "input_file",
                f"{value} names no file part",
                _MISSING.get(rule.name, f"there is no {rule.name} in the request"),
            )
        checker.attached.add(part)
        return FileRef(upload=upload)
    if isinstance(value, str) and "String" in rule.types:
        if value.startswith(("http://", "https://")):
            return FileRef(url=value)
        return FileRef(file_id=value)
    raise checker.invalid(rule.name, "type", f"{rule.name} must be an InputFile or String", None)
