"""Secrets never reach a log line, a crash log or an error message.

The bot token, the webhook secret, ``SURVEYBOT_SECRET`` and the passwords of database and
Redis URLs are replaced wherever they would be shown: by :class:`RedactingFilter` on every
handler that :mod:`bot.logs.setup` installs (so the lines of aiogram, python-telegram-bot,
httpx, aiohttp and our own pass through it), and by :func:`redact` on the one-line errors of
the CLI. The set of secrets is process-wide, like logging itself: whoever learns a secret
(settings, the demo's sandbox, the link secret kept in the database) adds it once.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import quote

MASK = "***"
MIN_SECRET_LENGTH = 6
"""Shorter values are not treated as secrets: masking "1" or "ab" would garble every line."""

# scheme://user:password@host, and scheme://:password@host (Redis writes no user).
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@]*:)(?P<password>[^\s@/]+)(?=@)"
)


class Redactor:
    """The secrets known so far, and the text with each of them masked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._replacements: dict[str, str] = {}
        self._ordered: tuple[tuple[str, str], ...] = ()

    def add(self, value: str | None, shown_as: str = MASK) -> None:
        """Mask ``value`` (also URL-encoded) from now on, as ``shown_as``."""
        if not value or len(value) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            for form in {value, quote(value, safe="")}:
                self._replacements[form] = shown_as
            # Longest first, so that a token is masked whole before its secret part.
            self._ordered = tuple(
                sorted(self._replacements.items(), key=lambda item: len(item[0]), reverse=True)
            )

    def add_token(self, token: str | None) -> None:
        """A bot token shows as ``123456:***``: which bot, never its secret."""
        if not token:
            return
        bot_id, _, secret = token.partition(":")
        self.add(token, f"{bot_id}:{MASK}")
        self.add(secret)

    def add_url(self, url: str | None) -> None:
        """The password of a database or Redis URL (the URL itself is fine to show)."""
        if not url:
            return
        found = _URL_PASSWORD.search(url)
        if found is not None:
            self.add(found["password"])

    def __call__(self, text: str) -> str:
        for secret, shown in self._ordered:
            if secret in text:
                text = text.replace(secret, shown)
        if "://" in text:
            text = _URL_PASSWORD.sub(rf"\g<head>{MASK}", text)
        return text

    def clear(self) -> None:
        with self._lock:
            self._replacements.clear()
            self._ordered = ()


SECRETS = Redactor()
"""The process's secrets."""


def redact(text: str) -> str:
    """``text`` with every known secret, and every password in a URL, masked."""
    return SECRETS(text)


_TRACEBACKS = logging.Formatter()


class RedactingFilter(logging.Filter):
    """Masks secrets in a record's message, its traceback and its stack before any handler
    formats it. Installed on handlers, so it sees the records of every logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
