"""The names a command is given must exist: a branch, a staff member, a survey template.

A typo is an error that lists what is known, in every command alike (stats, export,
wave create, staff add, complaints), never an empty answer that looks like "no data".
"""

from __future__ import annotations

from sqlalchemy import select

from bot.cli.shared.failures import Mistake
from surveys.i18n import Text
from surveys.storage import UnitOfWork
from surveys.storage.tables import Branch, Event, SurveyTemplate
from surveys.waves.model import WaveError
from surveys.waves.service import branch_id

SHOWN_NAMES = 12
"""At most this many known names are listed in an error."""


def _known(names: list[str]) -> str | Text:
    shown = ", ".join(names[:SHOWN_NAMES]) + (", …" if len(names) > SHOWN_NAMES else "")
    return shown or Text("cli_none_yet")


async def check_branch(uow: UnitOfWork, name: str | None) -> None:
    """Raises the same error as a wave for an unknown branch."""
    await branch_id(uow, name)


async def known_branch(uow: UnitOfWork, name: str) -> bool:
    found = await uow.session.execute(select(Branch.id).where(Branch.name == name))
    return found.scalar_one_or_none() is not None


async def branch_names(uow: UnitOfWork) -> str | Text:
    names = await uow.session.execute(select(Branch.name).order_by(Branch.name))
    return _known(list(names.scalars()))


async def check_staff_name(uow: UnitOfWork, name: str | None) -> None:
    """A staff member as the imported events name them (the ``staff`` column)."""
    if name is None:
        return
    names = list(
        (
            await uow.session.execute(
                select(Event.staff_name)
                .where(Event.staff_name.is_not(None))
                .distinct()
                .order_by(Event.staff_name)
            )
        ).scalars()
    )
    if name not in names:
        raise Mistake("cli_no_staff_named", name=name, known=_known([n for n in names if n]))


async def check_template(uow: UnitOfWork, key: str | None) -> None:
    if key is None:
        return
    keys = list(
        (
            await uow.session.execute(
                select(SurveyTemplate.key).distinct().order_by(SurveyTemplate.key)
            )
        ).scalars()
    )
    if key not in keys:
        raise WaveError("no_template_named", name=key, known=", ".join(keys))
