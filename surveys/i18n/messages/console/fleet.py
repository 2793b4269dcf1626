"""The words of running several workers: ``surveybot serve``, the single-instance guard,
and Redis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    "cli_another_instance": N_(
        "another surveybot already runs on this database ({where}): stop it first "
        "(several workers need `surveybot serve` with PostgreSQL and SURVEYBOT_REDIS_URL)"
    ),
    "cli_no_webhook_url": N_(
        "SURVEYBOT_WEBHOOK_URL: not set (the public URL that Telegram posts updates to, "
        "for example https://bot.example.com/telegram)"
    ),
    "cli_no_webhook_secret": N_(
        "SURVEYBOT_WEBHOOK_SECRET: not set (serve needs it: Telegram sends it with every "
        "update, and a call without it is refused; 1-256 characters of A-Z, a-z, 0-9, _ and -)"
    ),
    "cli_needs_redis_extra": N_(
        'SURVEYBOT_REDIS_URL is set, which needs the redis extra: pip install "surveybot[redis]" '
        '(or pip install -e ".[redis]" in the source folder)'
    ),
    "cli_redis_unreachable": N_(
        "cannot reach Redis at {url} (SURVEYBOT_REDIS_URL): is it running, and is the "
        "address right?"
    ),
    "cli_serving": N_("serving the webhook on {host}:{port} for {url}; Ctrl-C stops it"),
}
