"""``/stats`` and ``/export`` in the chat: numbers, a chart, and the raw rows.

Admins see every branch; managers see the branches they manage (a manager of one
branch compares its staff; of several, the branches or their staff). The chart is drawn in
a worker thread so the bot keeps answering customers meanwhile; buttons switch
the period and the comparison (branches or staff). Exports carry phone
numbers only for admins.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from surveys.audits.model import ChecklistCatalog
from surveys.audits.reports import build_scorecard
from surveys.audits.reports.export import audit_csv, audit_rows
from surveys.audits.reports.text import scorecard_text
from surveys.i18n import pick_language, say
from surveys.inputs import parse_number
from surveys.ports import (
    Attachment,
    Button,
    Clock,
    InlineKeyboard,
    Outgoing,
    Reply,
    Sender,
    StatsAction,
)
from surveys.reports import GradeThresholds, ReportScope, build_report
from surveys.reports.text.caption import summary_text
from surveys.staff.audit import Actor, record
from surveys.staff.roles import Permissions, permissions
from surveys.storage.database import Database
from surveys.storage.tables import Branch
from surveys.storage.uow import UnitOfWork

PERIODS = {"7": 7, "30": 30, "90": 90}
DEFAULT_PERIOD = "30"


@dataclass(frozen=True, slots=True)
class StatsRequest:
    period: str
    compare: str  # "b" branches, "s" staff


CAPTION_LIMIT = 1024
"""Telegram's longest photo caption."""


class StatsChat:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        zone: ZoneInfo,
        default_language: str,
        thresholds: GradeThresholds | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone
        self.default_language = default_language
        self.thresholds = thresholds or GradeThresholds()
        self.checklists = ChecklistCatalog()

    def language(self, sender: Sender) -> str:
        return pick_language(sender.language_code, default=self.default_language)

    async def gate(self, uow: UnitOfWork, sender: Sender, action: str) -> Reply | None:
        """None when the sender may see reports; a refusal (audited) otherwise."""
        if (await permissions(uow, sender.user_id)).is_staff:
            return None
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action=action,
            allowed=False,
        )
        return Reply.of(Outgoing(sender.chat_id, say("staff_only", self.language(sender))))

    def _window(self, period: str) -> tuple[date, date]:
        today = self.clock.now().astimezone(self.zone).date()
        days = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])
        return today - timedelta(days=days - 1), today

    async def _scope(
        self, uow: UnitOfWork, rights: Permissions, period: str, language: str
    ) -> tuple[ReportScope, str | None]:
        """The report's scope, and the branches it covers by name (None: every branch)."""
        first, last = self._window(period)
        branch_ids = rights.report_branches
        name = None
        if branch_ids:
            names = (
                await uow.session.execute(
                    select(Branch.name).where(Branch.id.in_(branch_ids)).order_by(Branch.name)
                )
            ).scalars()
            name = ("、" if language == "zh" else ", ").join(names)
        return ReportScope(first, last, self.zone, branch_ids=branch_ids), name

    async def stats(self, sender: Sender, request: StatsRequest) -> Reply:
        language = self.language(sender)
        async with UnitOfWork(self.db, readonly=True) as uow:
            rights = await permissions(uow, sender.user_id)
            scope, branch = await self._scope(uow, rights, request.period, language)
            report = await build_report(
                uow, scope, now=self.clock.now(), thresholds=self.thresholds
            )
            card = await build_scorecard(uow, self.checklists, scope)
        from surveys.reports import render_chart_async

        one_branch = len(scope.branch_ids) == 1
        compare: Literal["branch", "staff"] = (
            "staff" if request.compare == "s" or one_branch else "branch"
        )
        chart = await render_chart_async(report, language=language, compare=compare)
        title = say(
            "stats_title",
            language,
            days=PERIODS.get(request.period, PERIODS[DEFAULT_PERIOD]),
            first=f"{scope.first:%m-%d}",
            last=f"{scope.last:%m-%d}",
            where=branch or say("all_branches", language),
        )
        text = summary_text(report, language, title)
        shopped = scorecard_text(card, language, flagged_only=True)
        if shopped and len(text) + len(shopped) + 2 <= CAPTION_LIMIT:
            text += "\n\n" + shopped
        messages = [
            Outgoing(
                sender.chat_id,
                text,
                self.keyboard(request, language, one_branch=one_branch),
                attachment=Attachment("photo", "stats.png", chart),
            )
        ]
        if card.rows:
            from surveys.audits.reports.chart import render_scorecard_async

            png = await render_scorecard_async(card, language=language)
            caption = say("scorecard_title", language)
            messages.append(
                Outgoing(sender.chat_id, caption, attachment=Attachment("photo", "audits.png", png))
            )
        return Reply(messages=tuple(messages), toast="📊")

    def keyboard(self, request: StatsRequest, language: str, *, one_branch: bool) -> InlineKeyboard:
        periods = tuple(
            Button(
                ("• " if key == request.period else "") + say("stats_days", language, days=days),
                StatsAction(key, request.compare),
            )
            for key, days in PERIODS.items()
        )
        if one_branch:  # nothing to compare but its staff
            return InlineKeyboard((periods,))
        other = "s" if request.compare == "b" else "b"
        switch = Button(say(f"stats_compare_{other}", language), StatsAction(request.period, other))
        return InlineKeyboard((periods, (switch,)))

    async def export(self, sender: Sender, days_text: str | None) -> Reply:
        from surveys.reports import write_csv, write_xlsx

        language = self.language(sender)
        typed = parse_number(days_text, minimum=0)
        days = 30 if typed is None else max(1, min(typed, 366))
        today = self.clock.now().astimezone(self.zone).date()
        async with UnitOfWork(self.db, readonly=True) as uow:
            rights = await permissions(uow, sender.user_id)
        first = today - timedelta(days=days - 1)
        scope = ReportScope(first, today, self.zone, branch_ids=rights.report_branches)
        csv_buffer, xlsx_buffer = io.BytesIO(), io.BytesIO()
        rows = await write_csv(
            self.db, scope, csv_buffer, include_phone=rights.admin, language=language
        )
        await write_xlsx(self.db, scope, xlsx_buffer, include_phone=rights.admin, language=language)
        async with UnitOfWork(self.db, readonly=True) as uow:
            audited = await audit_rows(
                uow, self.checklists, scope, language, include_shopper=rights.admin
            )
        async with UnitOfWork(self.db) as uow:
            await record(
                uow,
                at=self.clock.now(),
                actor=Actor.STAFF,
                user_id=sender.user_id,
                action="report.export",
            )
        stamp = f"{scope.first:%Y%m%d}-{scope.last:%Y%m%d}"
        caption = say("export_caption", language, rows=rows, days=days)
        return Reply(
            messages=(
                Outgoing(
                    sender.chat_id,
                    caption,
                    attachment=Attachment(
                        "document", f"surveys-{stamp}.csv", csv_buffer.getvalue()
                    ),
                ),
                Outgoing(
                    sender.chat_id,
                    caption,
                    attachment=Attachment(
                        "document", f"surveys-{stamp}.xlsx", xlsx_buffer.getvalue()
                    ),
                ),
                *(
                    (
                        Outgoing(
                            sender.chat_id,
                            say("audits_export_caption", language, count=len(audited) - 1),
                            attachment=Attachment(
                                "document", f"audits-{stamp}.csv", audit_csv(audited)
                            ),
                        ),
                    )
                    if audited
                    else ()
                ),
            )
        )
