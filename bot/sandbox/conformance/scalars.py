"""Scalar values: Integer, String, Boolean, Float and True, from a form or a JSON body.

Forms carry every scalar as a string, so a string is converted by the declared type (and
``"yes"`` for a Boolean is tolerated, as Telegram does, but recorded). A JSON body carries
typed values, which must already be of the declared type.
"""

from __future__ import annotations

import re
from typing import Any, Final

from .issues import Checker, type_refusal

PRIMITIVES: Final = frozenset({"Integer", "String", "Boolean", "Float", "True"})
_INTEGER = re.compile(r"\s*-?\d+\s*")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


def integer_or_string(checker: Checker, name: str, value: Any) -> int | str:
    if isinstance(value, bool):
        raise checker.invalid(name, "type", f"{name} must be an Integer or String", None)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(value) if _INTEGER.fullmatch(value) else value
    raise checker.invalid(name, "type", f"{name} must be an Integer or String", None)


def form_primitive(checker: Checker, name: str, value: Any, kind: str) -> Any:
    """A scalar parameter; strings are how forms carry every scalar."""
    if isinstance(value, str):
        if kind == "String":
            return value
        if kind == "Integer":
            if _INTEGER.fullmatch(value):
                return int(value)
            raise checker.invalid(name, "type", f"{name}={value!r} is not an Integer", None)
        if kind == "Float":
            try:
                return float(value)
            except ValueError:
                raise checker.invalid(
                    name, "type", f"{name}={value!r} is not a Float", None
                ) from None
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        checker.issue(name, "type", f"{name}={value!r} is not a Boolean (true or false)")
        return lowered == "yes"
    return primitive(checker, name, value, kind, checker.method.name)


def primitive(checker: Checker, path: str, value: Any, kind: str, owner: str) -> Any:
    """A JSON scalar at ``path`` inside ``owner`` (a type or method name)."""
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
        checker.issue(path, "type", f"{path} must be a String, got {value!r}")
        return str(value)
    leaf = path.rpartition(".")[2].split("[", 1)[0]
    refusal = type_refusal(owner, f'Field "{leaf}" must be of type {kind}')
    raise checker.invalid(path, "type", f"{path} must be of type {kind}", refusal)
