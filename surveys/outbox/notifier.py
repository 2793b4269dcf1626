"""Delivers what the complaint desk queued: cards to managers, questions to customers.

At least once, never zero times: a send that certainly failed (refused
connection, 5xx, 429) is retried; after an ambiguous timeout (or a crash during
the call) the message is sent again marked as a repeat. A card that is already
in a chat is edited in place when its complaint changes. If a manager blocked
the bot, the next level gets the card and the admins are told.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from surveys.complaints.cards import load_card, render_card
from surveys.complaints.desk import ComplaintDesk
from surveys.complaints.states import ACTIVE, UNCLAIMED, ComplaintStatus
from surveys.i18n import pick_language, say
from surveys.outbox.ratelimit import RateLimiter
from surveys.ports import (
    Attachment,
    Button,
    Clock,
    InlineKeyboard,
    MessageRejected,
    Messenger,
    Outgoing,
    Priority,
    RateLimited,
    RecipientGone,
    SendError,
    SendFailed,
    SolvedAnswer,
)
from surveys.staff.roles import Role, permissions
from surveys.storage.database import Database
from surveys.storage.tables import Branch, Complaint, Customer, Notification, Staff
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NotifierConfig:
    zone: ZoneInfo
    default_language: str = "zh"
    lease: timedelta = timedelta(seconds=120)
    batch_size: int = 50
    first_backoff: timedelta = timedelta(seconds=5)


class Notifier:
    def __init__(
        self,
        db: Database,
        messenger: Messenger,
        clock: Clock,
        desk: ComplaintDesk,
        config: NotifierConfig,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.messenger = messenger
        self.clock = clock
        self.desk = desk
        self.config = config
        self.limiter = limiter

    async def tick(self) -> int:
        await self._recover()
        done = 0
        token, ids = await self._claim()
        for notification_id in ids:
            done += await self._deliver(notification_id, token)
        done += await self._refresh_cards()
        return done

    # ------------------------------------------------------------------ outbox

    async def _recover(self) -> None:
        """Lost claims go back; a send that may or may not have happened is sent again."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Notification)
                .where(Notification.status == "claimed", Notification.lease_until < now)
                .values(status="pending", claim_token=None, lease_until=None)
            )
            await uow.session.execute(
                update(Notification)
                .where(Notification.status == "sending", Notification.lease_until < now)
                .values(status="pending", claim_token=None, lease_until=None, repeat=True)
            )

    async def _claim(self) -> tuple[str, list[int]]:
        now = self.clock.now()
        token = secrets.token_hex(8)
        due = (
            select(Notification.id)
            .where(Notification.status == "pending", Notification.due_at <= now)
            .order_by(Notification.due_at, Notification.id)
            .limit(self.config.batch_size)
        )
        async with UnitOfWork(self.db) as uow:
            if uow.dialect == "postgresql":
                due = due.with_for_update(skip_locked=True)
            rows = await uow.session.execute(
                update(Notification)
                .where(Notification.id.in_(due.scalar_subquery()))
                .values(
                    status="claimed",
                    claim_token=token,
                    lease_until=now + self.config.lease,
                    attempts=Notification.attempts + 1,
                )
                .returning(Notification.id)
                .execution_options(synchronize_session=False)
            )
            return token, sorted(rows.scalars().all())

    async def _deliver(self, notification_id: int, token: str) -> int:
        async with UnitOfWork(self.db, readonly=True) as uow:
            row = await uow.session.get(Notification, notification_id)
            if row is None or row.claim_token != token or row.status != "claimed":
                return 0
            outgoing = await self.render(uow, row)
            chat_id, kind, complaint_id, level = row.chat_id, row.kind, row.complaint_id, row.level
            attempts = row.attempts
        if outgoing is None:
            await self._finish(notification_id, token, "dropped", "nothing_to_send", "claimed")
            return 0
        if self.limiter is not None:
            await self.limiter.acquire(chat_id, Priority.NOTICE)
        async with UnitOfWork(self.db) as uow:
            marked = await uow.session.execute(
                update(Notification)
                .where(
                    Notification.id == notification_id,
                    Notification.claim_token == token,
                    Notification.status == "claimed",
                )
                .values(status="sending", lease_until=self.clock.now() + self.config.lease)
            )
            if marked.rowcount != 1:  # type: ignore[attr-defined]
                return 0
        try:
            message_id = await self.messenger.send(outgoing)
        except RecipientGone as error:
            await self._finish(notification_id, token, "failed", error.reason)
            if kind == "card" and complaint_id is not None:
                await self._manager_gone(complaint_id, chat_id, level)
            return 0
        except RateLimited as error:
            if self.limiter is not None:
                self.limiter.pause(error.retry_after)
            await self._retry(notification_id, token, timedelta(seconds=error.retry_after), "429")
            return 0
        except SendFailed:
            wait = self.config.first_backoff * (2 ** min(attempts - 1, 8))
            await self._retry(notification_id, token, wait, "transient")
            return 0
        except MessageRejected as error:
            log.error("notification %s rejected: %s", notification_id, error)
            await self._finish(notification_id, token, "failed", "rejected")
            return 0
        except SendError:
            # It may have arrived: send it again, marked as a repeat (never zero times).
            await self._retry(notification_id, token, timedelta(0), "uncertain", repeat=True)
            return 0
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Notification)
                .where(Notification.id == notification_id, Notification.claim_token == token)
                .values(
                    status="sent",
                    message_id=message_id,
                    sent_at=self.clock.now(),
                    claim_token=None,
                    lease_until=None,
                    needs_update=False,
                    last_error=None,
                )
            )
        return 1

    async def _retry(
        self, notification_id: int, token: str, wait: timedelta, why: str, *, repeat: bool = False
    ) -> None:
        values: dict[str, object] = {
            "status": "pending",
            "due_at": self.clock.now() + wait,
            "claim_token": None,
            "lease_until": None,
            "last_error": why,
        }
        if repeat:
            values["repeat"] = True
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Notification)
                .where(Notification.id == notification_id, Notification.claim_token == token)
                .values(**values)
            )

    async def _finish(
        self, notification_id: int, token: str, status: str, why: str, expected: str = "sending"
    ) -> None:
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Notification)
                .where(
                    Notification.id == notification_id,
                    Notification.claim_token == token,
                    Notification.status == expected,
                )
                .values(status=status, claim_token=None, lease_until=None, last_error=why)
            )

    async def _manager_gone(self, complaint_id: int, chat_id: int, level: int) -> None:
        """A manager blocked the bot: the next level gets the card, the admins are told."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            complaint = await uow.session.get(Complaint, complaint_id)
            if complaint is None:
                return
            await uow.session.execute(
                update(Staff).where(Staff.telegram_user_id == chat_id).values(chat_id=None)
            )
            next_level = await self.desk.recipients(uow, complaint.branch_id, level + 1)
            admins = await self.desk.recipients(uow, None, 0)
            targets = [c for c in next_level if c != chat_id]
            await self.desk.notify(uow, complaint, targets, "card", now, level=level + 1)
            await self.desk.notify(
                uow, complaint, [a for a in admins if a != chat_id], f"blocked:{chat_id}", now
            )

    async def _refresh_cards(self) -> int:
        """Edit every card whose complaint changed since it was shown."""
        async with UnitOfWork(self.db, readonly=True) as uow:
            rows = (
                (
                    await uow.session.execute(
                        select(Notification.id)
                        .where(
                            Notification.kind == "card",
                            Notification.status == "sent",
                            Notification.needs_update.is_(True),
                        )
                        .limit(self.config.batch_size)
                    )
                )
                .scalars()
                .all()
            )
        edited = 0
        for notification_id in rows:
            edited += await self._refresh(notification_id)
        return edited

    async def _refresh(self, notification_id: int) -> int:
        async with UnitOfWork(self.db, readonly=True) as uow:
            row = await uow.session.get(Notification, notification_id)
            if row is None or row.message_id is None:
                return 0
            outgoing = await self.render(uow, row)
            message_id = row.message_id
        if outgoing is None:
            return 0
        edit = Outgoing(
            outgoing.chat_id,
            outgoing.text,
            outgoing.markup,
            edit_message_id=message_id,
            priority=Priority.NOTICE,
        )
        if self.limiter is not None:
            await self.limiter.acquire(edit.chat_id, Priority.NOTICE)
        try:
            new_id = await self.messenger.send(edit)
        except MessageRejected:
            new_id = None  # the old card was deleted: post it again below
        except RateLimited as error:
            if self.limiter is not None:
                self.limiter.pause(error.retry_after)
            return 0
        except SendError:
            return 0
        async with UnitOfWork(self.db) as uow:
            values: dict[str, object] = {"needs_update": False}
            if new_id is None:
                values.update(status="pending", due_at=self.clock.now(), message_id=None)
            await uow.session.execute(
                update(Notification).where(Notification.id == notification_id).values(**values)
            )
        return 1

    # --------------------------------------------------------------- rendering

    async def language_of_staff(self, uow: UnitOfWork, user_id: int) -> str:
        chosen = (
            await uow.session.execute(
                select(Staff.language)
                .where(Staff.telegram_user_id == user_id, Staff.language.is_not(None))
                .limit(1)
            )
        ).scalar_one_or_none()
        return pick_language(chosen, default=self.config.default_language)

    async def render(self, uow: UnitOfWork, row: Notification) -> Outgoing | None:
        zone, now = self.config.zone, self.clock.now()
        if row.kind.startswith("weekly:"):
            language = await self.language_of_staff(uow, row.chat_id)
            return await self.weekly_report(
                uow, row.chat_id, date.fromisoformat(row.kind[7:]), language
            )
        if row.kind.startswith("digest:"):
            language = await self.language_of_staff(uow, row.chat_id)
            text = await self.digest_text(
                uow, row.chat_id, date.fromisoformat(row.kind[7:]), language
            )
            return Outgoing(row.chat_id, text, priority=Priority.NOTICE) if text else None
        if row.complaint_id is None:
            return None
        complaint = await uow.session.get(Complaint, row.complaint_id)
        if complaint is None:
            return None
        if row.kind == "ask_solved":
            customer = await uow.session.get(Customer, complaint.customer_id)
            if customer is None or customer.chat_id is None:
                return None
            if complaint.status != ComplaintStatus.RESOLVED.value:
                return None
            language = pick_language(customer.language, default=self.config.default_language)
            keyboard = InlineKeyboard(
                (
                    (
                        Button(say("solved_yes", language), SolvedAnswer(complaint.id, True)),
                        Button(say("solved_no", language), SolvedAnswer(complaint.id, False)),
                    ),
                )
            )
            return Outgoing(
                customer.chat_id, say("ask_solved", language), keyboard, priority=Priority.NOTICE
            )
        language = await self.language_of_staff(uow, row.chat_id)
        if row.kind == "card":
            view = await load_card(uow, complaint)
            text, buttons = render_card(view, language, now, zone, repeat=row.repeat)
            return Outgoing(row.chat_id, text, buttons, priority=Priority.NOTICE)
        if row.kind == "returned":
            text = say("returned_notice", language, id=complaint.id)
        elif row.kind == "reopened":
            severity = say(f"severity_{complaint.severity}", language)
            text = say("reopened_notice", language, id=complaint.id, severity=severity)
        elif row.kind.startswith("blocked:"):
            text = say("blocked_notice", language, user=row.kind[8:], id=complaint.id)
        else:
            return None
        return Outgoing(row.chat_id, text, priority=Priority.NOTICE)

    async def weekly_report(
        self, uow: UnitOfWork, user_id: int, day: date, language: str
    ) -> Outgoing | None:
        """Last week's numbers and chart: all branches for admins, their own for managers."""
        from surveys.dialogues.stats import summary_text
        from surveys.reports import ReportScope, build_report, render_chart_async

        rights = await permissions(uow, user_id)
        if not rights.is_staff:
            return None
        first, last = day - timedelta(days=7), day - timedelta(days=1)
        scope = ReportScope(first, last, self.config.zone, branch_ids=rights.report_branches)
        report = await build_report(uow, scope, now=self.clock.now())
        compare: Literal["branch", "staff"] = "staff" if len(scope.branch_ids) == 1 else "branch"
        chart = await render_chart_async(report, language=language, compare=compare)
        title = say(
            "weekly_title", language, first=f"{scope.first:%m-%d}", last=f"{scope.last:%m-%d}"
        )
        return Outgoing(
            user_id,
            summary_text(report, language, title),
            attachment=Attachment("photo", "week.png", chart),
            priority=Priority.NOTICE,
        )

    async def digest_text(self, uow: UnitOfWork, user_id: int, day: date, language: str) -> str:
        """Open, overdue and resolved-yesterday counts for the branches this person manages."""
        staff = (
            await uow.session.execute(
                select(Staff.role, Staff.branch_id).where(Staff.telegram_user_id == user_id)
            )
        ).all()
        if not staff:
            return ""
        admin = any(role == Role.ADMIN.value for role, _ in staff)
        branches = [branch for role, branch in staff if branch is not None]
        scope = [] if admin else [Complaint.branch_id.in_(branches)]
        now = self.clock.now()
        start = datetime.combine(
            day - timedelta(days=1), datetime.min.time(), tzinfo=self.config.zone
        )
        end = start + timedelta(days=1)
        counts = (
            await uow.session.execute(
                select(
                    func.count().filter(Complaint.status.in_(ACTIVE)),
                    func.count().filter(
                        Complaint.status.in_(UNCLAIMED), Complaint.ack_deadline < now
                    )
                    + func.count().filter(
                        Complaint.status.in_(ACTIVE),
                        Complaint.resolve_deadline < now,
                        Complaint.status.not_in(UNCLAIMED),
                    ),
                    func.count().filter(
                        Complaint.resolved_at >= start, Complaint.resolved_at < end
                    ),
                ).where(*scope)
            )
        ).one()
        if admin:
            where = say("all_branches", language)
        else:
            names = (
                (await uow.session.execute(select(Branch.name).where(Branch.id.in_(branches))))
                .scalars()
                .all()
            )
            where = ", ".join(sorted(names))
        return say(
            "digest",
            language,
            branches=where,
            open=counts[0],
            overdue=counts[1],
            resolved=counts[2],
        )
