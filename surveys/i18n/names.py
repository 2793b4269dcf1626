"""Internal codes as a reader's words: ``name_of("severity", "high", "zh")`` is 高.

Each table is a family of message keys ``<table>_<code>`` (``severity_high``,
``topic_wait_time``, ``send_uncertain``): the code tables of the product, listed once in
the message registry, so that no code (``wait_time``, ``medium``, ``service``) reaches
a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from surveys.i18n.messages import MESSAGES
from surveys.i18n.texts import say

_NOT_IN_KEYS = re.compile(r"\W+")


def name_key(table: str, code: str) -> str:
    """The message key of ``code`` in ``table`` (``grade``, ``n/a`` → ``grade_na``)."""
    return f"{table}_{_NOT_IN_KEYS.sub('', code)}"


def name_of(table: str, code: str | None, language: str) -> str:
    """The word for ``code``; a code the table lacks (a touchpoint that a deployment's own
    template adds) reads as itself, with spaces for underscores."""
    if not code:
        return ""
    key = name_key(table, code)
    return say(key, language) if key in MESSAGES else code.replace("_", " ")


def names_of(table: str, codes: Iterable[str] | str | None, language: str) -> str:
    """Several codes (a list, or comma-separated as stored) as words, comma-separated."""
    if isinstance(codes, str) or codes is None:
        codes = (codes or "").split(",")
    return ", ".join(name_of(table, code.strip(), language) for code in codes if code.strip())
