"""The customer's side of the chat outside a survey: linking, opting out, language, erasure."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, update

from surveys.conversation.states import OPEN_SURVEY_STATES, SurveyState
from surveys.customers.erasure import erase_customer
from surveys.customers.linking import LinkTokens
from surveys.customers.phones import InvalidPhone, normalize_contact_phone
from surveys.i18n import SUPPORTED, name_of, pick_language, say
from surveys.ports import (
    Button,
    Clock,
    ContactRequest,
    ForgetAction,
    InlineKeyboard,
    LanguageAction,
    Markup,
    Outgoing,
    Priority,
    RemoveReplyKeyboard,
    Reply,
    ResumeAction,
    Sender,
)
from surveys.staff.audit import Actor, record
from surveys.storage.tables import Customer, Delivery, Event
from surveys.storage.uow import UnitOfWork


class Accounts:
    def __init__(
        self,
        clock: Clock,
        links: LinkTokens,
        default_language: str,
        default_region: str,
        forget_caches: Callable[[], None] | None = None,
    ) -> None:
        self.clock = clock
        self.links = links
        self.default_language = default_language
        self.default_region = default_region
        self.forget_caches = forget_caches

    # ----------------------------------------------------------------- helpers

    async def customer_of(self, uow: UnitOfWork, user_id: int) -> Customer | None:
        """The customer linked to this Telegram user, as they write to us.

        Whoever writes to us has not blocked us (any more): a customer marked unreachable
        is reachable again (written with the update's transaction, no extra statement).
        """
        customer = (
            await uow.session.execute(select(Customer).where(Customer.telegram_user_id == user_id))
        ).scalar_one_or_none()
        return heard_from(customer)

    def language(self, sender: Sender, customer: Customer | None = None) -> str:
        chosen = customer.language if customer else None
        return pick_language(chosen, sender.language_code, default=self.default_language)

    def _to(self, sender: Sender, text: str, markup: Markup | None = None) -> Outgoing:
        return Outgoing(chat_id=sender.chat_id, text=text, markup=markup)

    def unlinked_welcome(self, sender: Sender) -> Reply:
        language = self.language(sender)
        return Reply.of(
            self._to(
                sender,
                say("welcome_unlinked", language),
                ContactRequest(say("share_phone_button", language)),
            )
        )

    def not_linked(self, sender: Sender) -> Reply:
        language = self.language(sender)
        return Reply.of(
            self._to(
                sender,
                say("not_linked_text", language),
                ContactRequest(say("share_phone_button", language)),
            )
        )

    # ----------------------------------------------------------------- linking

    async def start(self, uow: UnitOfWork, sender: Sender, payload: str | None) -> Reply:
        current = await self.customer_of(uow, sender.user_id)
        if not payload:
            if current is None:
                return self.unlinked_welcome(sender)
            return self._opted_out_or_linked(sender, current)
        claim = self.links.claim(payload)
        if claim is None:
            await self._audit(uow, sender, "customer.link", None, allowed=False)
            language = self.language(sender, current)
            return Reply.of(
                self._to(
                    sender,
                    say("link_invalid", language),
                    ContactRequest(say("share_phone_button", language)),
                )
            )
        target = (
            await uow.session.execute(
                select(Customer).where(Customer.external_id == claim.customer_id)
            )
        ).scalar_one_or_none()
        if (
            target is None
            or target.forgotten_at is not None
            or target.link_version != claim.version
        ):
            # Unknown, forgotten, or a token revoked with ``surveybot link --revoke``.
            await self._audit(uow, sender, "customer.link", None, allowed=False)
            return Reply.of(self._to(sender, say("link_invalid", self.language(sender, current))))
        return await self._link(uow, sender, target, current, via="deep_link")

    async def contact(
        self, uow: UnitOfWork, sender: Sender, phone: str, contact_user_id: int | None
    ) -> Reply:
        current = await self.customer_of(uow, sender.user_id)
        language = self.language(sender, current)
        if contact_user_id != sender.user_id:
            await self._audit(uow, sender, "customer.link_contact", None, allowed=False)
            return Reply.of(
                self._to(
                    sender,
                    say("contact_not_own", language),
                    ContactRequest(say("share_phone_button", language)),
                )
            )
        try:
            e164 = normalize_contact_phone(phone, self.default_region)
        except InvalidPhone:
            return Reply.of(self._to(sender, say("phone_not_found", language)))
        matches = (
            (
                await uow.session.execute(
                    select(Customer)
                    .where(Customer.phone == e164, Customer.forgotten_at.is_(None))
                    .order_by(Customer.telegram_user_id.is_(None).desc(), Customer.id.desc())
                )
            )
            .scalars()
            .all()
        )
        if not matches:
            await self._audit(uow, sender, "customer.link_contact", None, allowed=False)
            return Reply.of(self._to(sender, say("phone_not_found", language)))
        mine = next((c for c in matches if c.telegram_user_id == sender.user_id), None)
        target = mine or await self._latest_visited(uow, [c for c in matches])
        return await self._link(uow, sender, target, current, via="contact")

    async def _latest_visited(self, uow: UnitOfWork, candidates: list[Customer]) -> Customer:
        """Of several customers sharing a phone number, the free one seen most recently."""
        free = [c for c in candidates if c.telegram_user_id is None] or candidates
        if len(free) == 1:
            return free[0]
        latest = (
            await uow.session.execute(
                select(Event.customer_id, func.max(Event.occurred_at))
                .where(Event.customer_id.in_([c.id for c in free]))
                .group_by(Event.customer_id)
            )
        ).all()
        order = {customer_id: when for customer_id, when in latest}
        return max(free, key=lambda c: (order.get(c.id) is not None, order.get(c.id), c.id))

    async def _link(
        self,
        uow: UnitOfWork,
        sender: Sender,
        target: Customer,
        current: Customer | None,
        *,
        via: str,
    ) -> Reply:
        language = self.language(sender, target)
        action = f"customer.link_{via}"
        if current is not None and current.id == target.id:
            current.chat_id = sender.chat_id
            return self._opted_out_or_linked(sender, current)
        if current is not None:
            await self._audit(uow, sender, action, target.id, allowed=False)
            return Reply.of(self._to(sender, say("chat_taken", language), RemoveReplyKeyboard()))
        told: list[Outgoing] = []
        if target.telegram_user_id is not None and target.telegram_user_id != sender.user_id:
            if via != "contact" or target.linked_via == "contact":
                await self._audit(uow, sender, action, target.id, allowed=False)
                return Reply.of(
                    self._to(sender, say("link_taken", language), RemoveReplyKeyboard())
                )
            # Telegram vouches that this is the phone on file: the owner wins over whoever
            # opened a deep link first, and that chat is told.
            if target.chat_id is not None:
                moved = say("link_moved", language)
                told.append(Outgoing(target.chat_id, moved, priority=Priority.NOTICE))
            target.telegram_user_id = None
            await uow.session.flush()
            action = "customer.relink_contact"
        now = self.clock.now()
        target.telegram_user_id = sender.user_id
        target.chat_id = sender.chat_id
        target.linked_at = now
        target.linked_via = via
        target.updated_at = now
        if target.language is None:
            target.language = pick_language(sender.language_code, default=self.default_language)
            language = target.language
        await self._audit(uow, sender, action, target.id)
        greeting = (
            say("linked", language, name=target.name)
            if target.name
            else say("linked_anonymous", language)
        )
        welcome = self._to(
            sender, f"{greeting}\n\n{say('consent', language)}", RemoveReplyKeyboard()
        )
        return Reply(messages=(welcome, *told))

    def _opted_out_or_linked(self, sender: Sender, customer: Customer) -> Reply:
        language = self.language(sender, customer)
        if customer.opted_out:
            return Reply.of(
                self._to(sender, say("already_stopped", language), self._resume(language))
            )
        return Reply.of(self._to(sender, say("already_linked", language), RemoveReplyKeyboard()))

    # ------------------------------------------------------------- preferences

    @staticmethod
    def _resume(language: str) -> InlineKeyboard:
        return InlineKeyboard(((Button(say("resume_button", language), ResumeAction()),),))

    async def stop(self, uow: UnitOfWork, sender: Sender) -> Reply:
        customer = await self.customer_of(uow, sender.user_id)
        if customer is None:
            return self.not_linked(sender)
        language = self.language(sender, customer)
        if customer.opted_out:
            return Reply.of(
                self._to(sender, say("already_stopped", language), self._resume(language))
            )
        now = self.clock.now()
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
        )
        await self._audit(uow, sender, "customer.opt_out", customer.id)
        return Reply.of(self._to(sender, say("stopped", language), self._resume(language)))

    async def resume(self, uow: UnitOfWork, sender: Sender, _action: ResumeAction) -> Reply:
        customer = await self.customer_of(uow, sender.user_id)
        if customer is None:
            return self.not_linked(sender)
        language = self.language(sender, customer)
        if customer.opted_out:
            customer.opted_out = False
            customer.opted_out_at = None
            customer.updated_at = self.clock.now()
            await self._audit(uow, sender, "customer.opt_in", customer.id)
        return Reply(messages=(self._to(sender, say("resumed", language)),), toast="✔")

    async def language_prompt(self, uow: UnitOfWork, sender: Sender) -> Reply:
        customer = await self.customer_of(uow, sender.user_id)
        language = self.language(sender, customer)
        buttons = tuple(
            Button(name_of("language", code, code), LanguageAction(code)) for code in SUPPORTED
        )
        return Reply.of(
            self._to(sender, say("language_prompt", language), InlineKeyboard((buttons,)))
        )

    async def set_language(self, uow: UnitOfWork, sender: Sender, action: LanguageAction) -> Reply:
        if action.language not in SUPPORTED:
            return Reply(toast=say("stale_tap", self.language(sender)))
        customer = await self.customer_of(uow, sender.user_id)
        if customer is not None:
            customer.language = action.language
            customer.updated_at = self.clock.now()
        return Reply(messages=(self._to(sender, say("language_set", action.language)),), toast="✔")

    # ----------------------------------------------------------------- erasure

    async def forget_prompt(self, uow: UnitOfWork, sender: Sender) -> Reply:
        customer = await self.customer_of(uow, sender.user_id)
        language = self.language(sender, customer)
        if customer is None:
            return Reply.of(self._to(sender, say("forget_nothing", language)))
        keyboard = InlineKeyboard(
            (
                (
                    Button(say("forget_yes", language), ForgetAction(confirm=True)),
                    Button(say("forget_no", language), ForgetAction(confirm=False)),
                ),
            )
        )
        return Reply.of(self._to(sender, say("forget_prompt", language), keyboard))

    async def forget(self, uow: UnitOfWork, sender: Sender, action: ForgetAction) -> Reply:
        customer = await self.customer_of(uow, sender.user_id)
        language = self.language(sender, customer)
        if not action.confirm:
            return Reply(messages=(self._to(sender, say("forget_cancelled", language)),), toast="✔")
        if customer is None:
            return Reply(messages=(self._to(sender, say("forget_nothing", language)),), toast="✔")
        await self.erase(uow, customer)
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.CUSTOMER,
            action="customer.forget",
            object_type="customer",
            object_id=customer.id,
        )
        return Reply(
            messages=(self._to(sender, say("forgotten", language), RemoveReplyKeyboard()),),
            toast="✔",
        )

    async def erase(self, uow: UnitOfWork, customer: Customer) -> None:
        """Erase personal data and free text; keep anonymous scores for the statistics."""
        user_id = customer.telegram_user_id
        actor_key = self.links.pseudonym(user_id) if user_id is not None else None
        await erase_customer(uow, customer, self.clock.now(), actor_key)
        if self.forget_caches is not None:
            self.forget_caches()

    # ------------------------------------------------------------------- misc

    async def help(self, uow: UnitOfWork, sender: Sender) -> Reply:
        customer = await self.customer_of(uow, sender.user_id)
        return Reply.of(self._to(sender, say("help", self.language(sender, customer))))

    async def _audit(
        self,
        uow: UnitOfWork,
        sender: Sender,
        action: str,
        customer_id: int | None,
        *,
        allowed: bool = True,
    ) -> None:
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.CUSTOMER,
            user_id=sender.user_id,
            action=action,
            object_type="customer" if customer_id is not None else None,
            object_id=customer_id,
            allowed=allowed,
        )


def heard_from(customer: Customer | None) -> Customer | None:
    """A customer who writes to us has not blocked us (any more): reachable again."""
    if customer is not None and customer.unreachable:
        customer.unreachable = False
        customer.unreachable_reason = None
    return customer
