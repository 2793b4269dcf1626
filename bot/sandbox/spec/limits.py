"""Limits Telegram enforces that the spec text does not state, and how text is measured.

Limits written in the Bot API descriptions ("1-4096 characters", "1-64 bytes") live in
``methods.json``; the ones here are undocumented or live in other pages, so each says
where it comes from.

Text length is measured in UTF-16 code units, the unit Telegram uses for entity offsets.
For text in the Basic Multilingual Plane (Latin, Cyrillic, Chinese, ...) that is the same
as characters; an emoji outside it counts as two. The choice is conservative: a text the
sandbox accepts also fits Telegram.
"""

from __future__ import annotations

import re
from typing import Final

# python-telegram-bot 22.8 InlineKeyboardMarkupLimit ("undocumented and might be changed").
INLINE_KEYBOARD_MAX_BUTTONS: Final = 100
INLINE_KEYBOARD_MAX_PER_ROW: Final = 8
# tginfo/Telegram-Limits: "reply markup is too long" above about 10 KB of JSON.
REPLY_MARKUP_MAX_BYTES: Final = 10_240
# Bot API "Sending files" and "getFile": uploads and downloads through the cloud Bot API.
PHOTO_MAX_BYTES: Final = 10 * 1024 * 1024
DOCUMENT_MAX_BYTES: Final = 50 * 1024 * 1024
DOWNLOAD_MAX_BYTES: Final = 20 * 1024 * 1024
# tdlib/telegram-bot-api: getUpdates clamps its timeout to this many seconds.
LONG_POLL_MAX_TIMEOUT: Final = 50
# Bot API "setWebhook": the only ports a webhook may use.
WEBHOOK_PORTS: Final = frozenset({80, 88, 443, 8443})
# A self-hosted Bot API server (tdlib/telegram-bot-api --local) accepts plain http and any
# port; the sandbox does so for addresses on this machine, where the bot under test runs.
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})


def webhook_url_problem(url: str) -> str | None:
    """Why Telegram would refuse ``url`` as a webhook, or None."""
    from urllib.parse import urlsplit

    from .errors import WEBHOOK_HTTPS, WEBHOOK_PORT

    parts = urlsplit(url)
    if parts.hostname in LOOPBACK_HOSTS and parts.scheme in ("http", "https"):
        return None
    if parts.scheme != "https":
        return WEBHOOK_HTTPS
    return None if (parts.port or 443) in WEBHOOK_PORTS else WEBHOOK_PORT


# Bot API "BotCommand.command": lowercase English letters, digits and underscores.
BOT_COMMAND: Final = re.compile(r"[a-z0-9_]{1,32}")
# Bot API "setWebhook.secret_token": characters A-Z, a-z, 0-9, _ and -.
SECRET_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Bot API "Formatting options"; Telegram compares parse modes case-insensitively.
PARSE_MODES: Final = {"html": "HTML", "markdownv2": "MarkdownV2", "markdown": "Markdown"}
# Bot API "InlineKeyboardButton": exactly one of these fields says what a button does.
INLINE_BUTTON_ACTIONS: Final = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
# Methods that deliver a message and so count against the flood limits (Bots FAQ).
MESSAGE_METHODS: Final = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


def text_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts text and entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def byte_length(text: str) -> int:
    """Length in UTF-8 bytes, as Telegram counts callback_data."""
    return len(text.encode("utf-8"))
