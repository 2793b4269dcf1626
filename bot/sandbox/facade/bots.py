"""Bots and their tokens: who a token's bot is, and finding that bot's state.

The base of the :class:`~bot.sandbox.Sandbox` facade: every facade method takes an
optional ``token`` naming a bot (the sandbox's own by default), and any well-formed token
is a bot of its own.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from ..gateway import bot_id_of
from ..world import BotIdentity, BotState, World

DEFAULT_BOT_ID = 6_000_000_001
_SECRET_ALPHABET = string.ascii_letters + string.digits + "_-"


def make_token(bot_id: int = DEFAULT_BOT_ID) -> str:
    """A random token of Telegram's shape for ``bot_id``."""
    secret = "AA" + "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(33))
    return f"{bot_id}:{secret}"


def _bot_id(token: str) -> int:
    bot_id = bot_id_of(token)
    if bot_id is None:
        raise ValueError(f"{token!r} is not a bot token (<digits>:<35 characters>)")
    return bot_id


class Bots:
    """The facade's bots: set who one is, read its getMe, count what it has not fetched."""

    world: World
    token: str

    def _bot(self, token: str | None) -> BotState:
        return self.world.bot(_bot_id(token or self.token))

    def configure_bot(
        self,
        token: str,
        *,
        username: str,
        first_name: str = "Survey Bot",
        can_join_groups: bool = True,
    ) -> BotIdentity:
        """Set who ``token``'s bot is (getMe); any other well-formed token works too."""
        identity = self.world.identity(_bot_id(token))
        identity.username, identity.first_name = username, first_name
        identity.can_join_groups = can_join_groups
        return identity

    def bot_info(self, token: str | None = None) -> dict[str, Any]:
        return self._bot(token).identity.get_me()

    def pending_updates(self, token: str | None = None) -> int:
        return self._bot(token).updates.pending_count
