"""What both chat adapters do with an update around the engine call, framework-neutral.

Each adapter maps its framework's objects to plain values (an :class:`Inbound`, a text,
a callback_data string, a file name) and calls these, so that commands, typed text, taps
and uploads are routed the same way whichever framework carries them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from bot.chat.callbacks import decode
from surveys.engine import SurveyEngine
from surveys.i18n import pick_language, say
from surveys.ports import Inbound, Reply

Download = Callable[[Path], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class CommandCall:
    """``/name@bot args``: the name without the slash and mention; args as typed, or None."""

    name: str
    args: str | None


def parse_command(text: str | None, bot_username: str | None) -> CommandCall | None:
    """The command a message starts with, or None (not a command, or addressed to another bot).

    The first word is the command and the rest of the text, untouched, its arguments.
    Names are case-sensitive; a mention is compared without regard to case.
    """
    if not text:
        return None
    words = text.split(maxsplit=1)
    if not words or not words[0].startswith("/"):
        return None
    name, _, mention = words[0][1:].partition("@")
    if mention and bot_username and mention.lower() != bot_username.lower():
        return None
    return CommandCall(name, words[1] if len(words) > 1 else None)


async def typed(engine: SurveyEngine, inbound: Inbound, text: str) -> Reply:
    """A typed message that is no known command: an unknown ``/...`` gets the help text."""
    if text.startswith("/"):
        return await engine.on_command(inbound, "help")
    return await engine.on_text(inbound, text)


async def tapped(
    engine: SurveyEngine, inbound: Inbound, data: str | None, message_id: int | None
) -> Reply:
    """A button: decoded to a domain action; unknown data is answered, never trusted."""
    action = decode(data)
    if action is None:
        language = pick_language(inbound.sender.language_code, default="en")
        return Reply(toast=say("stale_tap", language))
    return await engine.on_action(inbound, action, message_id)


async def uploaded(
    engine: SurveyEngine, inbound: Inbound, file_name: str | None, download: Download
) -> Reply:
    """A file: the engine decides first; it is downloaded (into a temporary folder, removed
    afterwards) only when the engine asks for it."""
    name = file_name or "upload"
    with TemporaryDirectory(prefix="surveybot-upload-") as folder:
        local = Path(name).name
        target = Path(folder) / (local if local not in ("", ".", "..") else "upload")

        async def fetch() -> Path:
            await download(target)
            return target

        return await engine.on_document(inbound, name, fetch)
