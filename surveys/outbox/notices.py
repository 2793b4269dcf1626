"""What each queued notification says: a manager's card, a notice, "was it solved?", the
morning digest and the weekly report, in the reader's language.

Rendered when the notification is sent (not when it was queued), so a card shows the
complaint as it is now.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from surveys.audits.notices import AuditNotices, is_audit_notice
from surveys.complaints.cards import load_card, quote, render_card
from surveys.complaints.states import ACTIVE, UNCLAIMED, ComplaintStatus
from surveys.complaints.timeline import staff_notice
from surveys.i18n import name_of, pick_language, say
from surveys.outbox.pacing.breaker import Outage
from surveys.ports import (
    Attachment,
    Button,
    Clock,
    InlineKeyboard,
    Outgoing,
    Priority,
    SolvedAnswer,
)
from surveys.staff.roles import Role, permissions
from surveys.storage.database import Database
from surveys.storage.locks import lock_outage_notices
from surveys.storage.tables import (
    Branch,
    Complaint,
    ComplaintWords,
    Customer,
    Notification,
    Staff,
)
from surveys.storage.uow import UnitOfWork


class Notices:
    def __init__(self, clock: Clock, zone: ZoneInfo, default_language: str) -> None:
        self.clock = clock
        self.zone = zone
        self.default_language = default_language
        self.audits = AuditNotices(zone)

    async def language_of_staff(self, uow: UnitOfWork, user_id: int) -> str:
        chosen = (
            await uow.session.execute(
                select(Staff.language)
                .where(Staff.telegram_user_id == user_id, Staff.language.is_not(None))
                .limit(1)
            )
        ).scalar_one_or_none()
        return pick_language(chosen, default=self.default_language)

    async def render(self, uow: UnitOfWork, row: Notification) -> Outgoing | None:
        zone, now = self.zone, self.clock.now()
        if is_audit_notice(row.kind):
            language = await self.language_of_staff(uow, row.chat_id)
            return await self.audits.render(uow, row.chat_id, row.kind, language)
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
        if row.kind.startswith("outage:"):
            _, reason, minutes = row.kind.split(":", 2)
            language = await self.language_of_staff(uow, row.chat_id)
            text = say(
                "outage_notice",
                language,
                reason=name_of("outage", reason, language),
                count=int(minutes),
            )
            return Outgoing(row.chat_id, text, priority=Priority.NOTICE)
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
            language = pick_language(customer.language, default=self.default_language)
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
            return Outgoing(row.chat_id, text, buttons, priority=Priority.NOTICE, silent=row.silent)
        if row.kind == "returned":
            text = say("returned_notice", language, id=complaint.id)
        elif row.kind == "reopened" or row.kind.startswith("reopened:"):
            severity = say(f"severity_{complaint.severity}", language)
            text = say("reopened_notice", language, id=complaint.id, severity=severity)
        elif row.kind.startswith("words:"):
            words = await uow.session.get(ComplaintWords, int(row.kind[6:]))
            if words is None or not words.text:
                return None  # erased meanwhile
            text = say("words_notice", language, id=complaint.id, quote=quote(words.text))
        elif row.kind.startswith("blocked:"):
            text = say("blocked_notice", language, user=row.kind[8:], id=complaint.id)
        else:
            return None
        return Outgoing(row.chat_id, text, priority=Priority.NOTICE, silent=row.silent)

    async def weekly_report(
        self, uow: UnitOfWork, user_id: int, day: date, language: str
    ) -> Outgoing | None:
        """Last week's numbers and chart: all branches for admins, their own for managers."""
        from surveys.reports import ReportScope, build_report, render_chart_async
        from surveys.reports.text.caption import summary_text

        rights = await permissions(uow, user_id)
        if not rights.is_staff:
            return None
        first, last = day - timedelta(days=7), day - timedelta(days=1)
        scope = ReportScope(first, last, self.zone, branch_ids=rights.report_branches)
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
        start = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=self.zone)
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


OUTAGE_NOTICE_REASONS = ("unauthorized", "not_found")
"""Outages the admins hear of when they end: the bot's own setup was refused, not a
Telegram hiccup that fixes itself."""


async def queue_outage_notice(db: Database, now: datetime, outage: Outage) -> int:
    """Queue, for every admin not told of this outage yet, a line saying how long the bot
    could not reach Telegram; returns how many were queued.

    Every worker meets the same outage and reports it as it ends: the first one tells the
    admins, the others find its notices (queued since the outage began, for the same
    reason) and add none. They take turns here, so two ending at once do not both tell."""
    minutes = max(1, round(outage.seconds / 60))
    kind = f"outage:{outage.reason}:{minutes}"[:32]
    began = now - timedelta(seconds=outage.seconds)
    async with UnitOfWork(db) as uow:
        await lock_outage_notices(uow)
        admins = set(
            (
                await uow.session.execute(
                    select(Staff.telegram_user_id).where(Staff.role == Role.ADMIN.value)
                )
            ).scalars()
        )
        told = set(
            (
                await uow.session.execute(
                    select(Notification.chat_id).where(
                        Notification.complaint_id.is_(None),
                        Notification.kind.startswith(f"outage:{outage.reason}:", autoescape=True),
                        Notification.created_at >= began,
                    )
                )
            ).scalars()
        )
        untold = sorted(admins - told)
        uow.session.add_all(staff_notice(admin, kind, now) for admin in untold)
    return len(untold)
