"""Delivers what the complaint desk queued: cards to managers, questions to customers.

Notifications live in the lease-based outbox (:mod:`surveys.outbox.lease`). At least
once, never zero times: a send that certainly failed (refused connection, 5xx, 429) is
retried; after an ambiguous timeout (or a crash during the call) the message is sent
again marked as a repeat. A card that is already in a chat is edited in place when its
complaint changes. If a manager blocked the bot, the next level gets the card and the
admins are told.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, select, update

from surveys.complaints.desk import ComplaintDesk
from surveys.outbox.lease import CLAIMED, LeaseOutbox, OutboxTable, Settlement
from surveys.outbox.notices import Notices
from surveys.outbox.outcomes import Outcome, SendOutcome, attempt, heed
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.ports import Clock, Messenger, Outgoing, Priority
from surveys.storage.database import Database
from surveys.storage.tables import Complaint, Notification, Staff
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
        self.notices = Notices(clock, config.zone, config.default_language)
        self.outbox = LeaseOutbox(
            db, clock, NOTIFICATIONS, lease=config.lease, batch_size=config.batch_size
        )

    async def tick(self) -> int:
        await self.outbox.recover()
        done = 0
        claim = await self.outbox.claim()
        for notification_id in claim.ids:
            done += await self._deliver(notification_id, claim.token)
        done += await self._refresh_cards()
        return done

    # ------------------------------------------------------------------ outbox

    async def _deliver(self, notification_id: int, token: str) -> int:
        async with UnitOfWork(self.db, readonly=True) as uow:
            row = await uow.session.get(Notification, notification_id)
            if row is None or row.claim_token != token or row.status != CLAIMED:
                return 0
            outgoing = await self.notices.render(uow, row)
            chat_id, kind, complaint_id, level = row.chat_id, row.kind, row.complaint_id, row.level
            attempts = row.attempts
        key = [{"b_id": notification_id}]
        if outgoing is None:
            dropped = {"status": "dropped", "last_error": "nothing_to_send"}
            await self.outbox.settle(token, [Settlement(dropped, key)], from_status=CLAIMED)
            return 0
        if self.limiter is not None:
            await self.limiter.acquire(chat_id, Priority.NOTICE)
        if notification_id not in await self.outbox.mark_sending(token, key, {}):
            return 0
        outcome = await attempt(self.messenger, outgoing)
        heed(outcome, self.limiter)
        settled = self._settlement(outcome, attempts, notification_id)
        await self.outbox.settle(token, [Settlement(settled, key)])
        if outcome.outcome is Outcome.GONE and kind == "card" and complaint_id is not None:
            await self._manager_gone(complaint_id, chat_id, level)
        return 1 if outcome.sent else 0

    def _settlement(
        self, outcome: SendOutcome, attempts: int, notification_id: int
    ) -> dict[str, Any]:
        """How a card or notice ends after one send: at least once, never zero times."""
        now = self.clock.now()
        kind = outcome.outcome
        if kind is Outcome.SENT:
            return {
                "status": "sent",
                "message_id": outcome.message_id,
                "sent_at": now,
                "needs_update": False,
                "last_error": None,
            }
        if kind is Outcome.GONE:
            return {"status": "failed", "last_error": outcome.reason}
        if kind is Outcome.REJECTED:
            log.error("notification %s rejected: %s", notification_id, outcome.error)
            return {"status": "failed", "last_error": "rejected"}
        retry: dict[str, Any] = {"status": "pending", "last_error": outcome.reason}
        if kind is Outcome.RATE_LIMITED:
            retry["due_at"] = now + timedelta(seconds=outcome.retry_after)
        elif kind is Outcome.NOT_SENT:
            retry["due_at"] = now + self.config.first_backoff * (2 ** min(attempts - 1, 8))
        else:
            # It may have arrived: send it again, marked as a repeat (never zero times).
            retry.update(due_at=now, repeat=True, last_error="uncertain")
        return retry

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

    # ------------------------------------------------------------ card refresh

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
        outcome = await attempt(self.messenger, edit)
        heed(outcome, self.limiter)
        if outcome.outcome not in (Outcome.SENT, Outcome.REJECTED):
            return 0  # tried again at the next tick
        async with UnitOfWork(self.db) as uow:
            values: dict[str, object] = {"needs_update": False}
            if outcome.outcome is Outcome.REJECTED:
                # The old card was deleted: post it again.
                values.update(status="pending", due_at=self.clock.now(), message_id=None)
            await uow.session.execute(
                update(Notification).where(Notification.id == notification_id).values(**values)
            )
        return 1
