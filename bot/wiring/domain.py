"""The domain services and dialogues, each built once and wired to each other."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from nlp import forget_seen_words
from surveys.audits.fieldwork import Fieldwork
from surveys.audits.model import AuditRules, ChecklistCatalog
from surveys.complaints.additions import Additions
from surveys.complaints.customer_notes import ComplaintNotes
from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.escalation import RuleSet, default_rules
from surveys.complaints.intake import Intake, RulesPolicy
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.progress import SurveyProgress
from surveys.customers.accounts import Accounts
from surveys.customers.linking import LinkTokens
from surveys.dialogues.admin import Admin
from surveys.dialogues.audits.desk import AuditDesk
from surveys.dialogues.audits.shopper import ShopperChat
from surveys.dialogues.complaint_customer import CustomerSide
from surveys.dialogues.customer import CustomerChat
from surveys.dialogues.manager import ManagerChat
from surveys.dialogues.staff import StaffChat, StaffGreeting
from surveys.dialogues.stats import StatsChat
from surveys.dialogues.whoami import WhoAmI
from surveys.engine import Dialogues, SurveyEngine
from surveys.flood import FloodGate
from surveys.ports import Clock, Scorer
from surveys.storage import Database
from surveys.waves.model import AudienceRules
from surveys.web.keys import WebKeys
from surveys.web.sign_in import DeskSignIn

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
    pages_per_day: int = 5
    """Times one customer's words may alert staff in 24 hours (new complaints included)."""
    expire_after: timedelta = timedelta(hours=72)
    """How long a survey stays open after it was sent (or proved to have arrived)."""
    web_url: str = "http://127.0.0.1:8080"
    """Where survey links and the desk are served."""
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
    checklists: ChecklistCatalog
    audit_rules: AuditRules
    web_keys: WebKeys | None = None
    sign_in: DeskSignIn | None = None


def assemble_domain(
    db: Database,
    catalog: TemplateCatalog,
    clock: Clock,
    scorer: Scorer,
    links: LinkTokens,
    config: DomainConfig,
    audience: AudienceRules | None = None,
    escalation: RuleSet | None = None,
    web_keys: WebKeys | None = None,
    checklists: ChecklistCatalog | None = None,
    audit_rules: AuditRules | None = None,
) -> Domain:
    """Every domain service and dialogue, wired to each other once, here."""
    zone, language = config.timezone, config.default_language
    audience = audience or AudienceRules(zone=zone, default_language=language)
    escalation = escalation or default_rules(zone)
    checklists = checklists or ChecklistCatalog()
    audit_rules = audit_rules or AuditRules(zone=zone)
    desk = ComplaintDesk(RulesPolicy(escalation), config.close_after)
    notes = ComplaintNotes(zone)
    additions = Additions(escalation, desk, config.pages_per_day)
    intake = Intake(escalation, desk, notes, catalog, scorer, clock, additions)
    progress = SurveyProgress(
        catalog,
        clock,
        scorer,
        zone,
        config.text_limit,
        finished=intake,
        reply_lease=config.reply_retry,
    )
    accounts = Accounts(clock, links, language, config.default_region, forget_seen_words)
    customers = CustomerChat(
        accounts,
        progress,
        CustomerSide(desk, clock, notes),
        intake,
        desk,
        catalog,
        scorer,
        clock,
        config.expire_after,
    )
    sign_in = (
        DeskSignIn(web_keys, clock, config.web_url, language) if web_keys is not None else None
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
        desk_link=sign_in,
        greeting=StaffGreeting(clock, language),
        shoppers=ShopperChat(db, Fieldwork(checklists, audit_rules), clock, language),
        audits=AuditDesk(db, checklists, audit_rules, clock, language),
    )
    flood = FloodGate(config.flood_per_minute) if config.flood_per_minute else None
    engine = SurveyEngine(db, clock, dialogues, config.keep_update_ids, flood)
    return Domain(
        engine,
        catalog,
        progress,
        desk,
        intake,
        audience,
        escalation,
        checklists,
        audit_rules,
        web_keys=web_keys,
        sign_in=sign_in,
    )
