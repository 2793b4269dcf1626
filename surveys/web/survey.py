"""A survey answered on a page: one question per screen, the chat's templates and words.

Every call takes the delivery a link opened and runs inside the request's transaction.
Answers go through the same compare-and-set as the chat (:mod:`surveys.web.answering`),
a finished survey goes to the same intake, and the last page says what the chat says:
thanks, and to an unhappy customer who will call and by when. "Stop" is the chat's
/stop. The token is spent when the survey closes, so a link answers one survey once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from surveys.complaints.escalation import clarify_question, evaluate
from surveys.complaints.intake import CALL_ME, Intake
from surveys.conversation.answers import Comment, Given, given_from_button, given_from_text
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.comments import keep_comment
from surveys.conversation.definitions import QuestionType, Template
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.rendering import intro_text, question_keyboard, question_text
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.i18n import say
from surveys.i18n.texts import supported
from surveys.ports import AnswerAction, Clock, Scorer
from surveys.storage.tables import Answer, Complaint, Customer, Delivery
from surveys.storage.uow import UnitOfWork
from surveys.web.answering import record, take_back


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class SurveyPage:
    """What one screen shows. ``kind``: question, clarify, done, stopped or expired."""

    kind: str
    language: str
    title: str
    lines: tuple[str, ...] = ()
    question_id: str = ""
    choices: tuple[Choice, ...] = ()
    free_text: bool = False
    number: int = 0
    total: int = 0
    can_back: bool = False
    notice: str = ""

    @property
    def percent(self) -> int:
        return round(100 * (self.number - 1) / self.total) if self.total else 100


@dataclass(frozen=True, slots=True)
class Submitted:
    """A form as posted: the question it answers and a button value, words or a skip."""

    question_id: str
    value: int | None = None
    text: str | None = None
    skip: bool = False


class WebSurvey:
    def __init__(
        self,
        catalog: TemplateCatalog,
        progress: SurveyProgress,
        intake: Intake,
        scorer: Scorer,
        clock: Clock,
        zone: ZoneInfo,
        text_limit: int = 2000,
    ) -> None:
        self.catalog = catalog
        self.progress = progress
        self.intake = intake
        self.scorer = scorer
        self.clock = clock
        self.zone = zone
        self.text_limit = text_limit

    async def _parts(self, uow: UnitOfWork, delivery: Delivery) -> tuple[Customer, Template]:
        customer = await uow.session.get(Customer, delivery.customer_id)
        assert customer is not None
        return customer, await self.catalog.get(uow, delivery.template_id)

    # ----------------------------------------------------------------- showing

    async def page(self, uow: UnitOfWork, delivery: Delivery, notice: str = "") -> SurveyPage:
        customer, template = await self._parts(uow, delivery)
        language = self.progress.language_of(delivery, customer)
        title = template.title.get(language)
        now = self.clock.now()
        if delivery.survey_state in OPEN_SURVEY_STATES and (
            delivery.expires_at is not None and now >= delivery.expires_at
        ):
            return SurveyPage("expired", language, title, (say("survey_expired", language),))
        if delivery.survey_state == SurveyState.STOPPED.value:
            return SurveyPage("stopped", language, title, (say("web_stopped", language),))
        if delivery.survey_state == SurveyState.EXPIRED.value:
            return SurveyPage("expired", language, title, (say("survey_expired", language),))
        answers = await self.progress.answers(uow, template, delivery.id)
        if delivery.survey_state == SurveyState.COMPLETED.value:
            return await self._closing(uow, delivery, customer, template, language, notice)
        question = (
            template.question(delivery.current_question)
            if delivery.current_question
            else template.next_question(answers)
        )
        assert question is not None
        lines = []
        first = template.next_question({})
        if first is not None and first.id == question.id:
            facts = await self.progress.facts(uow, delivery, customer)
            lines.append(intro_text(template, language, facts, self.zone))
        lines.extend(question_text(question, language, answers).split("\n"))
        keyboard = question_keyboard(template, question, delivery.id, language)
        choices = tuple(
            Choice(button.label, button.action.value)
            for row in keyboard.rows
            for button in row
            if isinstance(button.action, AnswerAction)
        )
        return SurveyPage(
            "question",
            language,
            title,
            tuple(lines),
            question_id=question.id,
            choices=choices,
            free_text=question.type is QuestionType.TEXT,
            number=template.index_of(question.id) + 1,
            total=len(template.questions),
            can_back=bool(answers),
            notice=notice,
        )

    async def _closing(
        self,
        uow: UnitOfWork,
        delivery: Delivery,
        customer: Customer,
        template: Template,
        language: str,
        notice: str,
    ) -> SurveyPage:
        """The last page: thanks, the clarifying question if the rules need one, and who
        will call when a complaint was opened."""
        answers = await self.progress.answers(uow, template, delivery.id)
        lines = [template.thanks_text(language, answers)]
        complaint = (
            await uow.session.execute(select(Complaint).where(Complaint.delivery_id == delivery.id))
        ).scalar_one_or_none()
        if complaint is not None:
            lines.append(await self.intake.notes.will_call(uow, complaint, language))
            return SurveyPage("done", language, template.title.get(language), tuple(lines))
        verdict = evaluate(self.intake.rules, await self.intake.evidence(uow, delivery, template))
        asked = (
            await uow.session.execute(
                select(Answer.id).where(
                    Answer.delivery_id == delivery.id, Answer.question_id == CALL_ME
                )
            )
        ).first()
        if verdict.contradiction is not None and asked is None:
            lines.append(clarify_question(verdict.contradiction, language))
            choices = (
                Choice(say("call_me_yes", language), 1),
                Choice(say("call_me_no", language), 0),
            )
            return SurveyPage(
                "clarify",
                language,
                template.title.get(language),
                tuple(lines),
                question_id=CALL_ME,
                choices=choices,
                notice=notice,
            )
        return SurveyPage("done", language, template.title.get(language), tuple(lines))

    # --------------------------------------------------------------- answering

    async def answer(self, uow: UnitOfWork, delivery: Delivery, form: Submitted) -> SurveyPage:
        """Take one posted answer and show what comes next (or why it was not taken)."""
        customer, template = await self._parts(uow, delivery)
        language = self.progress.language_of(delivery, customer)
        now = self.clock.now()
        if form.question_id == CALL_ME and delivery.survey_state == SurveyState.COMPLETED.value:
            if form.value in (0, 1):
                await self.intake.clarification(uow, delivery, customer, bool(form.value), language)
            return await self.page(uow, delivery)
        current = await self.page(uow, delivery)
        if current.kind != "question":
            return current
        if form.question_id != current.question_id:
            return await self.page(uow, delivery, say("already_answered", language))
        question = template.question(form.question_id)
        given: Given | Comment | str | None
        if form.skip:
            given = Given(skipped=True)
        elif form.value is not None:
            given = given_from_button(question, form.value)
        elif form.text is not None:
            given = given_from_text(question, form.text, language, self.text_limit)
        else:
            given = None
        if given is None:
            return await self.page(uow, delivery, say("stale_tap", language))
        if isinstance(given, str):
            return await self.page(uow, delivery, given)
        if isinstance(given, Comment):  # words instead of a score: kept, the score asked again
            await keep_comment(
                uow, self.scorer, delivery.id, question, given.text, now, self.text_limit
            )
            low, high = question.min_value, question.max_value
            return await self.page(
                uow, delivery, say("score_for_comment", language, low=low, high=high)
            )
        answers = await self.progress.answers(uow, template, delivery.id)
        moved = await record(uow, delivery, template, answers, question, given, self.scorer, now)
        if moved is False:
            return await self.page(uow, delivery, say("already_answered", language))
        if moved is None:
            await self.intake.after_survey(
                uow, delivery, customer, talk_to_customer=False, language=language
            )
        return await self.page(uow, delivery)

    async def back(self, uow: UnitOfWork, delivery: Delivery) -> SurveyPage:
        if delivery.survey_state in OPEN_SURVEY_STATES:
            _, template = await self._parts(uow, delivery)
            await take_back(uow, delivery, template)
        return await self.page(uow, delivery)

    async def stop(self, uow: UnitOfWork, delivery: Delivery, now: datetime) -> SurveyPage:
        """The chat's /stop: no more surveys; what was answered still reaches a manager."""
        customer, _ = await self._parts(uow, delivery)
        started = delivery.started_at is not None and delivery.survey_state in OPEN_SURVEY_STATES
        customer.opted_out = True
        customer.opted_out_at = now
        customer.updated_at = now
        await uow.session.execute(
            update(Delivery)
            .where(
                Delivery.customer_id == customer.id,
                Delivery.survey_state.in_(OPEN_SURVEY_STATES),
            )
            .values(survey_state=SurveyState.STOPPED.value)
            .execution_options(synchronize_session=False)
        )
        await uow.session.refresh(delivery, ["survey_state"])
        if started:
            await self.intake.after_survey(
                uow, delivery, customer, talk_to_customer=False, language=delivery.language
            )
        shown = await self.page(uow, delivery)
        return SurveyPage(
            "stopped", shown.language, shown.title, (say("web_stopped", shown.language),)
        )

    async def choose_language(self, uow: UnitOfWork, delivery: Delivery, language: str) -> None:
        """The switch on every page: the customer's language, for the chat too."""
        chosen = supported(language)
        if chosen is None:
            return
        customer, _ = await self._parts(uow, delivery)
        customer.language = chosen
        customer.updated_at = self.clock.now()
