"""The people of the play page: the demo's customers, its branch managers and its admin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.demo.personas import CAST, Persona
from bot.demo.runner import ADMIN_ID, MANAGERS

Role = Literal["customer", "manager", "admin"]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the person at the page can be: a Telegram user of the sandbox."""

    user_id: int
    name: str
    role: Role
    language: str  # Telegram's language_code
    branch: str | None = None
    level: int = 1
    persona: Persona | None = None

    @property
    def phone(self) -> str | None:
        """The number the "share my phone number" button shares (customers only)."""
        if self.persona is None:
            return None
        phone = self.persona.phone.replace(" ", "")
        return phone if phone.startswith("+") else "+86" + phone

    def to_dict(self) -> dict[str, object]:
        persona = self.persona
        return {
            "id": self.user_id,
            "name": self.name,
            "role": self.role,
            "branch": self.branch,
            "level": self.level,
            "customer_id": persona.customer_id if persona else None,
            "vehicle": persona.vehicle if persona else None,
        }


def _customer(persona: Persona) -> Person:
    language = "zh-hans" if persona.language == "zh" else "en"
    return Person(
        persona.telegram_id, persona.name, "customer", language, persona.branch, persona=persona
    )


def cast() -> tuple[Person, ...]:
    """The admin first, then the managers, then every customer of the sample."""
    admin = Person(ADMIN_ID, "王经理", "admin", "zh-hans")
    managers = tuple(
        Person(user_id, name, "manager", "zh-hans", branch, level)
        for user_id, name, branch, level in MANAGERS
    )
    return (admin, *managers, *(_customer(persona) for persona in CAST))
