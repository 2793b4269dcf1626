"""The survey engine: routes every inbound update to the dialogue that owns it.

Each call is one transaction that first records the update id (so a replayed
update changes nothing), then hands the update to one dialogue, and returns its
framework-neutral :class:`~surveys.ports.Reply`. The caller sends the reply after
the transaction has committed: no transaction is held open across a Telegram call.
The engine decides nothing about customers, complaints or waves itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete

from surveys.customers.accounts import Accounts
from surveys.dialogues.admin import ADMIN_COMMANDS, Admin, FetchFile
from surveys.dialogues.audits.desk import INPUTS as AUDIT_INPUTS
from surveys.dialogues.audits.desk import AuditDesk
from surveys.dialogues.audits.shopper import ShopperChat
from surveys.dialogues.customer import CustomerChat
from surveys.dialogues.manager import ManagerChat
from surveys.dialogues.staff import StaffChat, StaffGreeting
from surveys.dialogues.stats import DEFAULT_PERIOD, PERIODS, StatsChat, StatsRequest
from surveys.dialogues.whoami import WhoAmI
from surveys.flood import FloodGate, Verdict
from surveys.i18n import pick_language, say
from surveys.ports import (
    DUPLICATE,
    Action,
    AnswerAction,
    AuditButton,
    CallMeAnswer,
    Clock,
    ComplaintButton,
    ForgetAction,
    Inbound,
    LanguageAction,
    Outgoing,
    Reply,
    ResumeAction,
    Sender,
    SkipAction,
    SolvedAnswer,
    StatsAction,
    WaveControlAction,
    WizardAction,
)
from surveys.storage.database import Database
from surveys.storage.group import GroupCommit
from surveys.storage.locks import claim_in_turn
from surveys.storage.tables import ProcessedUpdate
from surveys.storage.uow import UnitOfWork
from surveys.web.sign_in import DeskSignIn

Step = Callable[[UnitOfWork], Awaitable[Reply]]
FetchBytes = Callable[[], Awaitable[bytes]]


@dataclass(frozen=True, slots=True)
class Dialogues:
    """The dialogues the engine routes to, built once in ``bot.wiring``."""

    accounts: Accounts
    customers: CustomerChat
    admin: Admin
    managers: ManagerChat
    staff: StaffChat
    stats: StatsChat
    whoami: WhoAmI
    shoppers: ShopperChat
    audits: AuditDesk
    desk_link: DeskSignIn | None = None
    greeting: StaffGreeting | None = None


class SurveyEngine:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        dialogues: Dialogues,
        keep_update_ids: timedelta = timedelta(days=7),
        flood: FloodGate | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.dialogues = dialogues
        self.keep_update_ids = keep_update_ids
        self.flood = flood
        # Survey answers are most of the traffic: on SQLite (one writer) those that arrive
        # together share a transaction, its statements run on the loop's thread (each a
        # lookup or a write by key). Elsewhere each has its own, in parallel.
        self.answers = GroupCommit(db, inline=True) if db.write_lock is not None else None

    async def _once(self, inbound: Inbound, step: Step, *, grouped: bool = False) -> Reply:
        """Run ``step`` in one transaction, unless this update was already handled (or its
        sender floods the bot: then it is dropped before it costs a transaction).
        ``grouped`` steps may share their transaction with others queued beside them."""
        if self.flood is not None:
            verdict = self.flood.admit(inbound.sender.user_id)
            if verdict is Verdict.DROP:
                return DUPLICATE
            if verdict is Verdict.TELL:
                sender = inbound.sender
                language = pick_language(sender.language_code, default="zh")
                return Reply.of(Outgoing(sender.chat_id, say("slow_down", language)))

        async def claimed_then(uow: UnitOfWork) -> Reply:
            # One chat's updates take turns across workers; other chats go on in parallel.
            sender = inbound.sender
            if not await claim_in_turn(uow, sender.chat_id, inbound.update_id, self.clock.now()):
                return DUPLICATE
            return await step(uow)

        if grouped and self.answers is not None:
            reply: Reply = await self.answers.run(claimed_then)
            return reply
        async with UnitOfWork(self.db) as uow:
            return await claimed_then(uow)

    # ------------------------------------------------------------ entry points

    async def on_start(self, inbound: Inbound, payload: str | None) -> Reply:
        accounts, greeting = self.dialogues.accounts, self.dialogues.greeting

        async def start(uow: UnitOfWork) -> Reply:
            if not payload and greeting is not None:
                greeted = await greeting.greet(uow, inbound.sender)
                if greeted is not None:  # a manager or an admin: their own greeting
                    return greeted
            return await accounts.start(uow, inbound.sender, payload)

        return await self._once(inbound, start)

    async def on_contact(self, inbound: Inbound, phone: str, contact_user_id: int | None) -> Reply:
        accounts = self.dialogues.accounts
        return await self._once(
            inbound, lambda uow: accounts.contact(uow, inbound.sender, phone, contact_user_id)
        )

    async def on_command(self, inbound: Inbound, command: str, args: str | None = None) -> Reply:
        """Customer commands (/stop, /language, /forget, /status, /help) and the staff's ones;
        anything else gets the help text."""
        sender, d = inbound.sender, self.dialogues
        if command in ("stats", "export"):
            return await self._report(inbound, command, args)
        handlers: dict[str, Step] = {
            "staff": lambda uow: d.staff.command(uow, sender, args),
            "queue": lambda uow: d.managers.queue(uow, sender),
            "complaint": lambda uow: d.managers.complaint(uow, sender, args),
            "stop": lambda uow: d.customers.stop(uow, sender),
            "language": lambda uow: d.accounts.language_prompt(uow, sender),
            "forget": lambda uow: d.accounts.forget_prompt(uow, sender),
            "status": lambda uow: d.customers.status(uow, sender),
            "whoami": lambda uow: d.whoami.reply(uow, sender),
            "audits": lambda uow: d.shoppers.assignments(uow, sender),
            "newaudit": lambda uow: d.audits.new_audit(uow, sender, args),
        }
        if command == "desk" and d.desk_link is not None:
            desk_link = d.desk_link
            return await self._once(inbound, lambda uow: desk_link.command(uow, sender))
        if command in ADMIN_COMMANDS:
            return await self._once(
                inbound, lambda uow: d.admin.command(uow, sender, command, args)
            )
        step = handlers.get(command, lambda uow: d.customers.help(uow, sender))
        return await self._once(inbound, step)

    async def on_document(self, inbound: Inbound, file_name: str, fetch: FetchFile) -> Reply:
        """A file sent to the bot: admins import it; anyone else is refused (and audited)."""
        admin = self.dialogues.admin
        refused = await self._once(
            inbound, lambda uow: _gate(admin.document(uow, inbound.sender, file_name))
        )
        if refused.duplicate or refused.messages:
            return refused
        return await admin.import_file(inbound.sender, file_name, fetch)

    async def on_photo(
        self, inbound: Inbound, file_id: str, caption: str, fetch: FetchBytes
    ) -> Reply:
        """A photo: a shopper's for their audit, or a manager's of a fix; fetched only once
        the update is recorded. Anyone else's is read as its caption."""
        d, user_id = self.dialogues, inbound.sender.user_id
        async with UnitOfWork(self.db, readonly=True) as uow:
            fix = await d.audits.wants_photo(uow, user_id)
            audit = not fix and await d.shoppers.wants_photo(uow, user_id)
        if not fix and not audit:
            return await self.on_text(inbound, caption)
        recorded = await self._once(inbound, _recorded)
        if recorded.duplicate:
            return recorded
        data = await fetch()
        if fix:
            return await d.audits.photo(inbound.sender, file_id, data)
        return await d.shoppers.photo(inbound.sender, file_id, data)

    async def on_location(self, inbound: Inbound, latitude: float, longitude: float) -> Reply:
        """A shared location: a shopper checks in at the branch of their audit."""
        return await self._once(
            inbound, lambda uow: self._location(uow, inbound.sender, latitude, longitude)
        )

    async def _location(
        self, uow: UnitOfWork, sender: Sender, latitude: float, longitude: float
    ) -> Reply:
        reply = await self.dialogues.shoppers.location(uow, sender, latitude, longitude)
        return reply if reply is not None else await self.dialogues.customers.help(uow, sender)

    async def on_text(self, inbound: Inbound, text: str) -> Reply:
        return await self._once(inbound, lambda uow: self._text(uow, inbound.sender, text))

    async def on_action(self, inbound: Inbound, action: Action, message_id: int | None) -> Reply:
        if isinstance(action, StatsAction):
            return await self._report_action(inbound, action)
        return await self._once(
            inbound,
            lambda uow: self._action(uow, inbound.sender, action, message_id),
            grouped=isinstance(action, AnswerAction | SkipAction),
        )

    async def forget_old_updates(self) -> int:
        """Drop update ids older than Telegram would ever redeliver."""
        cutoff = self.clock.now() - self.keep_update_ids
        async with UnitOfWork(self.db) as uow:
            result = await uow.session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    # ----------------------------------------------------------------- routing

    async def _text(self, uow: UnitOfWork, sender: Sender, text: str) -> Reply:
        managers = self.dialogues.managers
        pending = await managers.pending_for(uow, sender.user_id)
        if pending is not None and pending.kind == "resolution_note":
            return await managers.note_typed(uow, sender, pending, text)
        if pending is not None and pending.kind in AUDIT_INPUTS:
            return await self.dialogues.audits.typed(uow, sender, pending, text)
        audit = await self.dialogues.shoppers.typed(uow, sender, text)
        if audit is not None:
            return audit
        return await self.dialogues.customers.text(uow, sender, text)

    async def _action(
        self, uow: UnitOfWork, sender: Sender, action: Action, message_id: int | None
    ) -> Reply:
        d = self.dialogues
        if isinstance(action, WizardAction):
            return await d.admin.wizard(uow, sender, action, message_id)
        if isinstance(action, WaveControlAction):
            return await d.admin.control(uow, sender, action, message_id)
        if isinstance(action, ComplaintButton):
            return await d.managers.button(uow, sender, action, message_id)
        if isinstance(action, AuditButton):
            if action.op in ("v", "n", "f"):
                return await d.audits.button(uow, sender, action, message_id)
            return await d.shoppers.button(uow, sender, action)
        if isinstance(action, SolvedAnswer | CallMeAnswer):
            return await d.customers.complaint_answer(uow, sender, action)
        if isinstance(action, LanguageAction):
            return await d.accounts.set_language(uow, sender, action)
        if isinstance(action, ForgetAction):
            return await d.customers.forget(uow, sender, action)
        if isinstance(action, ResumeAction):
            return await d.accounts.resume(uow, sender, action)
        assert isinstance(action, AnswerAction | SkipAction)
        return await d.customers.answer(uow, sender, action, message_id)

    async def _report(self, inbound: Inbound, what: str, args: str | None) -> Reply:
        """Reports are read and drawn after the update's short transaction, not inside it."""
        sender, stats = inbound.sender, self.dialogues.stats
        gate = await self._once(
            inbound, lambda uow: _gate(stats.gate(uow, sender, f"report.{what}"))
        )
        if gate.duplicate or gate.messages:
            return gate
        if what == "export":
            return await stats.export(sender, args)
        period = (args or "").strip()
        return await stats.stats(
            sender, StatsRequest(period if period in PERIODS else DEFAULT_PERIOD, "b")
        )

    async def _report_action(self, inbound: Inbound, action: StatsAction) -> Reply:
        sender, stats = inbound.sender, self.dialogues.stats
        gate = await self._once(inbound, lambda uow: _gate(stats.gate(uow, sender, "report.stats")))
        if gate.duplicate:
            return gate
        if gate.messages:
            return Reply(toast=gate.messages[0].text, alert=True)
        return await stats.stats(sender, StatsRequest(action.period, action.compare))


async def _recorded(uow: UnitOfWork) -> Reply:
    """A step that only records the update (the work follows outside the transaction)."""
    return Reply()


async def _gate(refusal: Awaitable[Reply | None]) -> Reply:
    """A check that returns a refusal or None, as a step: an empty reply lets the caller on."""
    found = await refusal
    return found if found is not None else Reply()
