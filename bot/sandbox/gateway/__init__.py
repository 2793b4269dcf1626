"""The Bot API a bot talks to: ``/bot<token>/<method>`` and ``/file/bot<token>/...``.

Owns the steps of one call (``calls``: travel, read, check, injected failure, flood limits,
run, answer, log), the methods served (``methods``), the failures a test can inject
(``failures``), Telegram's flood limits (``ratelimit``), the road to the far end (latency,
and cutting every waiting call when the port goes down: ``network``) and the bodies put
on the wire, JSON or a proxy's HTML page (``answers``). May import ``bot.sandbox.spec``,
``conformance``, ``formatting`` and ``world``; not the facade.
"""

from __future__ import annotations

from .calls import Gateway, bot_id_of
from .failures import FAILURE_KINDS, Failure, FailureKind, FailurePlan, make_failure
from .methods import Settings
from .network import Latency, Link
from .ratelimit import RateLimiter, RateLimits

__all__ = [
    "FAILURE_KINDS",
    "Failure",
    "FailureKind",
    "FailurePlan",
    "Gateway",
    "Latency",
    "Link",
    "RateLimiter",
    "RateLimits",
    "Settings",
    "bot_id_of",
    "make_failure",
]
