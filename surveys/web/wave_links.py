"""Survey links for the customers a wave cannot reach in the chat, for an SMS gateway.

The wave's window, branch and staff choose the visits as for the chat; of those
customers, the ones who never linked a chat get a link instead, under the same rules:
not opted out or erased, no unfinished complaint, not surveyed within the fatigue
period, the visit not surveyed yet, one survey per customer about their latest visit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from surveys.complaints.states import UNFINISHED
from surveys.conversation.catalog import TemplateCatalog
from surveys.storage.tables import Complaint, Customer, Delivery, Event
from surveys.storage.uow import UnitOfWork
from surveys.waves.audience import SURVEYED_STATUSES, AudienceQuery
from surveys.web.keys import WebKeys
from surveys.web.links import LinkPolicy, survey_link


@dataclass(frozen=True, slots=True)
class LinkRow:
    customer_id: str
    name: str
    phone: str | None
    language: str
    token: str


async def unlinked_links(
    uow: UnitOfWork,
    keys: WebKeys,
    catalog: TemplateCatalog,
    policy: LinkPolicy,
    query: AudienceQuery,
    template_key: str,
    *,
    now: datetime,
    fatigue: timedelta,
) -> AsyncIterator[LinkRow]:
    """One link per eligible customer without a chat, about their latest visit in the
    window (each link makes that visit's survey, answered on the page)."""
    since = now - fatigue
    fatigued = select(Delivery.customer_id).where(
        Delivery.status.in_(SURVEYED_STATUSES), Delivery.created_at >= since
    )
    complaining = select(Complaint.customer_id).where(Complaint.status.in_(UNFINISHED))
    surveyed = select(Delivery.event_id).where(Delivery.status.in_(SURVEYED_STATUSES))
    conditions = [
        Event.kind == query.event_kind,
        Event.occurred_at >= query.starts,
        Event.occurred_at < query.ends,
        or_(Customer.chat_id.is_(None), Customer.telegram_user_id.is_(None)),
        Customer.opted_out.is_(False),
        Customer.forgotten_at.is_(None),
        Customer.id.not_in(fatigued),
        Customer.id.not_in(complaining),
        Event.id.not_in(surveyed),
    ]
    if query.branch_id is not None:
        conditions.append(Event.branch_id == query.branch_id)
    if query.staff_name is not None:
        conditions.append(Event.staff_name == query.staff_name)
    rows = (
        await uow.session.execute(
            select(Event, Customer)
            .join(Customer, Customer.id == Event.customer_id)
            .where(and_(*conditions))
            .order_by(Event.customer_id, Event.occurred_at.desc(), Event.id.desc())
        )
    ).all()
    previous: int | None = None
    for event, customer in rows:
        if customer.id == previous:
            continue
        previous = customer.id
        made = await survey_link(
            uow, keys, catalog, policy, customer, now, event=event, template_key=template_key
        )
        delivery = await uow.session.get(Delivery, made.delivery_id)
        assert delivery is not None
        yield LinkRow(
            customer.external_id, customer.name, customer.phone, delivery.language, made.token
        )
