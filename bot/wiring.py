"""The one place where the product is put together from settings.

Everything is built here and handed to whoever needs it; nothing is a global
created at import time.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.admins import Seeded
from bot.admins import seed_admins as _seed_admins
from bot.redaction import SECRETS
from bot.settings import Settings
from surveys.complaints.clockwork import ComplaintClockwork
from surveys.complaints.customer_notes import ComplaintNotes
from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.escalation import RuleSet, default_rules, load_rules
from surveys.complaints.intake import Intake, RulesPolicy
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.conversation.progress import SurveyProgress
from surveys.customers.accounts import Accounts
from surveys.customers.linking import LinkTokens
from surveys.dialogues.admin import Admin
from surveys.dialogues.complaint_customer import CustomerSide
from surveys.dialogues.customer import CustomerChat
from surveys.dialogues.manager import ManagerChat
from surveys.dialogues.staff import StaffChat
from surveys.dialogues.stats import StatsChat
from surveys.dialogues.whoami import WhoAmI
from surveys.engine import Dialogues, SurveyEngine
from surveys.outbox.dispatch import DispatchConfig, Dispatcher
from surveys.outbox.notices import OUTAGE_NOTICE_REASONS, queue_outage_notice
from surveys.outbox.notifier import Notifier, NotifierConfig
from surveys.outbox.pacing.breaker import Breaker, BreakerConfig, Outage
from surveys.outbox.pacing.limited import LimitedMessenger
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.receipts import SendReceipts
from surveys.outbox.reminders import Reminders
from surveys.outbox.replies import ReplySender
from surveys.outbox.sending.courier import Courier
from surveys.outbox.wave_progress import WaveProgress
from surveys.ports import Clock, Messenger, Scorer, SystemClock
from surveys.storage import Database, UnitOfWork
from surveys.storage.migrate import upgrade
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import AppState
from surveys.ticker import Ticker
from surveys.waves.model import AudienceRules
from surveys.waves.runner import WaveRunner

log = logging.getLogger(__name__)

SECRET_KEY = "link_secret"
BOT_USERNAME_KEY = "bot_username"


@dataclass(frozen=True, slots=True)
class DomainConfig:
    """What the domain services need from the settings."""

    timezone: ZoneInfo
    default_language: str = "zh"
    default_region: str = "CN"
    text_limit: int = 2000
    keep_update_ids: timedelta = timedelta(days=7)
    close_after: timedelta = timedelta(hours=72)


@dataclass(frozen=True, slots=True)
class Domain:
    """The domain services, each built once, and the engine that routes updates to them."""

    engine: SurveyEngine
    catalog: TemplateCatalog
    progress: SurveyProgress
    desk: ComplaintDesk
    intake: Intake
    audience: AudienceRules
    escalation: RuleSet


def assemble_domain(
    db: Database,
    catalog: TemplateCatalog,
    clock: Clock,
    scorer: Scorer,
    links: LinkTokens,
    config: DomainConfig,
    audience: AudienceRules | None = None,
    escalation: RuleSet | None = None,
) -> Domain:
    """Every domain service and dialogue, wired to each other once, here."""
    zone, language = config.timezone, config.default_language
    audience = audience or AudienceRules(zone=zone, default_language=language)
    escalation = escalation or default_rules(zone)
    desk = ComplaintDesk(RulesPolicy(escalation), config.close_after)
    notes = ComplaintNotes(zone)
    intake = Intake(escalation, desk, notes, catalog, scorer, clock)
    progress = SurveyProgress(catalog, clock, scorer, zone, config.text_limit, finished=intake)
    accounts = Accounts(clock, links, language, config.default_region)
    customers = CustomerChat(
        accounts,
        progress,
        CustomerSide(desk, clock, notes),
        intake,
        desk,
        catalog,
        scorer,
        clock,
    )
    dialogues = Dialogues(
        accounts=accounts,
        customers=customers,
        admin=Admin(
            db,
            catalog,
            clock,
            audience,
            default_language=language,
            default_region=config.default_region,
        ),
        managers=ManagerChat(desk, clock, zone, language),
        staff=StaffChat(desk, clock, language),
        stats=StatsChat(db, clock, zone, language),
        whoami=WhoAmI(language),
    )
    engine = SurveyEngine(db, clock, dialogues, config.keep_update_ids)
    return Domain(engine, catalog, progress, desk, intake, audience, escalation)


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


@dataclass
class Outbound:
    """Everything that sends, for one chat framework's messenger."""

    limiter: RateLimiter
    replies: ReplySender
    ticker: Ticker
    courier: Courier


def assemble_outbound(services: Services, messenger: Messenger) -> Outbound:
    """Our own sender, rate limits, breaker and outcome policy, the same for every framework."""
    settings = services.settings
    domain = services.domain
    limiter = RateLimiter(settings.rate_limit or None)
    paid = RateLimiter(settings.paid_rate_limit)
    breaker = Breaker(
        BreakerConfig(settings.probe_first_seconds, settings.probe_max_seconds),
        on_close=lambda outage: tell_admins_of_outage(services, outage),
    )
    courier = Courier(messenger, breaker)
    receipts = SendReceipts(services.db)
    replies = ReplySender(LimitedMessenger(messenger, limiter), receipts, courier)
    quiet = services.rules.quiet_hours
    dispatcher = Dispatcher(
        services.db,
        domain.progress,
        domain.catalog,
        courier,
        services.clock,
        DispatchConfig(
            quiet_hours=quiet,
            zone=settings.zone,
            expire_after=timedelta(hours=settings.expire_after_hours),
            lease=timedelta(seconds=settings.lease_seconds),
        ),
        limiter=limiter,
        paid_limiter=paid,
    )
    remind_after = timedelta(hours=settings.remind_after_hours)
    reminders = Reminders(
        services.db,
        domain.progress,
        domain.intake,
        receipts,
        courier,
        services.clock,
        remind_after=remind_after if remind_after > timedelta(0) else None,
        zone=settings.zone,
        quiet_hours=quiet,
        limiter=limiter,
    )
    progress = WaveProgress(
        services.db, courier, services.clock, language=settings.language, limiter=limiter
    )
    notifier = Notifier(
        services.db,
        courier,
        services.clock,
        domain.desk,
        NotifierConfig(
            zone=settings.zone,
            default_language=settings.language,
            lease=timedelta(seconds=settings.lease_seconds),
        ),
        limiter=limiter,
    )
    complaints = ComplaintClockwork(
        services.db,
        domain.desk,
        services.clock,
        settings.zone,
        digest_at=settings.digest,
    )
    ticker = Ticker(
        services.engine,
        WaveRunner(services.db, services.clock, services.rules),
        dispatcher,
        reminders,
        progress,
        complaints,
        notifier,
        services.clock,
    )
    return Outbound(limiter, replies, ticker, courier)


async def tell_admins_of_outage(services: Services, outage: Outage) -> None:
    """A refused token or a wrong Bot API address that lasted: once the bot can reach the
    admins again, they are told how long and why nothing went out."""
    if outage.reason not in OUTAGE_NOTICE_REASONS:
        return
    if outage.seconds < services.settings.outage_notice_seconds:
        return
    await queue_outage_notice(services.db, services.clock.now(), outage)


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
        async with UnitOfWork(db) as uow:
            await catalog.sync(uow, templates, clock.now())
        links = LinkTokens(await link_secret(db, settings.secret))
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
        ),
        audience,
        escalation,
    )
    return Services(settings, db, clock, links, domain, seeded)
