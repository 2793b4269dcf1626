"""One lease-based outbox over any table of things to send (deliveries, notifications).

A row goes pending -> claimed (with a lease and a random token) -> sending -> an end
state the sender chooses. Every transition after the claim checks the token, so a
worker whose lease ran out can no longer touch the row:

* claiming is one UPDATE over due rows (``SKIP LOCKED`` on PostgreSQL), so two workers
  never claim the same row;
* "sending" is committed before the call, only for calls about to be made;
* a claim whose lease runs out goes back to pending (the call was never made); a row
  left "sending" gets the table's own ``lost_send`` values (a survey becomes uncertain, a
  manager card is sent again marked as a repeat).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, bindparam, select, update

from surveys.ports import Clock
from surveys.storage.database import Database
from surveys.storage.uow import UnitOfWork

PENDING, CLAIMED, SENDING = "pending", "claimed", "sending"
RELEASED: Mapping[str, Any] = {"claim_token": None, "lease_until": None}
"""Values every transition out of claimed or sending sets."""


@dataclass(frozen=True, slots=True)
class OutboxTable:
    """What differs between the tables the outbox serves."""

    table: Table
    lost_send: Mapping[str, Any]
    """Values for a row whose lease ran out while it was "sending"."""
    held: Callable[[], ColumnElement[bool]] | None = None
    """An extra condition a due row must meet to be claimed (e.g. its wave is not paused)."""


@dataclass(frozen=True, slots=True)
class Claim:
    token: str
    ids: list[int]


@dataclass(slots=True)
class Settlement:
    """Rows that end the same way: ``values`` may use bind parameters that each row
    of ``rows`` fills in (the row id is always ``b_id``)."""

    values: Mapping[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)


class LeaseOutbox:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        spec: OutboxTable,
        *,
        lease: timedelta,
        batch_size: int,
    ) -> None:
        self.db = db
        self.clock = clock
        self.spec = spec
        self.lease = lease
        self.batch_size = batch_size
        self._c = spec.table.c

    async def recover(self) -> int:
        """Claims never used go back to pending; lost sends get the table's own values."""
        now, c = self.clock.now(), self._c
        async with UnitOfWork(self.db) as uow:
            back = await uow.session.execute(
                update(self.spec.table)
                .where(c.status == CLAIMED, c.lease_until < now)
                .values(status=PENDING, **RELEASED)
            )
            lost = await uow.session.execute(
                update(self.spec.table)
                .where(c.status == SENDING, c.lease_until < now)
                .values(**RELEASED, **self.spec.lost_send)
            )
        return int(back.rowcount) + int(lost.rowcount)  # type: ignore[attr-defined]

    async def claim(self, limit: int | None = None) -> Claim:
        """Claim up to ``limit`` due rows for this worker; each claim spends an attempt."""
        now, c = self.clock.now(), self._c
        token = secrets.token_hex(8)
        conditions = [c.status == PENDING, c.due_at <= now]
        if self.spec.held is not None:
            conditions.append(self.spec.held())
        due = (
            select(c.id).where(*conditions).order_by(c.due_at, c.id).limit(limit or self.batch_size)
        )
        async with UnitOfWork(self.db) as uow:
            if uow.dialect == "postgresql":
                due = due.with_for_update(skip_locked=True)
            rows = await uow.session.execute(
                update(self.spec.table)
                .where(c.id.in_(due.scalar_subquery()))
                .values(
                    status=CLAIMED,
                    lease_until=now + self.lease,
                    claim_token=token,
                    attempts=c.attempts + 1,
                )
                .returning(c.id)
            )
            ids = sorted(rows.scalars().all())
        return Claim(token, ids)

    def unspent(self, **values: Any) -> dict[str, Any]:
        """Back to pending without spending an attempt: nothing was wrong with the row,
        Telegram could not take it (down, 429) or it was never started."""
        return {"status": PENDING, "attempts": self._c.attempts - 1, **values}

    async def release(self, token: str, ids: Sequence[int], why: str) -> None:
        """Claimed rows this worker will not send after all go back, attempt unspent."""
        rows = [{"b_id": row_id} for row_id in ids]
        values = self.unspent(last_error=why)
        await self.settle(token, [Settlement(values, rows)], from_status=CLAIMED)

    async def release_claimed(self, token: str, why: str) -> int:
        """Every row of this claim still claimed (never started) goes back, attempt unspent."""
        c = self._c
        async with UnitOfWork(self.db) as uow:
            back = await uow.session.execute(
                update(self.spec.table)
                .where(c.claim_token == token, c.status == CLAIMED)
                .values(**RELEASED, **self.unspent(last_error=why))
            )
        return int(back.rowcount)  # type: ignore[attr-defined]

    def mine(self, token: str, status: str) -> ColumnElement[bool]:
        """The row ``b_id`` while this claim holds it in ``status``."""
        c = self._c
        return and_(c.id == bindparam("b_id"), c.claim_token == token, c.status == status)

    async def mark_sending(
        self, token: str, rows: Sequence[Mapping[str, Any]], values: Mapping[str, Any]
    ) -> set[int]:
        """Commit "sending" for the rows about to be sent; returns the ids still ours.

        ``values`` may bind per-row parameters filled from ``rows`` (each has ``b_id``).
        """
        if not rows:
            return set()
        c = self._c
        async with UnitOfWork(self.db) as uow:
            connection = await uow.session.connection()
            await connection.execute(
                update(self.spec.table)
                .where(self.mine(token, CLAIMED))
                .values(status=SENDING, lease_until=self.clock.now() + self.lease, **values),
                [dict(row) for row in rows],
            )
            marked = await connection.execute(
                select(c.id).where(
                    c.id.in_([row["b_id"] for row in rows]),
                    c.claim_token == token,
                    c.status == SENDING,
                )
            )
            return set(marked.scalars())

    async def settle(
        self,
        token: str,
        settlements: Sequence[Settlement],
        *,
        from_status: str = SENDING,
        also: Callable[[UnitOfWork], Awaitable[None]] | None = None,
    ) -> None:
        """Record how the rows ended, every group (and ``also``) in one transaction."""
        groups = [s for s in settlements if s.rows]
        if not groups and also is None:
            return
        async with UnitOfWork(self.db) as uow:
            connection = await uow.session.connection()
            for group in groups:
                await connection.execute(
                    update(self.spec.table)
                    .where(self.mine(token, from_status))
                    .values(**RELEASED, **group.values),
                    group.rows,
                )
            if also is not None:
                await also(uow)
