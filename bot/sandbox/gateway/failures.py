"""Failures a test can inject per chat, to see how a bot copes with Telegram going wrong.

A failure applies to the next calls that name its chat in ``chat_id`` (or to every call of
the bot when its chat is None), ``count`` times or until cleared:

- ``blocked``: 403 "Forbidden: bot was blocked by the user"
- ``chat_not_found``: 400 "Bad Request: chat not found"
- ``deactivated``: 403 "Forbidden: user is deactivated"
- ``flood``: 429 "Too Many Requests: retry after S" with ``parameters.retry_after``
- ``server_error``: a 5xx answer (``status``, 500 by default)
- ``timeout``: the call is carried out, then answered ``delay`` seconds late (90 by default,
  beyond aiogram's 60 s and python-telegram-bot's 5 s read timeouts), so the client gives
  up although the message was delivered
- ``drop``: the call is carried out, then the connection is closed without an answer
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal, get_args

from ..spec import ApiError, bad_request, errors, too_many_requests

FailureKind = Literal[
    "blocked", "chat_not_found", "deactivated", "flood", "server_error", "timeout", "drop"
]
FAILURE_KINDS: frozenset[str] = frozenset(get_args(FailureKind))
# Failures decided after the call is carried out (the effect happens, the answer does not).
AFTER_CALL: frozenset[str] = frozenset({"timeout", "drop"})
# Persistent by nature unless a count is given; the others default to once.
_STICKY: frozenset[str] = frozenset({"blocked", "chat_not_found", "deactivated"})


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
        return ApiError(self.status, HTTPStatus(self.status).phrase)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "chat_id": self.chat_id,
            "remaining": self.remaining,
            "retry_after": self.retry_after,
            "status": self.status,
            "delay": self.delay,
            "methods": sorted(self.methods) if self.methods is not None else None,
        }


def make_failure(
    kind: str,
    chat_id: int | None,
    *,
    count: int | None = None,
    retry_after: int = 5,
    status: int = 500,
    delay: float = 90.0,
    methods: frozenset[str] | None = None,
    failure_id: int = 0,
) -> Failure:
    if kind not in FAILURE_KINDS:
        raise ValueError(f"unknown failure kind {kind!r}; one of {sorted(FAILURE_KINDS)}")
    if kind in _STICKY and chat_id is None:
        raise ValueError(f"a {kind!r} failure needs a chat_id")
    if count is None and kind not in _STICKY:
        count = 1
    if not 500 <= status <= 599:
        raise ValueError("status must be a 5xx code")
    return Failure(kind, chat_id, count, retry_after, status, delay, methods, failure_id)


class FailurePlan:
    """The failures in force for one bot."""

    def __init__(self) -> None:
        self._failures: list[Failure] = []

    def __bool__(self) -> bool:
        return bool(self._failures)

    def add(self, failure: Failure) -> None:
        self._failures.append(failure)

    def clear(self, chat_id: int | None = None) -> None:
        self._failures = [f for f in self._failures if chat_id is not None and f.chat_id != chat_id]

    def active(self) -> list[Failure]:
        return list(self._failures)

    def take(self, chat_id: object, method: str) -> Failure | None:
        """The failure this call meets, if any; using it counts one of its ``count``."""
        for failure in self._failures:
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
