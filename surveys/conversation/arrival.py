"""A survey whose sending ended uncertain (a timeout after the request was written) may
have arrived. The customer's first answer proves it did: the delivery becomes sent, with
its expiry and its reminder, like any other."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from surveys.outbox.states import SendStatus
from surveys.storage.tables import Delivery
from surveys.storage.uow import UnitOfWork

ANSWERABLE = (SendStatus.SENT.value, SendStatus.UNCERTAIN.value)
"""Deliveries a customer can answer: sent, or maybe sent (the answer settles it)."""


async def arrived(
    uow: UnitOfWork, delivery: Delivery, now: datetime, expire_after: timedelta
) -> None:
    """Settle an uncertain delivery as sent, now that the customer answered it."""
    if delivery.status != SendStatus.UNCERTAIN.value:
        return
    await uow.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status == SendStatus.UNCERTAIN.value)
        .values(
            status=SendStatus.SENT.value,
            sent_at=now,
            expires_at=now + expire_after,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    await uow.session.refresh(delivery)
