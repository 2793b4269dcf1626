"""The domain services and dialogues, each built once and wired to each other."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from surveys.complaints.customer_notes import ComplaintNotes
from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.escalation import RuleSet, default_rules
from surveys.complaints.intake import Intake, RulesPolicy
from surveys.conversation.catalog import TemplateCatalog
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
from surveys.flood import FloodGate
from surveys.ports import Clock, Scorer
from surveys.storage import Database
from surveys.waves.model import AudienceRules

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DomainConfig:
    """What the domain services need from the settings."""

    timezone: ZoneInfo
    default_language: str = "zh"
    default_region: str = "CN"
    text_limit: int = 2000
    keep_update_ids: timedelta = timedelta(days=7)
    flood_per_minute: float | None = 60.0
    """Updates one person may send a minute (after a burst); None: no limit."""
    close_after: timedelta = timedelta(hours=72)
    reply_retry: timedelta = timedelta(seconds=5)
    """How long the reply to an answer may take before the ticker sends it again."""


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
    progress = SurveyProgress(
        catalog,
        clock,
        scorer,
        zone,
        config.text_limit,
        finished=intake,
        reply_lease=config.reply_retry,
    )
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
    flood = FloodGate(config.flood_per_minute) if config.flood_per_minute else None
    engine = SurveyEngine(db, clock, dialogues, config.keep_update_ids, flood)
    return Domain(engine, catalog, progress, desk, intake, audience, escalation)
