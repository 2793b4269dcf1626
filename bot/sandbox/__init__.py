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

The real network, switchable at run time (``facade/conditions.py``, and the control API):
latency (:meth:`Sandbox.set_latency`), outages (:meth:`Sandbox.go_down`,
:meth:`Sandbox.come_back`, :meth:`Sandbox.outage`) and injected failures
(:meth:`Sandbox.inject`: ``server_error`` with ``html`` and ``carried_out``,
``unauthorized``, ``flood``, ``timeout``, ``drop``, each for a count or for ``seconds``).
What each looks like to the client libraries, as ``tests/sandbox/test_sandbox_network_*``
pin down ("X < Y": exception X with ``__cause__`` Y; "done": was the call carried out, as
far as the library can tell: "no" for sure, "maybe" it may have been):

=================  ====================================  ==================================  =====
condition          aiogram 3.31                          python-telegram-bot 22.8            done
=================  ====================================  ==================================  =====
latency            no error, just slower; past the       no error, just slower; past the     --
                   read timeout, as "read timeout"       read timeout, as "read timeout"
port closed        TelegramNetworkError                  NetworkError (exactly)              no
                   < aiohttp.ClientConnectorError        < httpx.ConnectError
                   (os_error: ConnectionRefusedError),   "httpx.ConnectError: All
                   "ClientConnectorError: Cannot         connection attempts failed"
                   connect to host H:P ssl:default ..."
connection cut     TelegramNetworkError                  NetworkError                        maybe
                   < aiohttp.ServerDisconnectedError,    < httpx.RemoteProtocolError ("...
                   "ServerDisconnectedError: Server      Server disconnected without
                   disconnected"                         sending a response.")
read timeout       TelegramNetworkError < TimeoutError,  TimedOut < httpx.ReadTimeout,       maybe
                   "Request timeout error"               "Timed out"
5xx, JSON          TelegramServerError < None,           NetworkError (exactly) < None,      500/503
                   .message: the description             .message: the description           no;
                   ("Bad Gateway")                       ("Bad Gateway")                     502/504
                                                                                             maybe
5xx, nginx HTML    ClientDecodeError < JSONDecodeError,  NetworkError (exactly) < Telegram-  as JSON
                   "Failed to decode object"; .data:     Error("Invalid server response"),
                   the page ("<title>502 Bad Gateway")   "Bad Gateway (502). Parsing the
                                                         server response b'<html>...'
                                                         failed"
401 Unauthorized   TelegramUnauthorizedError < None,     InvalidToken < None,                no
                   "Unauthorized"                        "Unauthorized"
429 storm          TelegramRetryAfter < None,            RetryAfter < None, .retry_after     no
                   .retry_after: int seconds             timedelta (PTB_TIMEDELTA), "Flood
                                                         control exceeded. Retry in
                                                         0:00:03"
wrong base URL     ClientDecodeError < JSONDecodeError,  InvalidToken < TelegramError(       no
                   .data: "<title>404 Not Found" page    "Invalid server response"), "Not
                                                         Found (404). Parsing the server
                                                         response ... failed"
=================  ====================================  ==================================  =====

What a bot's error classification must know from this:

- "Connection cut" is a ``drop`` (carried out), a call on its way when the port closed
  (not carried out), and the first call on a pooled keep-alive connection at the instant
  the port closed (not carried out; PTB's cause is then ``httpx.ReadError``): the library
  cannot tell them apart. A read timeout is the same.
- Neither library keeps a 5xx's HTTP status. A 502/504 after the call was carried out
  (``carried_out=True``) looks exactly like one before: 502/504 are "maybe", 500/503 "no",
  told apart only by text: the description (JSON), aiogram's ``ClientDecodeError.data``
  (the page's title) or PTB's message ("(502)").
- aiogram's ``ClientDecodeError`` is neither a ``TelegramAPIError`` nor a
  ``TelegramNetworkError`` (only an ``AiogramError``), so ``except TelegramAPIError``
  misses every HTML answer. PTB's ``NetworkError`` is one class for refused, cut and 5xx:
  its ``__cause__`` tells them apart (``httpx.ConnectError``: never sent; another httpx
  error: maybe; None: a JSON 5xx; ``TelegramError``: an HTML page). PTB logs "Can not load
  invalid JSON data" at ERROR for every HTML answer.
- Long polling: aiogram retries every failure (backoff 1 s growing to 5 s) and resumes
  after an outage or a revoked token. PTB retries network errors (1 s, then x1.5 up to
  30 s) but stops for good on ``InvalidToken`` (any 401, and any 404 such as a wrong base
  URL): it logs "Invalid token. Aborting retry loop.", ``updater.running`` stays True and
  the error comes out of ``updater.stop()``.
- PTB at start (``initialize()``, i.e. getMe) turns a 401 or 404 into
  ``InvalidToken("The token `<token>` was rejected by the server.")`` (the token is in the
  message) with the answer's ``InvalidToken`` as ``__cause__``; a failed ``initialize()``
  leaves its connection pool open.
"""

from .conformance import Violation
from .facade import Sandbox, UserActionError, make_token
from .gateway import FAILURE_KINDS, Failure, FailureKind, Latency, RateLimits
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
    "Latency",
    "LoggedRequest",
    "RateLimitHit",
    "RateLimits",
    "Sandbox",
    "SimUser",
    "UserActionError",
    "Violation",
    "make_token",
]
