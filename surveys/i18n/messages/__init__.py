"""Every message key the code says, and its English source text: the gettext msgid.

Code names a message by its key (``say("linked", language, name=...)``); the key stays
put when the English is reworded. Placeholders are ``str.format`` names and must stay the
same in every translation; ``Nn_`` marks a message with a singular and a plural, chosen
by the value ``count``.

Owns the registry, kept in one module per audience or area. In ``chat``: ``customers``
(their own chat), ``survey`` (a survey in progress), ``followup`` (what follows a
complaint), ``complaints`` (managers), ``admins`` (waves and staff), ``audits`` (mystery
shoppers). In ``console``: ``cli``, ``importing``, ``inputs`` (names that cannot be kept as
given), ``reports``, ``web`` (the survey by link and the desk), ``play`` (the try-it page)
``fleet`` (several workers) and ``codes`` (names of the product's codes and the command
menu). ``pybabel extract`` reads their
``N_`` / ``Nn_`` marks (the command is in :mod:`surveys.i18n`); :data:`MESSAGES` is
assembled here, once, and a key defined in two areas fails at import. Imports nothing but
the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from surveys.i18n.messages.chat import admins, audits, complaints, customers, followup, survey
from surveys.i18n.messages.console import (
    cli,
    codes,
    fleet,
    importing,
    inputs,
    play,
    reports,
    web,
)
from surveys.i18n.messages.marks import N_, Msgid, Nn_

AREAS: Final = (
    customers,
    survey,
    complaints,
    admins,
    importing,
    inputs,
    reports,
    cli,
    play,
    codes,
    followup,
    web,
    audits,
    fleet,
)


def _assemble(*areas: Mapping[str, Msgid]) -> Mapping[str, Msgid]:
    merged: dict[str, Msgid] = {}
    for area in areas:
        twice = merged.keys() & area.keys()
        if twice:
            raise ValueError(f"message keys defined in two areas: {sorted(twice)}")
        merged.update(area)
    return MappingProxyType(merged)


MESSAGES: Final[Mapping[str, Msgid]] = _assemble(*(area.MESSAGES for area in AREAS))

__all__ = ["AREAS", "MESSAGES", "N_", "Msgid", "Nn_"]
