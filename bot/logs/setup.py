"""The one place where logging is configured: level, format, secrets, and the quiet libraries.

INFO says what the bot does, one line each, and nothing every tick: the libraries' lines
that repeat for every request, update or scheduler run are raised to WARNING (they come
back at DEBUG). The lines that say which bot is running (:data:`LIFECYCLE`) are shown at
WARNING too, so that a quiet log still tells which bot polls. ``json`` writes one JSON
object per line (time, level, logger, message) for log collectors.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal, TextIO

from bot.logs.redaction import RedactingFilter

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMATS = ("text", "json")
LogFormat = Literal["text", "json"]

LIFECYCLE = "surveybot"
"""The logger of the lines that say which bot started, polls and stopped."""

CHATTY = (
    "httpx",  # one INFO line per Bot API request, with the token in the URL
    "httpcore",
    "apscheduler.executors.default",  # two INFO lines per tick
    "apscheduler.scheduler",
    "aiogram.event",  # one INFO line per update
    "aiogram.dispatcher",  # "Start polling" and "Run polling for bot": ours say it once
    "telegram.ext.Application",
    "telegram.ext.Updater",
    "alembic",  # "Context impl SQLiteImpl." on every command
    "aiohttp.access",
)
"""Loggers that are held at WARNING unless the level is DEBUG."""

TOO_CHATTY = ("aiosqlite",)
"""Loggers held at INFO even at DEBUG: a line per SQLite call would drown everything else."""

PERSONAL = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Application", "sqlalchemy")
"""Loggers held at INFO at DEBUG (and at WARNING above it): their DEBUG lines are whole
updates and Bot API answers (names, phone numbers, what people wrote) or SQL result rows.
No log level may hold personal data."""

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message[, exception]."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def parse_level(text: str | None, default: str = "INFO") -> str:
    """``debug``, ``Info`` and ``WARNING`` alike; ``warn`` is WARNING. Raises ValueError."""
    if text is None or not text.strip():
        return default
    level = text.strip().upper()
    level = "WARNING" if level == "WARN" else level
    if level not in LEVELS:
        raise ValueError(f"{text!r} is not a log level: one of {', '.join(LEVELS)}")
    return level


def parse_format(text: str | None) -> LogFormat:
    written = (text or "text").strip().lower()
    if written == "json":
        return "json"
    if written == "text":
        return "text"
    raise ValueError(f"{text!r} is not a log format: text or json")


class _OurHandler(logging.StreamHandler[TextIO]):
    """Marks the handler this module installed, so that configuring again replaces it."""


def configure_logging(
    level: str = "WARNING", log_format: LogFormat = "text", stream: TextIO | None = None
) -> None:
    """Set up the root logger; calling it again (a command that read its settings) replaces
    the earlier set-up instead of adding a second handler."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(handler)
    handler = _OurHandler(stream or sys.stderr)
    text = logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(JsonFormatter() if log_format == "json" else text)
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    numeric = logging.getLevelName(level)
    root.setLevel(numeric)
    quiet = logging.NOTSET if numeric <= logging.DEBUG else logging.WARNING
    for name in CHATTY:
        logging.getLogger(name).setLevel(quiet)
    for name in TOO_CHATTY:
        logging.getLogger(name).setLevel(max(numeric, logging.INFO))
    # At DEBUG their INFO lines (SQL statements, Bot API calls) help and hold nothing
    # personal; at any other level they are as chatty as the CHATTY ones.
    personal = logging.INFO if numeric <= logging.DEBUG else max(numeric, logging.WARNING)
    for name in PERSONAL:
        logging.getLogger(name).setLevel(personal)
    lifecycle = logging.INFO if numeric <= logging.WARNING else numeric
    logging.getLogger(LIFECYCLE).setLevel(lifecycle)


def add_handler(handler: logging.Handler) -> None:
    """Another destination (a crash log), with the same filter against secrets."""
    handler.addFilter(RedactingFilter())
    logging.getLogger().addHandler(handler)
