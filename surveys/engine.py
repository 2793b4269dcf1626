"""The survey engine: every inbound update of a customer becomes one domain call here.

Each call is one transaction that first records the update id (so a replayed
update changes nothing), then does its work, and returns a framework-neutral
:class:`~surveys.ports.Reply`. The caller sends the reply after the
transaction has committed: no transaction is held open across a Telegram call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.escalation import RuleSet, default_rules
from surveys.complaints.intake import Intake, RulesPolicy
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.states import OPEN_SURVEY_STATES
from surveys.customers.accounts import Accounts
from surveys.customers.linking import LinkTokens
from surveys.dialogues.admin import ADMIN_COMMANDS, Admin, AdminConfig, FetchFile
from surveys.dialogues.complaint_customer import CustomerSide
from surveys.dialogues.manager import ManagerChat
from surveys.dialogues.staff import StaffChat
from surveys.dialogues.stats import DEFAULT_PERIOD, PERIODS, StatsChat, StatsRequest
from surveys.i18n import say
from surveys.outbox.states import SendStatus
from surveys.ports import (
    DUPLICATE,
    Action,
    AnswerAction,
    CallMeAnswer,
    Clock,
    ComplaintButton,
    ForgetAction,
    Inbound,
    LanguageAction,
    Outgoing,
    QuestionShown,
    Reply,
    ResumeAction,
    Scorer,
    Sender,
    SkipAction,
    SolvedAnswer,
    StatsAction,
    WaveControlAction,
    WizardAction,
)
from surveys.staff.audit import Actor, record
from surveys.staff.roles import permissions
from surveys.storage.database import Database
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Customer, Delivery, ProcessedUpdate
from surveys.storage.uow import UnitOfWork
from surveys.waves.service import AudienceRules


@dataclass(frozen=True, slots=True)
class EngineConfig:
    timezone: ZoneInfo
    default_language: str = "zh"
    default_region: str = "CN"
    text_limit: int = 2000
    keep_update_ids: timedelta = timedelta(days=7)
    close_after: timedelta = timedelta(hours=72)


Step = Callable[[UnitOfWork], Awaitable[Reply]]


class SurveyEngine:
    def __init__(
        self,
        db: Database,
        catalog: TemplateCatalog,
        clock: Clock,
        scorer: Scorer,
        links: LinkTokens,
        config: EngineConfig,
        rules: AudienceRules | None = None,
        escalation: RuleSet | None = None,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.config = config
        self.accounts = Accounts(clock, links, config.default_language, config.default_region)
        self.progress = SurveyProgress(catalog, clock, scorer, config.timezone, config.text_limit)
        self.admin = Admin(
            db,
            catalog,
            clock,
            rules or AudienceRules(zone=config.timezone, default_language=config.default_language),
            AdminConfig(config.default_language, config.default_region),
        )
        self.scorer = scorer
        self.escalation = escalation or default_rules(config.timezone)
        self.desk = ComplaintDesk(RulesPolicy(self.escalation), config.close_after)
        self.customers = CustomerSide(self.desk, clock, config.timezone)
        self.managers = ManagerChat(self.desk, clock, config.timezone, config.default_language)
        self.intake = Intake(self.escalation, self.desk, self.customers, catalog, scorer, clock)
        self.staff = StaffChat(self.desk, clock, config.default_language)
        self.stats = StatsChat(db, clock, config.timezone, config.default_language)
        self.progress.on_finished = self._survey_finished

    async def _survey_finished(
        self, uow: UnitOfWork, delivery: Delivery, customer: Customer, language: str
    ) -> list[Outgoing]:
        return await self.intake.after_survey(
            uow, delivery, customer, talk_to_customer=True, language=language
        )

    async def _once(self, inbound: Inbound, step: Step) -> Reply:
        """Run ``step`` in one transaction, unless this update was already handled."""
        async with UnitOfWork(self.db) as uow:
            claimed = await uow.session.execute(
                insert_ignore(
                    uow.dialect,
                    ProcessedUpdate.__table__,  # type: ignore[arg-type]
                    ["update_id"],
                    {"update_id": inbound.update_id, "processed_at": self.clock.now()},
                )
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return DUPLICATE
            return await step(uow)

    # ------------------------------------------------------------ entry points

    async def on_start(self, inbound: Inbound, payload: str | None) -> Reply:
        return await self._once(
            inbound, lambda uow: self.accounts.start(uow, inbound.sender, payload)
        )

    async def on_contact(self, inbound: Inbound, phone: str, contact_user_id: int | None) -> Reply:
        return await self._once(
            inbound,
            lambda uow: self.accounts.contact(uow, inbound.sender, phone, contact_user_id),
        )

    async def on_command(self, inbound: Inbound, command: str, args: str | None = None) -> Reply:
        """Customer commands (/stop, /language, /forget, /status, /help) and the admins' ones;
        anything else gets the help text."""
        sender = inbound.sender
        if command in ADMIN_COMMANDS:
            return await self._once(
                inbound, lambda uow: self.admin.command(uow, sender, command, args)
            )
        if command in ("stats", "export"):
            return await self._report(inbound, command, args)
        if command == "staff":
            return await self._once(inbound, lambda uow: self.staff.command(uow, sender, args))
        if command == "queue":
            return await self._once(inbound, lambda uow: self.managers.queue(uow, sender))
        if command == "complaint":
            return await self._once(inbound, lambda uow: self.managers.complaint(uow, sender, args))
        handlers: dict[str, Step] = {
            "stop": lambda uow: self._stop(uow, sender),
            "language": lambda uow: self.accounts.language_prompt(uow, sender),
            "forget": lambda uow: self.accounts.forget_prompt(uow, sender),
            "status": lambda uow: self._status(uow, inbound),
        }
        step = handlers.get(command, lambda uow: self._help(uow, sender))
        return await self._once(inbound, step)

    async def on_document(self, inbound: Inbound, file_name: str, fetch: FetchFile) -> Reply:
        """A file sent to the bot: admins import it; anyone else is refused (and audited)."""
        refused = await self._once(
            inbound,
            lambda uow: self._document_gate(uow, inbound.sender, file_name),
        )
        if refused.duplicate or refused.messages:
            return refused
        return await self.admin.import_file(inbound.sender, file_name, fetch)

    async def on_text(self, inbound: Inbound, text: str) -> Reply:
        return await self._once(inbound, lambda uow: self._text(uow, inbound, text))

    async def _report(self, inbound: Inbound, what: str, args: str | None) -> Reply:
        """Reports are read and drawn after the update's short transaction, not inside it."""
        sender = inbound.sender
        gate = await self._once(
            inbound,
            lambda uow: self._report_gate(uow, sender, f"report.{what}"),
        )
        if gate.duplicate or gate.messages:
            return gate
        if what == "export":
            return await self.stats.export(sender, args)
        period = (args or "").strip()
        return await self.stats.stats(
            sender, StatsRequest(period if period in PERIODS else DEFAULT_PERIOD, "b")
        )

    async def _report_action(self, inbound: Inbound, action: StatsAction) -> Reply:
        sender = inbound.sender
        gate = await self._once(inbound, lambda uow: self._report_gate(uow, sender, "report.stats"))
        if gate.duplicate:
            return gate
        if gate.messages:
            return Reply(toast=gate.messages[0].text, alert=True)
        return await self.stats.stats(sender, StatsRequest(action.period, action.compare))

    async def _report_gate(self, uow: UnitOfWork, sender: Sender, action: str) -> Reply:
        refusal = await self.stats.gate(uow, sender, action)
        return refusal if refusal is not None else Reply()

    async def on_action(self, inbound: Inbound, action: Action, message_id: int | None) -> Reply:
        if isinstance(action, StatsAction):
            return await self._report_action(inbound, action)
        return await self._once(inbound, lambda uow: self._action(uow, inbound, action, message_id))

    async def note_shown(self, track: QuestionShown, message_id: int) -> None:
        """Remember which message shows the current question (to edit it later)."""
        async with UnitOfWork(self.db) as uow:
            await self.progress.note_shown(uow, track, message_id)

    async def mark_unreachable(self, chat_id: int, reason: str) -> None:
        """The customer blocked the bot or vanished: no wave will try them again."""
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Customer)
                .where(Customer.chat_id == chat_id)
                .values(unreachable=True, unreachable_reason=reason[:32])
            )

    async def forget_old_updates(self) -> int:
        """Drop update ids older than Telegram would ever redeliver."""
        cutoff = self.clock.now() - self.config.keep_update_ids
        async with UnitOfWork(self.db) as uow:
            result = await uow.session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    async def opening(self, uow: UnitOfWork, delivery: Delivery) -> Outgoing | None:
        """The first message of a survey, or None when its customer can no longer get it."""
        customer = await uow.session.get(Customer, delivery.customer_id)
        if customer is None or customer.chat_id is None or customer.opted_out:
            return None
        return await self.progress.opening(uow, delivery, customer)

    async def reminder(self, uow: UnitOfWork, delivery: Delivery) -> Outgoing | None:
        """A nudge that shows the open question again, or None when it would reach nobody."""
        customer = await uow.session.get(Customer, delivery.customer_id)
        if customer is None or customer.chat_id is None or customer.opted_out:
            return None
        return await self.progress.reminder(uow, delivery, customer)

    # -------------------------------------------------------------- internals

    async def _text(self, uow: UnitOfWork, inbound: Inbound, text: str) -> Reply:
        sender = inbound.sender
        pending = await self.managers.pending_for(uow, sender.user_id)
        if pending is not None and pending.kind == "resolution_note":
            return await self.managers.note_typed(uow, sender, pending, text)
        customer = await self.accounts.customer_of(uow, sender.user_id)
        if customer is None:
            if (await permissions(uow, sender.user_id)).is_staff:
                return await self._help(uow, sender)
            return self.accounts.not_linked(sender)
        delivery = await self.progress.open_delivery_of(uow, customer.id)
        if delivery is not None:
            return await self.progress.on_text(uow, customer, delivery, text)
        language = self.accounts.language(sender, customer)
        if text.strip() and self.scorer(text).label == "negative":
            # Customers who complain on their own must not fall through: ask, then act.
            return await self.customers.ask_call_me(uow, sender, customer, text, language)
        return Reply.of(Outgoing(chat_id=sender.chat_id, text=say("no_open_survey", language)))

    async def _stop(self, uow: UnitOfWork, sender: Sender) -> Reply:
        """Opt out; an unhappy survey left half-way still reaches a manager."""
        customer = await self.accounts.customer_of(uow, sender.user_id)
        open_survey = await self.progress.open_delivery_of(uow, customer.id) if customer else None
        reply = await self.accounts.stop(uow, sender)
        if customer is not None and open_survey is not None and open_survey.started_at:
            await self.intake.after_survey(
                uow, open_survey, customer, talk_to_customer=False, language="zh"
            )
        return reply

    async def finish_unanswered(self, uow: UnitOfWork, delivery: Delivery) -> None:
        """A survey expired with some answers: let the rules look at what there is."""
        customer = await uow.session.get(Customer, delivery.customer_id)
        if customer is not None and delivery.started_at is not None:
            await self.intake.after_survey(
                uow, delivery, customer, talk_to_customer=False, language=delivery.language
            )

    async def _document_gate(self, uow: UnitOfWork, sender: Sender, file_name: str) -> Reply:
        refusal = await self.admin.document(uow, sender, file_name)
        return refusal if refusal is not None else Reply()

    async def _help(self, uow: UnitOfWork, sender: Sender) -> Reply:
        reply = await self.accounts.help(uow, sender)
        rights = await permissions(uow, sender.user_id)
        if not rights.is_staff:
            return reply
        language = self.accounts.language(sender)
        text = reply.messages[0].text + "\n\n" + say("help_manager", language)
        if rights.admin:
            text += "\n\n" + say("help_admin", language)
        return Reply.of(Outgoing(sender.chat_id, text))

    async def _action(
        self, uow: UnitOfWork, inbound: Inbound, action: Action, message_id: int | None
    ) -> Reply:
        sender = inbound.sender
        if isinstance(action, WizardAction):
            return await self.admin.wizard(uow, sender, action, message_id)
        if isinstance(action, WaveControlAction):
            return await self.admin.control(uow, sender, action, message_id)
        if isinstance(action, ComplaintButton):
            return await self.managers.button(uow, sender, action, message_id)
        if isinstance(action, SolvedAnswer | CallMeAnswer):
            return await self._customer_answer(uow, sender, action)
        if isinstance(action, LanguageAction):
            return await self.accounts.set_language(uow, sender, action)
        if isinstance(action, ForgetAction):
            customer = await self.accounts.customer_of(uow, sender.user_id)
            if action.confirm and customer is not None:
                # Open complaints end as withdrawn; their free text goes with the rest.
                await self.desk.withdraw(uow, customer.id, self.clock.now())
            return await self.accounts.forget(uow, sender, action)
        if isinstance(action, ResumeAction):
            return await self.accounts.resume(uow, sender, action)
        assert isinstance(action, AnswerAction | SkipAction)
        delivery = await uow.session.get(Delivery, action.delivery_id)
        customer = await self.accounts.customer_of(uow, sender.user_id)
        if delivery is None or customer is None or delivery.customer_id != customer.id:
            await record(
                uow,
                at=self.clock.now(),
                actor=Actor.CUSTOMER,
                user_id=sender.user_id,
                action="survey.answer",
                object_type="delivery",
                object_id=action.delivery_id,
                allowed=False,
            )
            return Reply(toast=say("not_yours", self.accounts.language(sender, customer)))
        return await self.progress.on_button(uow, customer, action, delivery, message_id)

    async def _customer_answer(
        self, uow: UnitOfWork, sender: Sender, action: SolvedAnswer | CallMeAnswer
    ) -> Reply:
        customer = await self.accounts.customer_of(uow, sender.user_id)
        language = self.accounts.language(sender, customer)
        if isinstance(action, SolvedAnswer):
            return await self.customers.solved(uow, sender, customer, action, language)
        if customer is None:
            return Reply(toast=say("not_yours", language))
        if action.delivery_id:
            delivery = await uow.session.get(Delivery, action.delivery_id)
            if delivery is None or delivery.customer_id != customer.id:
                await record(
                    uow,
                    at=self.clock.now(),
                    actor=Actor.CUSTOMER,
                    user_id=sender.user_id,
                    action="complaint.clarify",
                    object_type="delivery",
                    object_id=action.delivery_id,
                    allowed=False,
                )
                return Reply(toast=say("not_yours", language))
            messages = await self.intake.clarification(
                uow, delivery, customer, action.yes, language
            )
            if not messages:
                return Reply(toast=say("already_answered", language))
            return Reply(messages=tuple(messages), toast="✔")
        pending = await self.customers.pending_message(uow, sender.user_id)
        if pending is None:
            return Reply(toast=say("stale_tap", language))
        await uow.session.delete(pending)
        if not action.yes:
            return Reply(
                messages=(Outgoing(sender.chat_id, say("call_me_declined", language)),), toast="✔"
            )
        messages = await self.intake.from_message(uow, customer, pending.payload or "", language)
        return Reply(messages=tuple(messages), toast="✔")

    async def _status(self, uow: UnitOfWork, inbound: Inbound) -> Reply:
        sender = inbound.sender
        customer = await self.accounts.customer_of(uow, sender.user_id)
        if customer is None:
            return self.accounts.not_linked(sender)
        language = self.accounts.language(sender, customer)
        lines: list[str] = []
        complaint_line = await self.customers.status(uow, customer, language)
        if complaint_line:
            lines.append(complaint_line)
        open_survey = (
            await uow.session.execute(
                select(Delivery.template_id)
                .where(
                    Delivery.customer_id == customer.id,
                    Delivery.status == SendStatus.SENT.value,
                    Delivery.survey_state.in_(OPEN_SURVEY_STATES),
                )
                .limit(1)
            )
        ).scalar_one_or_none()
        if open_survey is not None:
            template = await self.catalog.get(uow, open_survey)
            lines.append(say("status_survey", language, what=template.title.get(language)))
        text = "\n\n".join(lines) or say("status_none", language)
        return Reply.of(Outgoing(chat_id=sender.chat_id, text=text))
