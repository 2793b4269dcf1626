"""Template versions in the database, parsed once and cached by id."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select

from surveys.conversation.definitions import Template, parse_template
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import SurveyTemplate
from surveys.storage.uow import UnitOfWork


class UnknownTemplate(KeyError):
    """No template with that key has been loaded."""


class TemplateCatalog:
    """Knows every template version the database holds; new waves take the version loaded
    now (the newest one stored when this process loaded none)."""

    def __init__(self) -> None:
        self._by_id: dict[int, Template] = {}
        self._loaded: dict[str, str] = {}

    async def sync(self, uow: UnitOfWork, templates: Mapping[str, Template], now: datetime) -> None:
        """Store each template version that the database does not hold yet, and remember
        which version of each key is loaded now (a file put back to an earlier version
        takes effect: its row exists already, but it is the one new waves use)."""
        for template in templates.values():
            self._loaded[template.key] = template.checksum
            await uow.session.execute(
                insert_ignore(
                    uow.dialect,
                    SurveyTemplate.__table__,  # type: ignore[arg-type]
                    ["key", "checksum"],
                    {
                        "key": template.key,
                        "checksum": template.checksum,
                        "definition": dict(template.raw),
                        "created_at": now,
                    },
                )
            )

    async def get(self, uow: UnitOfWork, template_id: int) -> Template:
        cached = self._by_id.get(template_id)
        if cached is not None:
            return cached
        row = await uow.session.get(SurveyTemplate, template_id)
        if row is None:
            raise UnknownTemplate(template_id)
        template = parse_template(row.definition, f"template {row.key} #{row.id}")
        self._by_id[template_id] = template
        return template

    async def latest(self, uow: UnitOfWork, key: str) -> tuple[int, Template]:
        query = select(SurveyTemplate.id).where(SurveyTemplate.key == key)
        if key in self._loaded:
            query = query.where(SurveyTemplate.checksum == self._loaded[key])
        row_id = (
            await uow.session.execute(query.order_by(SurveyTemplate.id.desc()).limit(1))
        ).scalar_one_or_none()
        if row_id is None:
            raise UnknownTemplate(key)
        return row_id, await self.get(uow, row_id)

    async def keys(self, uow: UnitOfWork) -> list[str]:
        rows = await uow.session.execute(select(SurveyTemplate.key).distinct())
        return sorted(rows.scalars())
