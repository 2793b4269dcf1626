"""The marks ``pybabel extract`` looks for: ``N_`` (one form) and ``Nn_`` (a plural)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Msgid:
    """English source text: one form, or the singular and plural of a ``count``."""

    singular: str
    plural: str | None = None


def N_(text: str) -> Msgid:
    """Mark ``text`` for extraction; it is translated when said, not here."""
    return Msgid(text)


def Nn_(singular: str, plural: str) -> Msgid:
    """Mark a message whose form follows ``count`` (``ngettext``)."""
    return Msgid(singular, plural)
