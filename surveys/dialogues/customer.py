"""The customer's chat outside the linking steps: words typed, /stop, /status, /help, the
survey's buttons, /forget's confirmation, and the answers to "solved?" and "call me?".

Each method runs inside the update's transaction and returns the :class:`Reply` to send.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.intake import Intake
from surveys.conversation.catalog import TemplateCatalog
from surveys.conversation.owed import overdue, with_owed_reply
from surveys.conversation.progress import SurveyProgress
from surveys.conversation.recording import DELIVERY_AND_SENDER, arrived
from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.customers.accounts import Accounts, heard_from
from surveys.dialogues.complaint_customer import CustomerSide
from surveys.i18n import say
from surveys.outbox.states import SendStatus
from surveys.ports import (
    AnswerAction,
    CallMeAnswer,
    Clock,
    ForgetAction,
    Outgoing,
    Reply,
    Scorer,
    Sender,
    SkipAction,
    SolvedAnswer,
)
from surveys.staff.audit import Actor, record
from surveys.staff.roles import permissions
from surveys.storage.tables import Delivery
from surveys.storage.uow import UnitOfWork


class CustomerChat:
    def __init__(
        self,
        accounts: Accounts,
        progress: SurveyProgress,
        complaints: CustomerSide,
        intake: Intake,
        desk: ComplaintDesk,
        catalog: TemplateCatalog,
        scorer: Scorer,
        clock: Clock,
        expire_after: timedelta = timedelta(hours=72),
    ) -> None:
        self.expire_after = expire_after
        self.accounts = accounts
        self.progress = progress
        self.complaints = complaints
        self.intake = intake
        self.desk = desk
        self.catalog = catalog
        self.scorer = scorer
        self.clock = clock

    async def text(self, uow: UnitOfWork, sender: Sender, text: str) -> Reply:
        """Words typed: an answer to the open survey, or a complaint made unasked."""
        customer = await self.accounts.customer_of(uow, sender.user_id)
        if customer is None:
            if (await permissions(uow, sender.user_id)).is_staff:
                return await self.help(uow, sender)
            return self.accounts.not_linked(sender)
        delivery = await self.progress.open_delivery_of(uow, customer.id)
        if delivery is not None:
            await self._settle(uow, delivery)
            owed = overdue(delivery, self.clock.now())
            reply = await self.progress.on_text(uow, customer, delivery, text)
            return await with_owed_reply(self.progress, uow, delivery, owed, reply)
        language = self.accounts.language(sender, customer)
        complaint = await self.intake.additions.open_one(uow, customer.id, None)
        if complaint is not None and text.strip():
            # Their complaint is open: the words join it (never a second complaint).
            said = await self.intake.more_words(uow, customer, complaint, text, language)
            return Reply(messages=tuple(said))
        if text.strip() and self.scorer(text).label == "negative":
            # Customers who complain on their own must not fall through: ask, then act.
            return await self.complaints.ask_call_me(uow, sender, customer, text, language)
        return Reply.of(Outgoing(chat_id=sender.chat_id, text=say("no_open_survey", language)))

    async def stop(self, uow: UnitOfWork, sender: Sender) -> Reply:
        """Opt out; an unhappy survey left half-way still reaches a manager."""
        customer = await self.accounts.customer_of(uow, sender.user_id)
        open_survey = await self.progress.open_delivery_of(uow, customer.id) if customer else None
        reply = await self.accounts.stop(uow, sender)
        if customer is not None and open_survey is not None and open_survey.started_at:
            await self.intake.after_survey(
                uow, open_survey, customer, talk_to_customer=False, language="zh"
            )
        return reply

    async def help(self, uow: UnitOfWork, sender: Sender) -> Reply:
        """What the bot does; staff also read their own commands."""
        reply = await self.accounts.help(uow, sender)
        rights = await permissions(uow, sender.user_id)
        language = self.accounts.language(sender)
        if rights.shopper and not rights.is_staff:
            text = reply.messages[0].text + "\n\n" + say("help_shopper", language)
            return Reply.of(Outgoing(sender.chat_id, text))
        if not rights.is_staff:
            return reply
        text = reply.messages[0].text + "\n\n" + say("help_manager", language)
        if rights.admin:
            text += "\n\n" + say("help_admin", language)
        return Reply.of(Outgoing(sender.chat_id, text))

    async def status(self, uow: UnitOfWork, sender: Sender) -> Reply:
        """The customer's open complaint and open survey, if any."""
        customer = await self.accounts.customer_of(uow, sender.user_id)
        if customer is None:
            return self.accounts.not_linked(sender)
        language = self.accounts.language(sender, customer)
        lines: list[str] = []
        complaint_line = await self.complaints.status(uow, customer, language)
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

    async def forget(self, uow: UnitOfWork, sender: Sender, action: ForgetAction) -> Reply:
        customer = await self.accounts.customer_of(uow, sender.user_id)
        if action.confirm and customer is not None:
            # Open complaints end as withdrawn; their free text goes with the rest.
            await self.desk.withdraw(uow, customer.id, self.clock.now(), customer.chat_id)
        return await self.accounts.forget(uow, sender, action)

    async def answer(
        self,
        uow: UnitOfWork,
        sender: Sender,
        action: AnswerAction | SkipAction,
        message_id: int | None,
    ) -> Reply:
        """A tap on a survey's button: only the delivery's own customer may answer."""
        # The delivery and the sender's customer in one statement: answers are the hot path.
        found = (
            await uow.session.execute(
                DELIVERY_AND_SENDER, {"d_id": action.delivery_id, "user_id": sender.user_id}
            )
        ).first()
        if found is None:
            delivery, customer = None, await self.accounts.customer_of(uow, sender.user_id)
        else:
            delivery, customer = found[0], heard_from(found[1])
        if delivery is None or customer is None or delivery.customer_id != customer.id:
            await self._refused(uow, sender, "survey.answer", action.delivery_id)
            return Reply(toast=say("not_yours", self.accounts.language(sender, customer)))
        await self._settle(uow, delivery)
        owed = overdue(delivery, self.clock.now())
        reply = await self.progress.on_button(uow, customer, action, delivery, message_id)
        return await with_owed_reply(self.progress, uow, delivery, owed, reply)

    async def _settle(self, uow: UnitOfWork, delivery: Delivery) -> None:
        """Before an answer counts: an uncertain survey proves it arrived; one past its
        expiry closes the way the tick closes it (what was answered goes to the rules), and
        the customer hears it is closed."""
        now = self.clock.now()
        await arrived(uow, delivery, now, self.expire_after)
        late = delivery.expires_at is not None and now >= delivery.expires_at
        if not late or delivery.survey_state not in OPEN_SURVEY_STATES:
            return
        closed = await uow.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery.id, Delivery.survey_state.in_(OPEN_SURVEY_STATES))
            .values(survey_state=SurveyState.EXPIRED.value)
            .execution_options(synchronize_session=False)
        )
        await uow.session.refresh(delivery)
        if closed.rowcount == 1:  # type: ignore[attr-defined]
            await self.intake.finish_unanswered(uow, delivery)

    async def complaint_answer(
        self, uow: UnitOfWork, sender: Sender, action: SolvedAnswer | CallMeAnswer
    ) -> Reply:
        """The answer to "was it solved?" or to "would you like a manager to call you?"."""
        customer = await self.accounts.customer_of(uow, sender.user_id)
        language = self.accounts.language(sender, customer)
        if isinstance(action, SolvedAnswer):
            return await self.complaints.solved(uow, sender, customer, action, language)
        if customer is None:
            await self._refused(uow, sender, "complaint.clarify", action.delivery_id)
            return Reply(toast=say("not_yours", language))
        if action.delivery_id:
            delivery = await uow.session.get(Delivery, action.delivery_id)
            if delivery is None or delivery.customer_id != customer.id:
                await self._refused(uow, sender, "complaint.clarify", action.delivery_id)
                return Reply(toast=say("not_yours", language))
            messages = await self.intake.clarification(
                uow, delivery, customer, action.yes, language
            )
            if not messages:
                return Reply(toast=say("already_answered", language))
            return Reply(messages=tuple(messages), toast="✔")
        pending = await self.complaints.pending_message(uow, sender.user_id)
        if pending is None:
            return Reply(toast=say("stale_tap", language))
        await uow.session.delete(pending)
        if not action.yes:
            return Reply(
                messages=(Outgoing(sender.chat_id, say("call_me_declined", language)),), toast="✔"
            )
        messages = await self.intake.from_message(uow, customer, pending.payload or "", language)
        return Reply(messages=tuple(messages), toast="✔")

    async def _refused(self, uow: UnitOfWork, sender: Sender, action: str, delivery: int) -> None:
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.CUSTOMER,
            user_id=sender.user_id,
            action=action,
            object_type="delivery",
            object_id=delivery,
            allowed=False,
        )
