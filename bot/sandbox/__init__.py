"""A local Telegram Bot API sandbox with simulated users.

Real bot frameworks (aiogram, python-telegram-bot) talk to it over HTTP as they would to
api.telegram.org; tests, the demo and benchmarks drive simulated users and read what the
bot did, in process (:class:`Sandbox`) or over the ``/_sandbox/`` control API.
"""

from .bots import make_token
from .conformance import Violation
from .gateway import FAILURE_KINDS, Failure, FailureKind, RateLimits
from .server import Sandbox
from .spec import ApiError
from .users import UserActionError
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
