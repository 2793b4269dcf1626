"""Failures a test can inject, to see how a bot copes with Telegram (or the road to it)
going wrong.

A failure applies to the next calls that name its chat in ``chat_id`` (or to every call of
the bot when its chat is None), ``count`` times, for ``seconds`` on the sandbox's
monotonic clock, or until cleared (whichever ends first); ``methods`` narrows it to some
methods:

- ``blocked``: 403 "Forbidden: bot was blocked by the user"
- ``chat_not_found``: 400 "Bad Request: chat not found"
- ``deactivated``: 403 "Forbidden: user is deactivated"
- ``flood``: 429 "Too Many Requests: retry after R" with ``parameters.retry_after`` R; with
  no chat and a count or duration, a 429 storm
- ``server_error``: a 5xx answer (``status``: 500, 502, 503, 504, ...; 500 by default),
  JSON ``{"ok":false,"error_code":S,"description":"Bad Gateway"}`` unless ``html`` (the
  page nginx sends in front of Telegram); with ``carried_out`` the call is carried out
  first, as when a proxy gives up on an answer Telegram was still sending
- ``unauthorized``: 401 "Unauthorized" for every call of the bot (a revoked token), before
  its parameters are looked at; lasts until cleared unless a count or duration is given
- ``timeout``: the call is carried out, then answered ``delay`` seconds late (90 by default,
  beyond aiogram's 60 s and python-telegram-bot's 5 s read timeouts), so the client gives
  up although the message was delivered
- ``drop``: the call is carried out, then the connection is closed without an answer

``blocked``, ``chat_not_found``, ``deactivated`` and ``unauthorized`` last until cleared
unless given a count or duration; the others happen once unless given one. What each looks
like to aiogram and python-telegram-bot (which exception, which ``__cause__``, and whether
they can tell the call was not carried out) is the table in ``bot/sandbox/__init__.py``:
neither keeps a 5xx's status, so a carried-out 502 looks exactly like one that was not.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal, get_args

from ..spec import ApiError, bad_request, errors, too_many_requests

FailureKind = Literal[
    "blocked",
    "chat_not_found",
    "deactivated",
    "flood",
    "server_error",
    "unauthorized",
    "timeout",
    "drop",
]
FAILURE_KINDS: frozenset[str] = frozenset(get_args(FailureKind))
# Failures decided after the call is carried out (the effect happens, the answer does not).
AFTER_CALL: frozenset[str] = frozenset({"timeout", "drop"})
# Failures met before the call's parameters are read: the token is checked first.
AT_THE_DOOR: frozenset[str] = frozenset({"unauthorized"})
# Persistent by nature unless a count or duration is given; the others default to once.
_STICKY: frozenset[str] = frozenset({"blocked", "chat_not_found", "deactivated", "unauthorized"})
_WHOLE_BOT: frozenset[str] = frozenset({"unauthorized"})
UNAUTHORIZED = "Unauthorized"


@dataclass(slots=True)
class Failure:
    kind: str
    chat_id: int | None
    remaining: int | None
    retry_after: int = 5
    status: int = 500
    delay: float = 90.0
    methods: frozenset[str] | None = None
    id: int = 0
    until: float | None = None
    html: bool = False
    carried_out: bool = False

    @property
    def after_call(self) -> bool:
        """Whether the call is carried out before this failure shows."""
        return self.kind in AFTER_CALL or (self.kind == "server_error" and self.carried_out)

    def error(self) -> ApiError:
        """The answer this failure gives in place of the call's (see the list above)."""
        if self.kind == "blocked":
            return ApiError(403, errors.BLOCKED)
        if self.kind == "deactivated":
            return ApiError(403, errors.DEACTIVATED)
        if self.kind == "chat_not_found":
            return bad_request(errors.CHAT_NOT_FOUND)
        if self.kind == "flood":
            return too_many_requests(self.retry_after)
        if self.kind == "unauthorized":
            return ApiError(401, UNAUTHORIZED)
        return ApiError(self.status, HTTPStatus(self.status).phrase)

    def to_dict(self, now: float | None = None) -> dict[str, Any]:
        """JSON-ready; ``seconds_left`` is reported when ``now`` (the monotonic clock) is."""
        left = None
        if self.until is not None and now is not None:
            left = max(0.0, round(self.until - now, 3))
        return {
            "id": self.id,
            "kind": self.kind,
            "chat_id": self.chat_id,
            "remaining": self.remaining,
            "seconds_left": left,
            "retry_after": self.retry_after,
            "status": self.status,
            "html": self.html,
            "carried_out": self.carried_out,
            "delay": self.delay,
            "methods": sorted(self.methods) if self.methods is not None else None,
        }


def make_failure(
    kind: str,
    chat_id: int | None,
    *,
    count: int | None = None,
    seconds: float | None = None,
    now: float = 0.0,
    retry_after: int = 5,
    status: int = 500,
    html: bool = False,
    carried_out: bool = False,
    delay: float = 90.0,
    methods: frozenset[str] | None = None,
    failure_id: int = 0,
) -> Failure:
    """A checked failure; ``seconds`` counts from ``now`` on the monotonic clock."""
    if kind not in FAILURE_KINDS:
        raise ValueError(f"unknown failure kind {kind!r}; one of {sorted(FAILURE_KINDS)}")
    if kind in _STICKY - _WHOLE_BOT and chat_id is None:
        raise ValueError(f"a {kind!r} failure needs a chat_id")
    if kind in _WHOLE_BOT and chat_id is not None:
        raise ValueError(f"a {kind!r} failure is for the whole bot: chat_id must be None")
    if (html or carried_out) and kind != "server_error":
        raise ValueError("html and carried_out belong to a 'server_error' failure")
    if count is None and seconds is None and kind not in _STICKY:
        count = 1
    if count is not None and count < 1:
        raise ValueError("count must be at least 1")
    if seconds is not None and seconds <= 0:
        raise ValueError("seconds must be positive")
    if not 500 <= status <= 599:
        raise ValueError("status must be a 5xx code")
    until = now + seconds if seconds is not None else None
    return Failure(
        kind,
        chat_id,
        count,
        retry_after,
        status,
        delay,
        methods,
        failure_id,
        until,
        html,
        carried_out,
    )


class FailurePlan:
    """The failures in force for one bot."""

    def __init__(self) -> None:
        self._failures: list[Failure] = []

    def __bool__(self) -> bool:
        return bool(self._failures)

    def add(self, failure: Failure) -> None:
        self._failures.append(failure)

    def clear(self, chat_id: int | None = None, kind: str | None = None) -> None:
        """Remove the failures of ``chat_id`` and of ``kind`` (None: any)."""

        def cleared(failure: Failure) -> bool:
            return (chat_id is None or failure.chat_id == chat_id) and (
                kind is None or failure.kind == kind
            )

        self._failures = [f for f in self._failures if not cleared(f)]

    def active(self, now: float | None = None) -> list[Failure]:
        if now is not None:
            self._expire(now)
        return list(self._failures)

    def take(
        self, chat_id: object, method: str, now: float = 0.0, *, at_the_door: bool = False
    ) -> Failure | None:
        """The failure this call meets, if any; using it counts one of its ``count``.

        ``at_the_door`` picks the failures met before the parameters are read (a revoked
        token); otherwise the ones met after they were checked.
        """
        self._expire(now)
        for failure in self._failures:
            if (failure.kind in AT_THE_DOOR) != at_the_door:
                continue
            if failure.chat_id is not None and failure.chat_id != chat_id:
                continue
            if failure.methods is not None and method not in failure.methods:
                continue
            if failure.remaining is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
            return failure
        return None

    def _expire(self, now: float) -> None:
        if any(f.until is not None and f.until <= now for f in self._failures):
            self._failures = [f for f in self._failures if f.until is None or f.until > now]
