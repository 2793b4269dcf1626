"""A local Telegram Bot API sandbox with simulated users.

Real bot frameworks (aiogram, python-telegram-bot) talk to it over HTTP as they would to
api.telegram.org; tests, the demo and benchmarks drive simulated users and read what the
bot did, in process (:class:`Sandbox`) or over the ``/_sandbox/`` control API.

The parts, each a folder whose ``__init__`` says what it owns and may import, from the
bottom up: ``spec`` (the Bot API's rules, limits and refusals, as Telegram states them),
``formatting`` (parse modes and entities), ``conformance`` (checking a call against the
spec), ``world`` (bots, users, chats, update queues and files in memory), ``gateway``
(what a bot's HTTP call goes through, and the methods served) and ``facade`` (the
:class:`Sandbox` and its control API). The names below are the sandbox's whole public
surface; ``python -m bot.sandbox`` serves it on its own.
"""

from .conformance import Violation
from .facade import Sandbox, UserActionError, make_token
from .gateway import FAILURE_KINDS, Failure, FailureKind, RateLimits
from .spec import ApiError
from .world import (
    BotIdentity,
    CallbackAnswer,
    ChatMessage,
    Edit,
    LoggedRequest,
    RateLimitHit,
    SimUser,
)

__all__ = [
    "FAILURE_KINDS",
    "ApiError",
    "BotIdentity",
    "CallbackAnswer",
    "ChatMessage",
    "Edit",
    "Failure",
    "FailureKind",
    "LoggedRequest",
    "RateLimitHit",
    "RateLimits",
    "Sandbox",
    "SimUser",
    "UserActionError",
    "Violation",
    "make_token",
]
