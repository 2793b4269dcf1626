"""The words of the local play page (``surveybot demo --play``), where a person tries the
bot as a simulated customer, manager or admin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    "cli_play_at": N_(
        "Play at {url} (database {database}); Ctrl-C stops it. Pick a customer, a manager "
        "or the admin, and type or tap as they would."
    ),
    "play_title": N_("surveybot: try it yourself"),
    "play_intro": N_(
        "Everything here runs on this computer: a simulated Telegram, the real bot and a "
        "test database. Pick someone, then type or tap as they would. Try /help, "
        "/whoami, and as the admin /newwave."
    ),
    "play_pick": N_("Who are you?"),
    "play_admin": N_("admin of all branches"),
    "play_manager": N_("manager of {branch}, level {level}"),
    "play_customer": N_("customer {customer_id} of {branch}, {vehicle}"),
    "play_placeholder": N_("Type a message or a command"),
    "play_send": N_("Send"),
    "play_receipt": N_("Open the link on my receipt"),
    "play_empty": N_("No messages yet: send /start."),
    "play_edited": N_("edited"),
    "play_picture": N_("[picture]"),
    "play_file": N_("[file {name}]"),
    "play_contact": N_("[phone number {phone}]"),
}
