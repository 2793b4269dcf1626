"""Every failure of a command ends as one line on stderr.

An expected failure (a mistake in a setting, an argument or a file; a Bot API or database
that refuses or cannot be reached) is told in one line that names what to fix, exit status
2. Anything else is a bug: one line with the path of a log file that holds the traceback
(in the system's temporary folder), exit status 1. Both pass through the secret filter.

The frameworks' exceptions are recognised by name, so that telling them apart never
imports aiogram or python-telegram-bot.
"""

from __future__ import annotations

import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.logs.redaction import redact
from surveys.i18n import Refusal, Text

EXPECTED = 2
UNEXPECTED = 1


class Mistake(Refusal):
    """An expected failure of a command, said in the reader's language: what to fix."""


@dataclass(frozen=True, slots=True)
class Context:
    """What the command was talking to, for the words of a failure."""

    api_base: str = "https://api.telegram.org"
    database: str = ""
    token: str | None = None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and every error it was raised from or during, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _names(error: BaseException) -> set[str]:
    return {f"{cls.__module__}.{cls.__qualname__}" for cls in type(error).__mro__}


_TOKEN_REFUSED = {
    "aiogram.exceptions.TelegramUnauthorizedError",
    "aiogram.exceptions.TelegramNotFound",
    "telegram.error.InvalidToken",
}
_UNREACHABLE = {
    "aiogram.exceptions.TelegramNetworkError",
    "telegram.error.NetworkError",
    "telegram.error.TimedOut",
    "aiohttp.client_exceptions.ClientConnectionError",
    "httpx.TransportError",
}


def _shown_token(token: str | None) -> str:
    return f"{token.partition(':')[0]}:***" if token else "(none)"


def _reason(error: BaseException) -> str:
    """The innermost error's words: "Connection refused" rather than a wrapper's."""
    inner = list(_chain(error))[-1]
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror
    text = str(inner).strip().splitlines()
    return text[0] if text else type(inner).__name__


def _database_error(error: BaseException) -> bool:
    names = _names(error)
    return any(name.startswith(("sqlalchemy.exc.", "asyncpg.", "sqlite3.")) for name in names)


def explain(error: BaseException, context: Context) -> Text | str | None:
    """The one line for an expected failure, or None for a bug."""
    from bot.chat.errors import ServerAnswered

    chain = list(_chain(error))
    answered = next((link for link in chain if isinstance(link, ServerAnswered)), None)
    if answered is not None and answered.status in (401, 404):
        if answered.status == 401 or answered.telegram:  # Telegram's 404: a malformed token
            return Text(
                "cli_token_refused", api=context.api_base, token=_shown_token(context.token)
            )
        return Text("cli_api_unreachable", api=context.api_base, reason=str(answered))
    for link in chain:
        if isinstance(link, Refusal):
            return link.text
        names = _names(link)
        if names & _TOKEN_REFUSED:
            token = _shown_token(context.token)
            return Text("cli_token_refused", api=context.api_base, token=token)
        if names & _UNREACHABLE:
            return Text("cli_api_unreachable", api=context.api_base, reason=_reason(link))
        if isinstance(link, ModuleNotFoundError) and link.name == "asyncpg":
            return Text("cli_needs_postgres")
        if _database_error(link):
            return Text("cli_database_failed", url=context.database, reason=_reason(link))
    from bot.settings import SettingsError
    from surveys.audits.checklists import ChecklistError
    from surveys.complaints.escalation import RulesError
    from surveys.conversation.definitions import TemplateError
    from surveys.waves.schedule import ScheduleError

    if isinstance(
        error, SettingsError | TemplateError | ChecklistError | RulesError | ScheduleError
    ):
        return str(error)
    if isinstance(error, ConnectionError):
        return Text("cli_database_failed", url=context.database, reason=_reason(error))
    return None


def crash_log(error: BaseException, argv: list[str]) -> Path:
    """Write the traceback (secrets masked) to a new file in the temporary folder."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    with tempfile.NamedTemporaryFile(
        "w", prefix=f"surveybot-error-{stamp}-", suffix=".log", delete=False, encoding="utf-8"
    ) as handle:
        handle.write(redact("surveybot " + " ".join(argv) + "\n\n"))
        handle.write(redact("".join(traceback.format_exception(error))))
    return Path(handle.name)
