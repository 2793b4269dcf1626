"""A small world for domain tests: a migrated database, templates, an engine, a clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from bot.wiring import Domain, DomainConfig, assemble_domain
from nlp import analyze
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.customers.linking import LinkTokens
from surveys.engine import SurveyEngine
from surveys.outbox.states import SendStatus
from surveys.ports import Inbound, ManualClock, Sender
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Branch, Customer, Delivery, Event, Wave

ZONE = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
SECRET = "test-secret-0123456789abcdef"


@dataclass
class World:
    db: Database
    clock: ManualClock
    catalog: TemplateCatalog
    engine: SurveyEngine
    links: LinkTokens
    updates: count[int]
    domain: Domain

    def inbound(self, user_id: int, language: str | None = "en") -> Inbound:
        sender = Sender(user_id=user_id, chat_id=user_id, first_name="T", language_code=language)
        return Inbound(update_id=next(self.updates), sender=sender)

    async def customer(
        self,
        external_id: str,
        *,
        name: str = "Alex",
        phone: str | None = None,
        language: str | None = "en",
        telegram_user_id: int | None = None,
    ) -> int:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            customer = Customer(
                external_id=external_id,
                name=name,
                phone=phone,
                language=language,
                telegram_user_id=telegram_user_id,
                chat_id=telegram_user_id,
                linked_at=now if telegram_user_id else None,
                created_at=now,
                updated_at=now,
            )
            uow.session.add(customer)
            await uow.session.flush()
            return customer.id

    async def delivery(
        self, customer_id: int, template: str = "post_service", *, language: str = "en"
    ) -> int:
        """A service event for the customer and a delivery about it, already sent."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            branch = Branch(name=f"Pudong-{customer_id}", created_at=now)
            uow.session.add(branch)
            await uow.session.flush()
            event = Event(
                external_id=f"E-{customer_id}-{now.timestamp()}",
                kind="service",
                occurred_at=now - timedelta(days=1),
                customer_id=customer_id,
                branch_id=branch.id,
                staff_name="Li Wei",
                vehicle="Model 3",
                created_at=now,
            )
            uow.session.add(event)
            template_id, _ = await self.catalog.latest(uow, template)
            wave = Wave(
                template_id=template_id,
                template_key=template,
                event_kind="service",
                send_at=now,
                created_at=now,
                skipped={},
            )
            uow.session.add(wave)
            await uow.session.flush()
            delivery = Delivery(
                wave_id=wave.id,
                customer_id=customer_id,
                event_id=event.id,
                template_id=template_id,
                language=language,
                status=SendStatus.SENT.value,
                due_at=now,
                sent_at=now,
                expires_at=now + timedelta(hours=72),
                created_at=now,
            )
            uow.session.add(delivery)
            await uow.session.flush()
            opening = await self.domain.progress.opening_of(uow, delivery)
            assert opening is not None
            return delivery.id


async def make_world(db: Database) -> World:
    clock = ManualClock(START)
    catalog = TemplateCatalog()
    async with UnitOfWork(db) as uow:
        await catalog.sync(uow, load_templates(), clock.now())
    links = LinkTokens(SECRET)
    domain = assemble_domain(
        db, catalog, clock, analyze, links, DomainConfig(timezone=ZONE, default_language="zh")
    )
    return World(db, clock, catalog, domain.engine, links, count(1000), domain)
