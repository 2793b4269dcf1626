"""The Bot API as Telegram states it, with no world and no server behind it.

Owns the rules of the methods served and the types they take (``rules``, read from
``methods.json``, which ``make_methods`` generates from the published spec), the limits
Telegram enforces beyond the spec (the ``limits`` table), the descriptions it refuses with
(the ``errors`` table) and the bodies a call's parameters arrive in (``params``). Imports
nothing else of the sandbox.
"""

from __future__ import annotations

from . import errors, limits
from .errors import ApiError, bad_request, too_many_requests
from .params import RawCall, Upload, read_call
from .rules import FieldRule, MethodRule, Spec, TypeRule, load_spec

__all__ = [
    "ApiError",
    "FieldRule",
    "MethodRule",
    "RawCall",
    "Spec",
    "TypeRule",
    "Upload",
    "bad_request",
    "errors",
    "limits",
    "load_spec",
    "read_call",
    "too_many_requests",
]
