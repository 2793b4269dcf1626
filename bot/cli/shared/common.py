"""Helpers shared by the subcommands: settings, services, output, and the checks they share."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from bot.cli.shared.failures import Context, Mistake
from bot.logs.redaction import SECRETS
from bot.logs.setup import configure_logging, parse_format, parse_level
from bot.settings import Settings, load_settings
from bot.wiring import Services, build_services
from surveys.i18n import pick_language, say
from surveys.inputs import BIG_ID_MAX, ID_MAX, parse_number

MAX_DAYS = 36_500
"""A hundred years back: beyond it there is no visit, and dates run out of range."""

_state: dict[str, Any] = {"language": None, "context": Context(), "log_level": None}


def language() -> str:
    """The language of the CLI's words: the settings', or the environment's before they load."""
    chosen = _state["language"]
    if isinstance(chosen, str):
        return chosen
    return pick_language(os.environ.get("SURVEYBOT_LANGUAGE"), default="zh")


def context() -> Context:
    """What the command talks to, for the words of a failure."""
    found = _state["context"]
    assert isinstance(found, Context)
    return found


def early_logging(command_level: str) -> None:
    """Logging before the settings are read, from the environment alone (a malformed value
    is reported when the settings are read)."""
    try:
        level = parse_level(os.environ.get("SURVEYBOT_LOG_LEVEL"), command_level)
        log_format = parse_format(os.environ.get("SURVEYBOT_LOG_FORMAT"))
    except ValueError:
        level, log_format = command_level, "text"
    _state["log_level"] = command_level
    configure_logging(level, log_format)
    protect_environment()


def protect_environment() -> None:
    """Secrets named in the environment, including settings other commands may add later."""
    SECRETS.add_token(os.environ.get("SURVEYBOT_TOKEN"))
    SECRETS.add(os.environ.get("SURVEYBOT_SECRET"))
    SECRETS.add(os.environ.get("SURVEYBOT_WEBHOOK_SECRET"))
    SECRETS.add_url(os.environ.get("SURVEYBOT_DATABASE_URL"))
    SECRETS.add_url(os.environ.get("SURVEYBOT_REDIS_URL"))


def protect(current: Settings) -> None:
    """The secrets of ``current`` (which may come from a ``.env`` file) are masked from now on."""
    SECRETS.add_token(current.token)
    SECRETS.add(current.secret)
    SECRETS.add_url(current.database_url)
    for name in ("webhook_secret", "redis_url"):  # settings that a later version may add
        value = getattr(current, name, None)
        if isinstance(value, str):
            (SECRETS.add_url if name.endswith("url") else SECRETS.add)(value)


def settings(**overrides: Any) -> Settings:
    """The settings; their secrets are masked, their language and log level take effect.

    The log level applies as set; when it is not set, commands other than ``run`` log
    warnings only (``run`` says what it does at INFO)."""
    current = load_settings(**overrides)
    protect(current)
    _state["language"] = current.language
    _state["context"] = Context(
        api_base=current.api_base_url,
        database=database_shown(current.database_url),
        token=current.token,
    )
    command_level = _state["log_level"] or "WARNING"
    level = current.log_level if "log_level" in current.model_fields_set else command_level
    configure_logging(level, current.log_format)
    return current


def database_shown(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The absolute path of a SQLite database file, or None for another database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database).expanduser().absolute()


def check_database(url: str, *, create: bool) -> None:
    """A SQLite file that does not exist is created only by commands that set a database
    up (``create``); every other command refuses it, naming the path, instead of reporting
    plausible zeros from a new, empty database."""
    path = sqlite_path(url)
    if path is None or path.exists():
        return
    if not path.parent.is_dir():
        raise Mistake("cli_no_database_folder", folder=path.parent, path=path)
    if create:
        return
    from sqlalchemy.engine import make_url

    written = make_url(url).database or ""
    if Path(written).expanduser().is_absolute():
        raise Mistake("cli_no_database", path=path)
    raise Mistake("cli_no_database_relative", path=path, written=written, cwd=Path.cwd())


async def services(
    current: Settings | None = None, *, create: bool = False, **kwargs: Any
) -> Services:
    """The product's services; ``create`` lets a missing SQLite file be created (``db
    upgrade``, ``run``, ``import``, ``demo``). ``SURVEYBOT_ADMINS`` is seeded by ``run`` only."""
    current = current or settings()
    check_database(current.database_url, create=create)
    kwargs.setdefault("seed_admins", False)
    return await build_services(current, **kwargs)


def output_folder(option: str, path: Path | None) -> None:
    """Refuse an output file whose folder does not exist, before any work is done."""
    if path is not None and not path.expanduser().absolute().parent.is_dir():
        raise Mistake("cli_no_folder", option=option, folder=path.expanduser().absolute().parent)


def positive_days(text: str) -> int:
    """``--days N``: a whole number of days, 1 or more (argparse type)."""
    import argparse

    days = parse_number(text, maximum=MAX_DAYS)
    if days is None:
        raise argparse.ArgumentTypeError(said("cli_days_positive", value=text))
    return days


def id_number(text: str) -> int:
    """A row id (a wave's, a limit): ASCII digits within the database's INTEGER (argparse type)."""
    return _number(text, ID_MAX)


def user_id_number(text: str) -> int:
    """A Telegram user id: ASCII digits within BIGINT (argparse type)."""
    return _number(text, BIG_ID_MAX)


def _number(text: str, maximum: int) -> int:
    import argparse

    number = parse_number(text, maximum=maximum)
    if number is None:
        raise argparse.ArgumentTypeError(said("cli_bad_number", value=text, maximum=maximum))
    return number


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def fail(message: str, code: int = 2) -> int:
    print(f"surveybot: {message}", file=sys.stderr)
    return code


def said(key: str, **values: Any) -> str:
    """A message of the catalog in the CLI's language."""
    return say(key, language(), **values)
