"""Delivers what the complaint desk queued: cards to managers, questions to customers.

Notifications live in the lease-based outbox (:mod:`surveys.outbox.sending.lease`). At least
once, never zero times: a send that certainly failed (refused connection, 5xx, 429) is
retried; after an ambiguous timeout (or a crash during the call) the message is sent
again marked as a repeat. A card that is already in a chat is edited in place when its
complaint changes. If a manager blocked the bot, the next level gets the card and the
admins are told.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, select, update

from surveys.complaints.desk import ComplaintDesk
from surveys.outbox.notices import Notices
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.sending.courier import Courier, Job
from surveys.outbox.sending.lease import CLAIMED, LeaseOutbox, OutboxTable, Settlement
from surveys.outbox.sending.outcomes import Outcome, SendOutcome
from surveys.ports import Clock, Outgoing, Priority
from surveys.storage.database import Database
from surveys.storage.faults import strike
from surveys.storage.tables import Notification, Staff
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

_TABLE: Table = Notification.__table__  # type: ignore[assignment]

NOTIFICATIONS = OutboxTable(table=_TABLE, lost_send={"status": "pending", "repeat": True})
"""A card that may or may not have been posted is posted again, marked as a repeat."""


@dataclass(frozen=True, slots=True)
class NotifierConfig:
    zone: ZoneInfo
    default_language: str = "zh"
    lease: timedelta = timedelta(seconds=120)
    batch_size: int = 50


@dataclass(frozen=True, slots=True)
class _Row:
    """What settling a notification needs to know about it."""

    chat_id: int
    kind: str
    complaint_id: int | None
    level: int


_WITH_REASON = frozenset(
    {Outcome.GONE, Outcome.REJECTED, Outcome.BUG, Outcome.RATE_LIMITED, Outcome.DOWN}
)


class Notifier:
    def __init__(
        self,
        db: Database,
        courier: Courier,
        clock: Clock,
        desk: ComplaintDesk,
        config: NotifierConfig,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.courier = courier
        self.clock = clock
        self.desk = desk
        self.config = config
        self.limiter = limiter
        self.notices = Notices(clock, config.zone, config.default_language)
        self.outbox = LeaseOutbox(
            db, clock, NOTIFICATIONS, lease=config.lease, batch_size=config.batch_size
        )

    async def tick(self) -> int:
        await self.outbox.recover()
        if not await self.courier.ready():
            return 0
        claim = await self.outbox.claim()
        jobs, rows = await self._render(claim.token, claim.ids)
        delivered = await self.courier.deliver(
            jobs,
            mark=lambda group: self._mark(claim.token, group),
            settle=lambda done: self._settle(claim.token, done, rows),
            limiter=self.limiter,
        )
        if delivered.not_started:
            await self.outbox.release(
                claim.token, [job.key for job in delivered.not_started], "not_started"
            )
        return delivered.count(Outcome.SENT) + await self._refresh_cards()

    # ------------------------------------------------------------------ outbox

    async def _render(
        self, token: str, ids: Sequence[int]
    ) -> tuple[list[Job[int]], dict[int, _Row]]:
        """The message of each claimed notification; one that cannot be rendered is struck,
        and set aside after a few strikes, without holding up the others."""
        jobs: list[Job[int]] = []
        rows: dict[int, _Row] = {}
        dropped: list[dict[str, Any]] = []
        broken: list[tuple[int, Exception]] = []
        failure: Exception
        async with UnitOfWork(self.db, readonly=True) as uow:
            for notification_id in ids:
                row = await uow.session.get(Notification, notification_id)
                if row is None or row.claim_token != token or row.status != CLAIMED:
                    continue
                try:
                    outgoing = await self.notices.render(uow, row)
                except Exception as failure:  # a bug or a poison row: strike it, go on
                    broken.append((notification_id, failure))
                    continue
                if outgoing is None:
                    dropped.append({"b_id": notification_id})
                    continue
                rows[notification_id] = _Row(row.chat_id, row.kind, row.complaint_id, row.level)
                jobs.append(Job(notification_id, outgoing))
        nothing = {"status": "dropped", "last_error": "nothing_to_send"}
        await self.outbox.settle(token, [Settlement(nothing, dropped)], from_status=CLAIMED)
        for notification_id, failed in broken:
            await self._struck(token, notification_id, failed)
        return jobs, rows

    async def _struck(self, token: str, notification_id: int, error: Exception) -> None:
        aside = await strike(
            self.db,
            subject="notification",
            subject_id=notification_id,
            stage="render",
            error=error,
            at=self.clock.now(),
        )
        values = (
            {"status": "failed", "last_error": f"set_aside:{type(error).__name__}"[:64]}
            if aside
            else self.outbox.unspent(last_error=type(error).__name__[:64])
        )
        await self.outbox.settle(
            token, [Settlement(values, [{"b_id": notification_id}])], from_status=CLAIMED
        )

    async def _mark(self, token: str, group: Sequence[Job[int]]) -> list[bool]:
        marked = await self.outbox.mark_sending(token, [{"b_id": job.key} for job in group], {})
        return [job.key in marked for job in group]

    async def _settle(
        self, token: str, done: Sequence[tuple[Job[int], SendOutcome]], rows: dict[int, _Row]
    ) -> list[None]:
        """How cards and notices end: at least once, never zero times."""
        now = self.clock.now()
        groups: dict[Outcome, list[dict[str, Any]]] = {}
        gone: list[_Row] = []
        for job, outcome in done:
            entry: dict[str, Any] = {"b_id": job.key}
            if outcome.outcome is Outcome.SENT:
                entry["b_message"] = outcome.message_id
            elif outcome.outcome is Outcome.RATE_LIMITED:
                entry["b_due"] = now + timedelta(seconds=outcome.retry_after)
            elif outcome.outcome is Outcome.DOWN:
                entry["b_due"] = now
            elif outcome.outcome is Outcome.REJECTED:
                log.error("notification %s rejected: %s", job.key, outcome.error)
            if outcome.outcome in _WITH_REASON:
                entry["b_why"] = outcome.reason[:64]
            groups.setdefault(outcome.outcome, []).append(entry)
            if outcome.outcome is Outcome.GONE and rows[job.key].kind == "card":
                row = rows[job.key]
                log.warning(
                    "the card of complaint %s cannot reach staff member %s (%s): the next "
                    "level and the admins are told; it goes when they press /start",
                    row.complaint_id,
                    row.chat_id,
                    outcome.reason,
                )
                gone.append(row)
        sent: dict[str, Any] = {
            "status": "sent",
            "message_id": bindparam("b_message"),
            "sent_at": now,
            "needs_update": False,
            "last_error": None,
        }
        failed: dict[str, Any] = {"status": "failed", "last_error": bindparam("b_why")}
        later = self.outbox.unspent(due_at=bindparam("b_due"), last_error=bindparam("b_why"))
        # It may have arrived: send it again, marked as a repeat (never zero times).
        again: dict[str, Any] = {
            "status": "pending",
            "due_at": now,
            "repeat": True,
            "last_error": "uncertain",
        }
        values: dict[Outcome, dict[str, Any]] = {
            Outcome.SENT: sent,
            Outcome.GONE: failed,
            Outcome.REJECTED: failed,
            Outcome.BUG: failed,
            Outcome.RATE_LIMITED: later,
            Outcome.DOWN: later,
            Outcome.UNCERTAIN: again,
        }
        await self.outbox.settle(
            token, [Settlement(values[kind], entries) for kind, entries in groups.items()]
        )
        for row in gone:
            if row.complaint_id is not None:
                await self._manager_gone(row.complaint_id, row.chat_id, row.level)
        return [None] * len(done)

    async def _manager_gone(self, complaint_id: int, chat_id: int, level: int) -> None:
        """A manager blocked the bot: the next level gets the card, the admins are told."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            complaint = await self.desk.lock(uow, complaint_id)
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

    # ------------------------------------------------------------ card refresh

    async def _refresh_cards(self) -> int:
        """Edit every card whose complaint changed since it was shown (while Telegram answers)."""
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
        """Edit one card. The card is claimed first (``needs_update`` flipped off by a
        compare-and-set), so two workers ticking at once edit it once, and a change made
        while it is being edited sets the flag again and is shown at the next tick."""
        async with UnitOfWork(self.db) as uow:
            claimed = await uow.session.execute(
                update(Notification)
                .where(Notification.id == notification_id, Notification.needs_update.is_(True))
                .values(needs_update=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return 0
            row = await uow.session.get(Notification, notification_id)
            if row is None or row.message_id is None:
                return 0
            outgoing = await self.notices.render(uow, row)
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
        outcome = await self.courier.send(edit, self.limiter)
        values: dict[str, object] | None = None
        if outcome.outcome is Outcome.REJECTED:
            # The old card was deleted: post it again.
            values = {"status": "pending", "due_at": self.clock.now(), "message_id": None}
        elif outcome.outcome not in (Outcome.SENT, Outcome.GONE):
            values = {"needs_update": True}  # tried again at the next tick
        if values is not None:
            async with UnitOfWork(self.db) as uow:
                await uow.session.execute(
                    update(Notification).where(Notification.id == notification_id).values(**values)
                )
        return 1 if outcome.sent else 0
