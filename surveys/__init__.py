"""The survey domain: everything the bot decides, with no chat framework in sight.

Folders, lowest layer first (``tests/test_layout.py`` holds the tree to them):

* ``ports`` (the seams: clock, scorer, messenger, actions, replies), ``timemath``,
  ``i18n`` (one catalog per language) and ``storage`` (tables, units of work, Alembic);
* ``conversation``, ``customers``, ``staff``, ``importing``, ``reports``: the domain;
* ``complaints`` (with the escalation policy) and ``waves``, which build on those;
* ``outbox``: everything the bot sends, over one lease-based mechanism and one reading
  of a send's result, within our own rate limits;
* ``dialogues``: each turns one inbound action of a person into a ``Reply``;
* ``engine`` (routes inbound updates to the dialogues) and ``ticker`` (runs what time
  brings) on top.

The names below are the public surface, loaded on first use so that ``import surveys``
costs nothing; ``bot.wiring`` puts them together.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "SurveyEngine": "surveys.engine",
    "Dialogues": "surveys.engine",
    "Ticker": "surveys.ticker",
    "TickReport": "surveys.ticker",
    "Clock": "surveys.ports",
    "SystemClock": "surveys.ports",
    "ManualClock": "surveys.ports",
    "Scorer": "surveys.ports",
    "Messenger": "surveys.ports",
    "Outgoing": "surveys.ports",
    "Reply": "surveys.ports",
    "Sender": "surveys.ports",
    "Inbound": "surveys.ports",
    "Action": "surveys.ports",
    "Database": "surveys.storage",
    "UnitOfWork": "surveys.storage",
    "TemplateCatalog": "surveys.conversation.catalog",
    "load_templates": "surveys.conversation.definitions",
    "say": "surveys.i18n",
}

__all__ = [
    "Action",
    "Clock",
    "Database",
    "Dialogues",
    "Inbound",
    "ManualClock",
    "Messenger",
    "Outgoing",
    "Reply",
    "Scorer",
    "Sender",
    "SurveyEngine",
    "SystemClock",
    "TemplateCatalog",
    "TickReport",
    "Ticker",
    "UnitOfWork",
    "load_templates",
    "say",
]

if TYPE_CHECKING:
    from surveys.conversation.catalog import TemplateCatalog
    from surveys.conversation.definitions import load_templates
    from surveys.engine import Dialogues, SurveyEngine
    from surveys.i18n import say
    from surveys.ports import (
        Action,
        Clock,
        Inbound,
        ManualClock,
        Messenger,
        Outgoing,
        Reply,
        Scorer,
        Sender,
        SystemClock,
    )
    from surveys.storage import Database, UnitOfWork
    from surveys.ticker import Ticker, TickReport


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'surveys' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
