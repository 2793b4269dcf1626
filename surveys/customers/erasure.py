"""Erasing a customer who sent /forget: personal data and free text go, anonymous scores
stay for the statistics.

Every copy goes: the record, the words of the answers and of a "call me?" still waiting,
the chat ids on deliveries, the vehicle, the customer's id in the audit log (a keyed
pseudonym in its place), the phones
remembered in memory; and the deep links printed for them stop working. (The complaint
desk erases what complaints hold.)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.customers.phones import forget_cached_phones
from surveys.staff.audit import Actor
from surveys.storage.tables import Answer, AuditEntry, Customer, Delivery, Event, PendingInput
from surveys.storage.uow import UnitOfWork


async def erase_customer(
    uow: UnitOfWork, customer: Customer, now: datetime, actor_key: str | None = None
) -> None:
    """``actor_key`` stands in for the customer on their audit rows (a keyed pseudonym), so
    their earlier attempts stay linked to each other without naming them."""
    user_id = customer.telegram_user_id
    deliveries = select(Delivery.id).where(Delivery.customer_id == customer.id)
    await uow.session.execute(
        update(Answer)
        .where(Answer.delivery_id.in_(deliveries), Answer.value_text.is_not(None))
        .values(value_text=None)
    )
    await uow.session.execute(
        update(Delivery)
        .where(
            Delivery.customer_id == customer.id,
            Delivery.survey_state.in_(OPEN_SURVEY_STATES),
        )
        .values(survey_state=SurveyState.STOPPED.value)
    )
    await uow.session.execute(
        update(Delivery).where(Delivery.customer_id == customer.id).values(chat_id=None)
    )
    await uow.session.execute(
        update(Event).where(Event.customer_id == customer.id).values(vehicle=None)
    )
    if user_id is not None:
        # The words of a "call me?" still waiting for an answer go too.
        await uow.session.execute(delete(PendingInput).where(PendingInput.user_id == user_id))
        await uow.session.execute(
            update(AuditEntry)
            .where(AuditEntry.actor_kind == Actor.CUSTOMER.value)
            .where(AuditEntry.actor_user_id == user_id)
            .values(actor_user_id=None, actor_key=actor_key)
        )
    customer.name = ""
    customer.phone = None
    customer.telegram_user_id = None
    customer.chat_id = None
    customer.language = None
    customer.opted_out = True
    customer.opted_out_at = now
    customer.forgotten_at = now
    customer.updated_at = now
    customer.link_version += 1  # the printed deep links stop working
    forget_cached_phones()
