"""Where complaints come from: a finished survey, or a customer speaking up unasked.

After a survey ends (completed, stopped, or expired with some answers), its
answers become :class:`~surveys.complaints.escalation.Evidence` and the escalation rules
decide. When the scores and the words disagree, the customer is asked one
short question first ("You gave us 9/10 but mentioned the wait. Would you like
a manager to contact you?"), and the answer, stored like any other answer,
decides. A survey never yields two complaints (``complaints.delivery_id`` is unique).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from surveys.complaints.additions import Additions
from surveys.complaints.customer_notes import ComplaintNotes, call_me_keyboard
from surveys.complaints.desk import ComplaintDesk, NewComplaint
from surveys.complaints.escalation import (
    Evidence,
    RuleSet,
    Verdict,
    after_clarification,
    clarify_question,
    deadlines,
    evaluate,
    wakes_people,
)
from surveys.complaints.escalation.hours import BusinessCalendar, ServiceLevel, ServiceLevels
from surveys.complaints.escalation.week import branch_calendar
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.comments import is_comment
from surveys.conversation.definitions import QuestionType, Template
from surveys.i18n import say
from surveys.ports import Clock, Outgoing, Priority, Scorer
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Answer, Complaint, Customer, Delivery, Event
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

CALL_ME = "call_me"
"""The question id under which the answer to the clarifying question is stored."""


@dataclass(frozen=True, slots=True)
class _BranchLevels:
    """The rule file's service levels on a branch's own working week."""

    calendar: BusinessCalendar
    service_levels: Mapping[str, ServiceLevel]


class RulesPolicy:
    """Deadlines and waking hours read from the escalation rule file, on the branch's own
    working week when it has one (``surveybot branch set BRANCH --hours ...``)."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._weeks: dict[str, _BranchLevels] = {}

    def _levels(self, week: str | None) -> ServiceLevels:
        if not week:
            return self.rules
        if week not in self._weeks:
            calendar = branch_calendar(self.rules.calendar, week)
            self._weeks[week] = _BranchLevels(calendar, self.rules.service_levels)
        return self._weeks[week]

    def deadlines(
        self, severity: str, created: datetime, week: str | None = None
    ) -> tuple[datetime, datetime]:
        found = deadlines(severity, created, self._levels(week))
        return found.acknowledge, found.resolve

    def wakes(self, severity: str, now: datetime, week: str | None = None) -> bool:
        """Whether a card now may ring (inside working hours, or a critical complaint);
        otherwise it is delivered silently."""
        return wakes_people(severity, now, self._levels(week))


class Intake:
    def __init__(
        self,
        rules: RuleSet,
        desk: ComplaintDesk,
        notes: ComplaintNotes,
        catalog: TemplateCatalog,
        scorer: Scorer,
        clock: Clock,
        additions: Additions | None = None,
    ) -> None:
        self.rules = rules
        self.desk = desk
        self.notes = notes
        self.catalog = catalog
        self.scorer = scorer
        self.clock = clock
        self.additions = additions or Additions(rules, desk)

    async def evidence(self, uow: UnitOfWork, delivery: Delivery, template: Template) -> Evidence:
        rows = (
            (await uow.session.execute(select(Answer).where(Answer.delivery_id == delivery.id)))
            .scalars()
            .all()
        )
        overall = nps = None
        ratings: dict[str, int] = {}
        choices: dict[str, str] = {}
        yes_no: dict[str, bool] = {}
        texts: list[str] = []
        scores: list[tuple[float, str]] = []
        topics: list[str] = []
        for answer in rows:
            if answer.skipped or answer.question_id == CALL_ME:
                continue
            if answer.value_text:  # a free-text answer, or the words typed with a score
                texts.append(answer.value_text)
                if answer.sentiment_score is not None and answer.sentiment_label:
                    scores.append((answer.sentiment_score, answer.sentiment_label))
                topics.extend(t for t in (answer.topics or "").split(",") if t)
            if is_comment(answer.question_id):
                continue
            try:
                question = template.question(answer.question_id)
            except KeyError:
                continue
            if question.role == "csat":
                overall = answer.value_int
            elif question.role == "nps":
                nps = answer.value_int
            elif question.type is QuestionType.RATING and answer.value_int is not None:
                ratings[question.touchpoint or question.id] = answer.value_int
            elif question.type is QuestionType.CHOICE and answer.value_choice:
                choices[question.id] = answer.value_choice
            elif question.type is QuestionType.YESNO and answer.value_int is not None:
                yes_no[question.id] = bool(answer.value_int)
        worst = min(scores) if scores else None
        words = Evidence(
            overall=overall,
            nps=nps,
            text="\n".join(texts) or None,
            text_label=worst[1] if worst else None,
            text_score=max(-1.0, min(1.0, worst[0])) if worst else None,
            topics=tuple(dict.fromkeys(topics)),
        )
        try:
            return replace(words, ratings=ratings, choices=choices, yes_no=yes_no)
        except ValueError:
            # A custom template reused an id the rules reserve: judge on scores and words.
            log.warning("template %s: answers not usable as evidence", template.key)
            return words

    async def _clarified(self, uow: UnitOfWork, delivery_id: int) -> bool | None:
        answer = (
            await uow.session.execute(
                select(Answer.value_int).where(
                    Answer.delivery_id == delivery_id, Answer.question_id == CALL_ME
                )
            )
        ).first()
        return None if answer is None or answer[0] is None else bool(answer[0])

    async def survey_finished(
        self, uow: UnitOfWork, delivery: Delivery, customer: Customer, language: str
    ) -> list[Outgoing]:
        """A customer completed a survey: the rules decide, and the customer is told."""
        return await self.after_survey(
            uow, delivery, customer, talk_to_customer=True, language=language
        )

    async def finish_unanswered(self, uow: UnitOfWork, delivery: Delivery) -> None:
        """A survey expired with some answers: let the rules look at what there is."""
        customer = await uow.session.get(Customer, delivery.customer_id)
        if customer is not None and delivery.started_at is not None:
            await self.after_survey(
                uow, delivery, customer, talk_to_customer=False, language=delivery.language
            )

    async def after_survey(
        self,
        uow: UnitOfWork,
        delivery: Delivery,
        customer: Customer,
        *,
        talk_to_customer: bool,
        language: str,
    ) -> list[Outgoing]:
        """Decide on a finished survey; returns what to tell the customer (maybe nothing)."""
        template = await self.catalog.get(uow, delivery.template_id)
        evidence = await self.evidence(uow, delivery, template)
        verdict = evaluate(self.rules, evidence)
        clarified = await self._clarified(uow, delivery.id)
        if verdict.contradiction is not None:
            if clarified is None:
                if not talk_to_customer or customer.chat_id is None:
                    return []
                question = clarify_question(verdict.contradiction, language)
                return [
                    Outgoing(customer.chat_id, question, call_me_keyboard(delivery.id, language))
                ]
            verdict = after_clarification(verdict, clarified)
        if not verdict.complaint or verdict.severity is None:
            return []
        complaint = await self._open(uow, delivery, customer, evidence, verdict)
        if complaint is None or not talk_to_customer or customer.chat_id is None:
            return []
        text = await self.notes.will_call(uow, complaint, language)
        return [Outgoing(customer.chat_id, text)]

    async def _open(
        self,
        uow: UnitOfWork,
        delivery: Delivery,
        customer: Customer,
        evidence: Evidence,
        verdict: Verdict,
    ) -> Complaint | None:
        existing = await self.additions.open_one(uow, customer.id, delivery.event_id)
        if existing is not None:  # one open complaint per customer and visit
            if evidence.text:
                await self.additions.add(uow, existing, evidence.text, self.clock.now())
            return existing
        event = await uow.session.get(Event, delivery.event_id)
        assert verdict.severity is not None
        return await self.desk.open(
            uow,
            NewComplaint(
                customer_id=customer.id,
                severity=verdict.severity,
                delivery_id=delivery.id,
                event_id=delivery.event_id,
                branch_id=event.branch_id if event else None,
                staff_name=event.staff_name if event else None,
                triggers=verdict.reasons,
                overall=evidence.overall,
                nps=evidence.nps,
                text=evidence.text,
                sentiment_label=evidence.text_label,
                sentiment_score=evidence.text_score,
                topics=evidence.topics,
            ),
            self.clock.now(),
        )

    async def clarification(
        self,
        uow: UnitOfWork,
        delivery: Delivery,
        customer: Customer,
        wants_contact: bool,
        language: str,
    ) -> list[Outgoing]:
        """The customer answered the clarifying question: store it (once), then decide."""
        stored = await uow.session.execute(
            insert_ignore(
                uow.dialect,
                Answer.__table__,  # type: ignore[arg-type]
                ["delivery_id", "question_id"],
                {
                    "delivery_id": delivery.id,
                    "question_id": CALL_ME,
                    "kind": QuestionType.YESNO.value,
                    "value_int": int(wants_contact),
                    "skipped": False,
                    "answered_at": self.clock.now(),
                },
            )
        )
        if stored.rowcount != 1:  # type: ignore[attr-defined]
            return []
        messages = await self.after_survey(
            uow, delivery, customer, talk_to_customer=True, language=language
        )
        if not wants_contact and customer.chat_id is not None:
            messages.append(Outgoing(customer.chat_id, say("call_me_declined", language)))
        return messages

    async def from_message(
        self, uow: UnitOfWork, customer: Customer, text: str, language: str
    ) -> list[Outgoing]:
        """The customer said yes to "would you like a manager to contact you?"."""
        existing = await self.additions.open_one(uow, customer.id, None)
        if existing is not None:
            return await self.more_words(uow, customer, existing, text, language)
        analysis = self.scorer(text)
        verdict = evaluate(
            self.rules,
            Evidence(
                text=text,
                text_label=analysis.label,
                text_score=max(-1.0, min(1.0, float(analysis.score))),
                topics=tuple(analysis.topics),
            ),
        )
        severity = verdict.severity if verdict.complaint and verdict.severity else "low"
        branch = await self.notes.latest_branch(uow, customer.id)
        complaint = await self.desk.open(
            uow,
            NewComplaint(
                customer_id=customer.id,
                severity=severity,
                source="message",
                branch_id=branch,
                triggers=("customer_message", *verdict.reasons),
                text=text,
                sentiment_label=analysis.label,
                sentiment_score=float(analysis.score),
                topics=tuple(analysis.topics),
            ),
            self.clock.now(),
        )
        assert complaint is not None
        assert customer.chat_id is not None
        return [Outgoing(customer.chat_id, await self.notes.will_call(uow, complaint, language))]

    async def more_words(
        self, uow: UnitOfWork, customer: Customer, complaint: Complaint, text: str, language: str
    ) -> list[Outgoing]:
        """The customer wrote again about their open complaint: it joins the complaint."""
        paged = await self.additions.add(uow, complaint, text, self.clock.now())
        if customer.chat_id is None:
            return []
        said = await self.notes.words_added(uow, complaint, language, paged=paged)
        return [Outgoing(customer.chat_id, said)]


def notice(outgoing: Outgoing) -> Outgoing:
    """The same message, sent unasked (counted against the per-chat limit)."""
    return Outgoing(outgoing.chat_id, outgoing.text, outgoing.markup, priority=Priority.NOTICE)
