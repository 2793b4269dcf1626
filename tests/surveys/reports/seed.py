"""Small hand-made survey data for the report tests: visits, surveys, answers, complaints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.definitions import load_templates
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import (
    Answer,
    Branch,
    Complaint,
    Customer,
    Delivery,
    Event,
    SurveyTemplate,
    Wave,
)

ZONE = ZoneInfo("Asia/Shanghai")
CREATED = datetime(2026, 10, 1, tzinfo=UTC)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A wall-clock time in the business zone, as an aware UTC instant."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)


@dataclass
class Seed:
    """Inserts rows with just the columns a report reads; ids are handed back."""

    db: Database
    template_ids: dict[str, int] = field(default_factory=dict)
    wave_ids: dict[str, int] = field(default_factory=dict)
    numbers: count[int] = field(default_factory=lambda: count(1))

    @classmethod
    async def create(cls, db: Database) -> Seed:
        seed = cls(db)
        async with UnitOfWork(db) as uow:
            await TemplateCatalog().sync(uow, load_templates(), CREATED)
            await uow.session.flush()
            for key in ("post_sale", "post_service"):
                template_id = (
                    await uow.session.execute(
                        SurveyTemplate.__table__.select().where(SurveyTemplate.key == key)
                    )
                ).one()[0]
                seed.template_ids[key] = template_id
                wave = Wave(
                    template_id=template_id,
                    template_key=key,
                    event_kind="sale" if key == "post_sale" else "service",
                    send_at=CREATED,
                    created_at=CREATED,
                    skipped={},
                )
                uow.session.add(wave)
                await uow.session.flush()
                seed.wave_ids[key] = wave.id
        return seed

    async def branch(self, name: str) -> int:
        async with UnitOfWork(self.db) as uow:
            branch = Branch(name=name, created_at=CREATED)
            uow.session.add(branch)
            await uow.session.flush()
            return branch.id

    async def survey(
        self,
        at: datetime,
        *,
        branch_id: int | None,
        staff: str | None,
        template: str = "post_service",
        status: str = "sent",
        answers: dict[str, Any] | None = None,
        state: str | None = None,
        customer: str | None = None,
        name: str = "王小明",
        phone: str | None = "+8613800000000",
        vehicle: str | None = "Model Y",
        texts: dict[str, tuple[str | None, str | None]] | None = None,
    ) -> int:
        """A visit at ``at`` and a survey about it; ``answers`` maps question id to a value
        (``None`` = skipped); ``texts`` maps a text question to (sentiment, topics)."""
        number = next(self.numbers)
        answers = answers or {}
        texts = texts or {}
        async with UnitOfWork(self.db) as uow:
            person = Customer(
                external_id=customer or f"C{number:04d}",
                name=name,
                phone=phone,
                language="zh",
                created_at=CREATED,
                updated_at=CREATED,
            )
            uow.session.add(person)
            await uow.session.flush()
            event = Event(
                external_id=f"E{number:04d}",
                kind="sale" if template == "post_sale" else "service",
                occurred_at=at,
                customer_id=person.id,
                branch_id=branch_id,
                staff_name=staff,
                vehicle=vehicle,
                created_at=CREATED,
            )
            uow.session.add(event)
            await uow.session.flush()
            sent = status in ("sent", "uncertain")
            answered_at = at + timedelta(days=1)
            if state is None:
                state = "completed" if answers else "not_started"
            delivery = Delivery(
                wave_id=self.wave_ids[template],
                customer_id=person.id,
                event_id=event.id,
                template_id=self.template_ids[template],
                language="zh",
                status=status,
                due_at=at + timedelta(hours=20),
                sent_at=at + timedelta(hours=20) if status == "sent" else None,
                survey_state=state,
                started_at=answered_at if answers else None,
                completed_at=answered_at if state == "completed" else None,
                created_at=CREATED,
            )
            uow.session.add(delivery)
            await uow.session.flush()
            assert sent or not answers
            for question_id, value in answers.items():
                sentiment, topics = texts.get(question_id, (None, None))
                uow.session.add(
                    Answer(
                        delivery_id=delivery.id,
                        question_id=question_id,
                        kind=_KINDS.get(question_id, "rating"),
                        value_int=value if isinstance(value, int) else None,
                        value_choice=value if question_id == "main_problem" else None,
                        value_text=value
                        if isinstance(value, str) and question_id != "main_problem"
                        else None,
                        skipped=value is None,
                        sentiment_label=sentiment,
                        topics=topics,
                        answered_at=answered_at,
                    )
                )
            return delivery.id

    async def complaint(
        self,
        created: datetime,
        *,
        delivery_id: int | None = None,
        branch_id: int | None = None,
        staff: str | None = None,
        status: str = "open",
        topics: str | None = None,
        severity: str = "high",
        ack_hours: float = 2,
        resolve_hours: float = 48,
        resolved_after: timedelta | None = None,
    ) -> int:
        async with UnitOfWork(self.db) as uow:
            if delivery_id is not None:
                delivery = await uow.session.get(Delivery, delivery_id)
                assert delivery is not None
                customer_id, event_id = delivery.customer_id, delivery.event_id
            else:
                person = Customer(
                    external_id=f"W{next(self.numbers):04d}",
                    name="匿名",
                    created_at=CREATED,
                    updated_at=CREATED,
                )
                uow.session.add(person)
                await uow.session.flush()
                customer_id, event_id = person.id, None
            # Columns the complaint desk requires but reports do not read, when the schema has them.
            extra = {"escalate_at": created + timedelta(hours=ack_hours)}
            complaint = Complaint(
                **{k: v for k, v in extra.items() if k in Complaint.__table__.c},
                delivery_id=delivery_id,
                customer_id=customer_id,
                event_id=event_id,
                branch_id=branch_id,
                staff_name=staff,
                source="survey" if delivery_id else "message",
                severity=severity,
                status=status,
                topics=topics,
                ack_deadline=created + timedelta(hours=ack_hours),
                resolve_deadline=created + timedelta(hours=resolve_hours),
                created_at=created,
                resolved_at=created + resolved_after if resolved_after is not None else None,
                updated_at=created,
            )
            uow.session.add(complaint)
            await uow.session.flush()
            return complaint.id


_KINDS = {
    "overall": "rating",
    "nps": "nps",
    "as_agreed": "yesno",
    "main_problem": "choice",
    "comment": "text",
}
