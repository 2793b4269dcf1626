"""A survey in progress: show a question, take an answer, move on, say thanks.

Progress lives in the database (``deliveries.current_question`` and the
``answers`` rows), never in a chat framework. Moving on is a compare-and-set
on ``current_question``, so a double tap, a replayed update or a second worker
records one answer and the others are told it was already taken.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select

from surveys.conversation.answers import (
    Comment,
    Given,
    condition_value,
    given_from_button,
    given_from_text,
)
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.comments import commented
from surveys.conversation.conditions import AnswerValue
from surveys.conversation.definitions import Question, Template
from surveys.conversation.recording import ANSWERABLE, ANSWERS_OF, record_answer
from surveys.conversation.rendering import (
    VisitFacts,
    answer_display,
    answered_text,
    format_date,
    intro_text,
    question_keyboard,
    question_text,
)
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.i18n import say
from surveys.ports import (
    AnswerAction,
    Clock,
    Outgoing,
    Priority,
    QuestionShown,
    Reply,
    Scorer,
    SkipAction,
)
from surveys.storage.tables import Answer, Branch, Customer, Delivery, Event
from surveys.storage.uow import UnitOfWork


class SurveyFinished(Protocol):
    """Told in the same transaction when a customer completes a survey (the complaint
    intake, in production); returns more to say to the customer."""

    async def survey_finished(
        self, uow: UnitOfWork, delivery: Delivery, customer: Customer, language: str
    ) -> list[Outgoing]: ...


async def _reachable(uow: UnitOfWork, delivery: Delivery) -> Customer | None:
    customer = await uow.session.get(Customer, delivery.customer_id)
    if customer is None or customer.chat_id is None or customer.opted_out:
        return None
    return customer


class SurveyProgress:
    def __init__(
        self,
        catalog: TemplateCatalog,
        clock: Clock,
        scorer: Scorer,
        zone: ZoneInfo,
        text_limit: int = 2000,
        finished: SurveyFinished | None = None,
        reply_lease: timedelta = timedelta(seconds=5),
    ) -> None:
        self.catalog = catalog
        self.clock = clock
        self.scorer = scorer
        self.zone = zone
        self.text_limit = text_limit
        self.finished = finished
        self.reply_lease = reply_lease  # how long a reply may take before it is sent again

    # ----------------------------------------------------------------- reading

    async def answers(
        self, uow: UnitOfWork, template: Template, delivery_id: int
    ) -> dict[str, AnswerValue]:
        rows = await uow.session.execute(ANSWERS_OF, {"d_id": delivery_id})
        values: dict[str, AnswerValue] = {}
        for question_id, value_int, choice, text, skipped in rows:
            try:
                question = template.question(question_id)
            except KeyError:
                continue
            values[question_id] = condition_value(question, value_int, choice, text, skipped)
        return values

    async def facts(self, uow: UnitOfWork, delivery: Delivery, customer: Customer) -> VisitFacts:
        event = await uow.session.get(Event, delivery.event_id)
        assert event is not None
        branch = await uow.session.get(Branch, event.branch_id) if event.branch_id else None
        return VisitFacts(
            name=customer.name,
            branch=branch.name if branch else None,
            vehicle=event.vehicle,
            occurred_at=event.occurred_at,
        )

    async def open_delivery_of(self, uow: UnitOfWork, customer_id: int) -> Delivery | None:
        """The survey this customer is answering now (the most recently sent open one)."""
        return (
            await uow.session.execute(
                select(Delivery)
                .where(
                    Delivery.customer_id == customer_id,
                    Delivery.status.in_(ANSWERABLE),
                    Delivery.survey_state.in_(OPEN_SURVEY_STATES),
                )
                .order_by(Delivery.sent_at.desc(), Delivery.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()

    async def opening_of(self, uow: UnitOfWork, delivery: Delivery) -> Outgoing | None:
        """The first message of a survey, or None when its customer can no longer get it."""
        customer = await _reachable(uow, delivery)
        return None if customer is None else await self.opening(uow, delivery, customer)

    async def reminder_of(self, uow: UnitOfWork, delivery: Delivery) -> Outgoing | None:
        """A nudge that shows the open question again, or None when it would reach nobody."""
        customer = await _reachable(uow, delivery)
        return None if customer is None else await self.reminder(uow, delivery, customer)

    def language_of(self, delivery: Delivery, customer: Customer) -> str:
        return customer.language or delivery.language

    # ----------------------------------------------------------------- showing

    async def opening(self, uow: UnitOfWork, delivery: Delivery, customer: Customer) -> Outgoing:
        """The first message of a survey: the intro and the first question, sent unasked."""
        template = await self.catalog.get(uow, delivery.template_id)
        facts = await self.facts(uow, delivery, customer)
        assert customer.chat_id is not None
        outgoing, first = self.render_opening(
            template, delivery.id, customer.chat_id, self.language_of(delivery, customer), facts
        )
        delivery.current_question = first
        return outgoing

    def render_opening(
        self, template: Template, delivery_id: int, chat_id: int, language: str, facts: VisitFacts
    ) -> tuple[Outgoing, str]:
        """The opening message and the id of the question it asks (no database access)."""
        first = template.next_question({})
        assert first is not None, "a template always has an unconditional first question"
        text = intro_text(template, language, facts, self.zone) + "\n\n"
        text += question_text(first, language, {})
        outgoing = Outgoing(
            chat_id=chat_id,
            text=text,
            markup=question_keyboard(template, first, delivery_id, language),
            track=QuestionShown(delivery_id, first.id),
            priority=Priority.NOTICE,
        )
        return outgoing, first.id

    async def reminder(self, uow: UnitOfWork, delivery: Delivery, customer: Customer) -> Outgoing:
        """The open question again, under a short reminder (a new message, sent unasked)."""
        template = await self.catalog.get(uow, delivery.template_id)
        answers = await self.answers(uow, template, delivery.id)
        question = (
            template.question(delivery.current_question)
            if delivery.current_question
            else template.next_question(answers)
        )
        assert question is not None
        language = self.language_of(delivery, customer)
        facts = await self.facts(uow, delivery, customer)
        lead = say(
            "reminder",
            language,
            what=template.title.get(language),
            date=format_date(facts.occurred_at, language, self.zone),
        )
        assert customer.chat_id is not None
        return Outgoing(
            chat_id=customer.chat_id,
            text=f"{lead}\n\n{question_text(question, language, answers)}",
            markup=question_keyboard(template, question, delivery.id, language),
            track=QuestionShown(delivery.id, question.id),
            priority=Priority.NOTICE,
        )

    async def shown_text(
        self,
        uow: UnitOfWork,
        template: Template,
        delivery: Delivery,
        customer: Customer,
        question: Question,
        answers: dict[str, AnswerValue],
    ) -> str:
        """The text the question was shown with (the first one carries the intro)."""
        language = self.language_of(delivery, customer)
        text = question_text(question, language, answers)
        first = template.next_question({})
        if first is not None and first.id == question.id:
            facts = await self.facts(uow, delivery, customer)
            text = intro_text(template, language, facts, self.zone) + "\n\n" + text
        return text

    # --------------------------------------------------------------- answering

    async def on_button(
        self,
        uow: UnitOfWork,
        customer: Customer,
        action: AnswerAction | SkipAction,
        delivery: Delivery,
        message_id: int | None,
    ) -> Reply:
        language = self.language_of(delivery, customer)
        closed = await self._closed_reply(delivery, language)
        if closed is not None:
            return closed
        template = await self.catalog.get(uow, delivery.template_id)
        if not 0 <= action.question < len(template.questions):
            return Reply(toast=say("stale_tap", language))
        question = template.questions[action.question]
        if delivery.current_question != question.id:
            exists = (
                await uow.session.execute(
                    select(Answer.id).where(
                        Answer.delivery_id == delivery.id, Answer.question_id == question.id
                    )
                )
            ).first()
            key = "already_answered" if exists else "question_closed"
            return Reply(toast=say(key, language))
        if isinstance(action, SkipAction):
            given = Given(skipped=True)
        else:
            parsed = given_from_button(question, action.value)
            if parsed is None:
                return Reply(toast=say("stale_tap", language))
            given = parsed
        reply = await self._advance(uow, customer, delivery, template, question, given, message_id)
        if reply is None:
            return Reply(toast=say("already_answered", language))
        return Reply(messages=reply.messages, toast=say("answer_saved", language))

    async def on_text(
        self, uow: UnitOfWork, customer: Customer, delivery: Delivery, text: str
    ) -> Reply:
        language = self.language_of(delivery, customer)
        closed = await self._closed_reply(delivery, language)
        if closed is not None:
            return Reply(messages=closed.messages or (self._say(customer, closed.toast or ""),))
        template = await self.catalog.get(uow, delivery.template_id)
        if delivery.current_question is None:
            return Reply.of(self._say(customer, say("no_open_survey", language)))
        question = template.question(delivery.current_question)
        given = given_from_text(question, text, language, self.text_limit)
        if isinstance(given, str):
            return Reply.of(self._say(customer, given))
        if isinstance(given, Comment):
            at, chat = (self.clock.now(), self.text_limit), customer.chat_id or 0
            return await commented(
                uow, self.scorer, at, template, question, delivery.id, chat, language, given.text
            )
        reply = await self._advance(
            uow, customer, delivery, template, question, given, delivery.question_message_id
        )
        if reply is None:
            return Reply.of(self._say(customer, say("already_answered", language)))
        return reply

    def _say(self, customer: Customer, text: str) -> Outgoing:
        assert customer.chat_id is not None
        return Outgoing(chat_id=customer.chat_id, text=text)

    async def _closed_reply(self, delivery: Delivery, language: str) -> Reply | None:
        now = self.clock.now()
        if delivery.survey_state in OPEN_SURVEY_STATES and (
            delivery.expires_at is not None and now >= delivery.expires_at
        ):
            delivery.survey_state = SurveyState.EXPIRED.value
        if delivery.survey_state == SurveyState.EXPIRED.value:
            return Reply(toast=say("survey_expired", language))
        if delivery.survey_state not in OPEN_SURVEY_STATES:
            return Reply(toast=say("survey_closed", language))
        return None

    async def _advance(
        self,
        uow: UnitOfWork,
        customer: Customer,
        delivery: Delivery,
        template: Template,
        question: Question,
        given: Given,
        message_id: int | None,
    ) -> Reply | None:
        """Record ``given`` and move on; None when another tap got there first."""
        now = self.clock.now()
        before = await self.answers(uow, template, delivery.id)
        recorded = await record_answer(
            uow,
            delivery,
            template,
            before,
            question,
            given,
            self.scorer,
            now,
            reply_due=now + self.reply_lease,
        )
        if recorded is None:
            return None
        following, after = recorded.following, recorded.answers

        language = self.language_of(delivery, customer)
        assert customer.chat_id is not None
        messages: list[Outgoing] = []
        if message_id is not None:
            shown = await self.shown_text(uow, template, delivery, customer, question, before)
            display = answer_display(
                question,
                language,
                value_int=given.value_int,
                choice=given.choice,
                text=given.text,
                skipped=given.skipped,
            )
            messages.append(
                Outgoing(
                    chat_id=customer.chat_id,
                    text=answered_text(shown, display),
                    edit_message_id=message_id,
                )
            )
        if following is not None:
            messages.append(
                Outgoing(
                    chat_id=customer.chat_id,
                    text=question_text(following, language, after),
                    markup=question_keyboard(template, following, delivery.id, language),
                    track=QuestionShown(delivery.id, following.id),
                )
            )
        else:
            thanks = template.thanks_text(language, after)
            track = QuestionShown(delivery.id, None)
            messages.append(Outgoing(chat_id=customer.chat_id, text=thanks, track=track))
            if self.finished is not None:
                messages.extend(
                    await self.finished.survey_finished(uow, delivery, customer, language)
                )
        return Reply(messages=tuple(messages))
