"""Everything a command needs, built from the settings: the database, the clock, the
domain; and the few facts the deployment keeps in the database."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.admins import Seeded
from bot.admins import seed_admins as _seed_admins
from bot.logs.redaction import SECRETS
from bot.settings import Settings
from bot.wiring.domain import Domain, DomainConfig, assemble_domain
from surveys.audits.checklists import load_checklists
from surveys.audits.model import AuditRules, ChecklistCatalog
from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.escalation import load_rules
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.customers.linking import LinkTokens
from surveys.engine import SurveyEngine
from surveys.ports import Clock, Scorer, SystemClock
from surveys.storage import Database, UnitOfWork
from surveys.storage.migrate import upgrade
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import AppState
from surveys.waves.model import AudienceRules
from surveys.web.keys import WebKeys

log = logging.getLogger(__name__)

SECRET_KEY = "link_secret"
BOT_USERNAME_KEY = "bot_username"


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    links: LinkTokens
    domain: Domain
    seeded: Seeded | None = None
    """What ``SURVEYBOT_ADMINS`` did at start, when this process seeded admins."""

    @property
    def engine(self) -> SurveyEngine:
        return self.domain.engine

    @property
    def catalog(self) -> TemplateCatalog:
        return self.domain.catalog

    @property
    def rules(self) -> AudienceRules:
        return self.domain.audience

    @property
    def desk(self) -> ComplaintDesk:
        return self.domain.desk

    @property
    def checklists(self) -> ChecklistCatalog:
        return self.domain.checklists

    @property
    def audit_rules(self) -> AuditRules:
        return self.domain.audit_rules

    async def close(self) -> None:
        await self.db.dispose()


async def read_state(db: Database, key: str) -> str | None:
    async with UnitOfWork(db, readonly=True) as uow:
        return (
            await uow.session.execute(select(AppState.value).where(AppState.key == key))
        ).scalar_one_or_none()


async def write_state(db: Database, key: str, value: str) -> None:
    async with UnitOfWork(db) as uow:
        row = await uow.session.get(AppState, key)
        if row is None:
            uow.session.add(AppState(key=key, value=value))
        else:
            row.value = value


async def link_secret(db: Database, configured: str | None) -> str:
    """The configured secret, or the one generated on first use and kept in the database."""
    if configured:
        SECRETS.add(configured)
        return configured
    async with UnitOfWork(db) as uow:
        await uow.session.execute(
            insert_ignore(
                uow.dialect,
                AppState.__table__,  # type: ignore[arg-type]
                ["key"],
                {"key": SECRET_KEY, "value": secrets.token_urlsafe(32)},
            )
        )
    stored = await read_state(db, SECRET_KEY)
    assert stored is not None
    SECRETS.add(stored)
    return stored


def audit_rules(settings: Settings) -> AuditRules:
    return AuditRules(
        zone=settings.zone,
        shopper_gap=timedelta(days=settings.audit_shopper_gap_days),
        radius_m=settings.audit_radius_meters,
        photo_retention=timedelta(days=settings.audit_photo_days),
        action_days=timedelta(days=settings.audit_action_days),
        calibration_gap=timedelta(days=settings.audit_calibration_days),
    )


def default_scorer() -> Scorer:
    from nlp import analyze

    return analyze


async def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    scorer: Scorer | None = None,
    migrate: bool = True,
    seed_admins: bool = True,
) -> Services:
    """Everything, from ``settings``; ``seed_admins`` makes the ids of ``SURVEYBOT_ADMINS``
    admins (``surveybot run`` does, the data commands do not: see :mod:`bot.admins`)."""
    clock = clock or SystemClock()
    db = Database(settings.database_url)
    try:
        if migrate:
            await upgrade(db)
        templates = load_templates()
        if settings.templates:
            templates.update(load_templates(Path(settings.templates)))
        catalog = TemplateCatalog()
        checklists = ChecklistCatalog()
        async with UnitOfWork(db) as uow:
            await catalog.sync(uow, templates, clock.now())
            shipped = load_checklists()
            if settings.checklists:
                shipped.update(load_checklists(Path(settings.checklists)))
            await checklists.sync(uow, shipped, clock.now())
        secret = await link_secret(db, settings.secret)
        links = LinkTokens(secret)
        seeded = await _seed_admins(db, settings.admins, clock) if seed_admins else None
    except BaseException:
        await db.dispose()
        raise
    known = {q.touchpoint or q.id for t in templates.values() for q in t.questions}
    known |= {q.id for t in templates.values() for q in t.questions}
    escalation = load_rules(settings.rules, zone=settings.zone, known=known)
    if clock.now().astimezone(settings.zone).year not in escalation.calendar.holiday_years():
        log.warning(
            "the escalation rules list no public holidays for this year: deadlines will count "
            "holidays as working days until the business_hours.holidays of %s are updated",
            escalation.source,
        )
    audience = AudienceRules(
        zone=settings.zone,
        fatigue=timedelta(days=settings.fatigue_days),
        default_language=settings.language,
        quiet_hours=settings.quiet,
    )
    domain = assemble_domain(
        db,
        catalog,
        clock,
        scorer or default_scorer(),
        links,
        DomainConfig(
            timezone=settings.zone,
            default_language=settings.language,
            default_region=settings.default_region,
            close_after=timedelta(hours=settings.close_after_hours),
            flood_per_minute=settings.flood_per_minute,
            pages_per_day=settings.pages_per_day,
            expire_after=timedelta(hours=settings.expire_after_hours),
            web_url=settings.web_url,
            reply_retry=timedelta(seconds=settings.reply_retry_seconds),
        ),
        audience,
        escalation,
        web_keys=WebKeys(secret),
        checklists=checklists,
        audit_rules=audit_rules(settings),
    )
    return Services(settings, db, clock, links, domain, seeded)
