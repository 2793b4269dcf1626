"""The :class:`Sandbox`: the one object tests, the demo and the benchmarks hold.

Owns the server that serves the gateway and the control API (``server``, ``control``) and
the facade's powers, one base class each: bots and their tokens (``bots``), simulated
users and what they do (``users``, ``user_actions``), and the records of what the bot did,
with waits for them (``records``). May import every other part of the sandbox.
"""

from __future__ import annotations

from .bots import make_token
from .server import Sandbox
from .users import UserActionError

__all__ = ["Sandbox", "UserActionError", "make_token"]
