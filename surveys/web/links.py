"""The survey link for a customer: their latest visit's survey, opened on a page.

A customer answers each visit once: when their latest visit already has a survey (sent
in the chat or by an earlier link), the link opens that same survey, so the chat and the
page share its answers and neither can answer it twice. When it has none, a survey is
made for it here: a one-customer wave, already done, whose delivery counts as sent by
link (``chat_id`` empty), so fatigue, expiry, the rules and the reports see it as any
other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.states import SurveyState
from surveys.i18n import Refusal, pick_language
from surveys.outbox.states import SendStatus
from surveys.storage.tables import Customer, Delivery, Event, Wave
from surveys.storage.uow import UnitOfWork
from surveys.timemath import local_date
from surveys.waves.model import DEFAULT_EVENT_KIND, WaveStatus
from surveys.web.keys import Purpose, WebKeys

TEMPLATE_OF_KIND = {kind: template for template, kind in DEFAULT_EVENT_KIND.items()}


class LinkError(Refusal):
    """No link can be made for this customer; the message says why."""


@dataclass(frozen=True, slots=True)
class SurveyLink:
    token: str
    delivery_id: int
    fresh: bool
    """True when the survey was made for this link (none existed for the visit)."""


@dataclass(frozen=True, slots=True)
class LinkPolicy:
    zone: ZoneInfo
    default_language: str
    valid_for: timedelta = timedelta(days=7)


async def _latest_event(uow: UnitOfWork, customer_id: int) -> Event | None:
    return (
        await uow.session.execute(
            select(Event)
            .where(Event.customer_id == customer_id)
            .order_by(Event.occurred_at.desc(), Event.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def _survey_of(uow: UnitOfWork, event_id: int) -> Delivery | None:
    return (
        await uow.session.execute(
            select(Delivery)
            .where(
                Delivery.event_id == event_id,
                Delivery.status.not_in((SendStatus.CANCELLED.value, SendStatus.FAILED.value)),
            )
            .order_by(Delivery.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def survey_link(
    uow: UnitOfWork,
    keys: WebKeys,
    catalog: TemplateCatalog,
    policy: LinkPolicy,
    customer: Customer,
    now: datetime,
    *,
    event: Event | None = None,
    template_key: str | None = None,
) -> SurveyLink:
    """A link to the survey of ``event`` (default: the customer's latest visit), made now
    with ``template_key`` (default: the one for the visit's kind) if it has none."""
    if customer.forgotten_at is not None or customer.opted_out:
        raise LinkError("web_link_opted_out", customer=customer.external_id)
    event = event or await _latest_event(uow, customer.id)
    if event is None:
        raise LinkError("web_link_no_visit", customer=customer.external_id)
    delivery = await _survey_of(uow, event.id)
    fresh = delivery is None
    if delivery is not None and delivery.status == SendStatus.PENDING.value:
        await _take_over(uow, catalog, delivery, now)
    if delivery is None:
        template_key = template_key or TEMPLATE_OF_KIND.get(event.kind)
        if template_key is None:
            raise LinkError("web_link_no_template", kind=event.kind)
        delivery = await _new_survey(uow, catalog, policy, customer, event, template_key, now)
    expires = delivery.expires_at or now + policy.valid_for
    token = await keys.mint(
        uow, Purpose.SURVEY, now, max(expires - now, timedelta(0)), delivery_id=delivery.id
    )
    return SurveyLink(token, delivery.id, fresh)


async def _take_over(
    uow: UnitOfWork, catalog: TemplateCatalog, delivery: Delivery, now: datetime
) -> None:
    """A chat survey not sent yet is answered by link instead: the outbox only sends
    pending rows, so marking it sent (by link) keeps the chat from starting it too."""
    template = await catalog.get(uow, delivery.template_id)
    first = template.next_question({})
    assert first is not None
    taken = await uow.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status == SendStatus.PENDING.value)
        .values(status=SendStatus.SENT.value, sent_at=now, current_question=first.id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        await uow.session.refresh(delivery)


async def _new_survey(
    uow: UnitOfWork,
    catalog: TemplateCatalog,
    policy: LinkPolicy,
    customer: Customer,
    event: Event,
    template_key: str,
    now: datetime,
) -> Delivery:
    template_id, template = await catalog.latest(uow, template_key)
    day = local_date(event.occurred_at, policy.zone)
    wave = Wave(
        template_id=template_id,
        template_key=template_key,
        event_kind=event.kind,
        window_start=day,
        window_end=day,
        branch_id=event.branch_id,
        send_at=now,
        status=WaveStatus.DONE.value,
        remind=False,
        skipped={},
        created_at=now,
        started_at=now,
        finished_at=now,
    )
    uow.session.add(wave)
    await uow.session.flush()
    first = template.next_question({})
    assert first is not None, "a template always has an unconditional first question"
    delivery = Delivery(
        wave_id=wave.id,
        customer_id=customer.id,
        event_id=event.id,
        template_id=template_id,
        language=pick_language(customer.language, default=policy.default_language),
        status=SendStatus.SENT.value,
        due_at=now,
        sent_at=now,
        attempts=0,
        survey_state=SurveyState.NOT_STARTED.value,
        current_question=first.id,
        expires_at=now + policy.valid_for,
        created_at=now,
    )
    uow.session.add(delivery)
    await uow.session.flush()
    return delivery
