"""The one place where the product is put together from settings.

Everything is built here and handed to whoever needs it; nothing is a global created at
import time. ``services`` builds what every command needs (database, clock, the domain),
``domain`` wires the domain services and dialogues once, ``outbound`` wires everything
that sends for one chat framework.
"""

from bot.wiring.domain import Domain, DomainConfig, assemble_domain
from bot.wiring.outbound import Outbound, assemble_outbound, tell_admins_of_outage
from bot.wiring.services import (
    BOT_USERNAME_KEY,
    SECRET_KEY,
    Services,
    build_services,
    default_scorer,
    link_secret,
    read_state,
    write_state,
)

__all__ = [
    "BOT_USERNAME_KEY",
    "SECRET_KEY",
    "Domain",
    "DomainConfig",
    "Outbound",
    "Services",
    "assemble_domain",
    "assemble_outbound",
    "build_services",
    "default_scorer",
    "link_secret",
    "read_state",
    "tell_admins_of_outage",
    "write_state",
]
