"""Check a call against the Bot API rules and turn its parameters into typed values.

Every departure from the rules becomes an :class:`Issue`. Those Telegram refuses are
``refused`` and carry Telegram's description; the sandbox answers 400 with the first of
them. Those Telegram tolerates (an unknown parameter, ``"yes"`` for a Boolean, a limit it
clamps) are recorded only, so a test suite can still fail on them.

Values arrive as strings from forms and multipart bodies (objects as JSON text) or as JSON
values from a JSON body; the result holds ints, bools, floats, strings, decoded JSON
objects and :class:`FileRef` for files.

The checks, by kind: ``parameters`` (known, required, files; the entry point), ``scalars``
(Integer, String, Boolean, Float from forms or JSON), ``objects`` (arrays, unions and
object types of the spec), ``spec_limits`` (the lengths, ranges and values the spec
states), ``extra_rules`` (what Telegram enforces beyond the spec's fields); ``issues``
holds what they find and how refusals are worded. May import ``bot.sandbox.spec`` only.
"""

from __future__ import annotations

from .issues import Issue, Violation
from .parameters import Checked, FileRef, check_call

__all__ = ["Checked", "FileRef", "Issue", "Violation", "check_call"]
