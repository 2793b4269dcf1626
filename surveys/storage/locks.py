"""PostgreSQL advisory locks: what several workers on one database take turns at.

Four kinds, each in its own namespace (the first key of the two-key form), so that they
never collide with each other:

* a chat's lock, held by the transaction that handles one of its updates: two updates of
  one chat are never handled at the same time by two workers, different chats are;
* the migrations' lock, held by the transaction that upgrades the schema: three workers
  started at once upgrade once, the others wait and find nothing to do;
* the outage notices' lock, the same way: workers that saw one outage end tell the
  admins of it once;
* the instance lock, held by a session for the life of a process: ``run`` takes it alone,
  ``serve`` workers share it (see :mod:`bot.fleet.guard`).

On SQLite every one of these is a no-op or elsewhere: one writer at a time already
(``BEGIN IMMEDIATE``), and the instance guard is an OS file lock beside the file.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Insert, Table, bindparam, func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from surveys.storage.sql import prepared_insert_ignore
from surveys.storage.tables import ProcessedUpdate
from surveys.storage.uow import UnitOfWork

CHAT_NAMESPACE = 0x5B01
MIGRATIONS_NAMESPACE = 0x5B02
INSTANCE_NAMESPACE = 0x5B03
OUTAGE_NAMESPACE = 0x5B04


def int32(value: int) -> int:
    """A chat id (up to 52 bits) folded into PostgreSQL's signed 32-bit lock key: two chats
    that fold alike only take turns, which is safe."""
    folded = (value ^ (value >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


async def claim_in_turn(uow: UnitOfWork, chat_id: int, update_id: int, at: datetime) -> bool:
    """Record ``update_id`` as handled, once ``chat_id``'s turn has come (its lock, on
    PostgreSQL, held until this unit of work ends); False when it was recorded before.

    On PostgreSQL the lock and the record are one statement, one round trip instead of two:
    the row to insert is made by the lock's call, so the lock is held before the insert
    looks for the id (a duplicate waits for the first one to commit, then finds it)."""
    values = {"update_id": update_id, "processed_at": at}
    if uow.dialect == "postgresql":
        values |= {"ns": CHAT_NAMESPACE, "key": int32(chat_id)}
        claimed = await uow.session.execute(_CLAIM_IN_TURN, values)
    else:
        claimed = await uow.session.execute(
            prepared_insert_ignore(uow.dialect, _PROCESSED, ("update_id",)), values
        )
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def _claim_in_turn() -> Insert:
    turn = select(func.pg_advisory_xact_lock(bindparam("ns"), bindparam("key"))).cte("turn")
    row = select(
        bindparam("update_id", type_=BigInteger),
        bindparam("processed_at", type_=_PROCESSED.c.processed_at.type),
    ).select_from(turn)
    return (
        postgresql.insert(_PROCESSED)
        .from_select(["update_id", "processed_at"], row)
        .on_conflict_do_nothing(index_elements=["update_id"])
    )


_PROCESSED: Table = ProcessedUpdate.__table__  # type: ignore[assignment]
_CLAIM_IN_TURN = _claim_in_turn()


async def lock_outage_notices(uow: UnitOfWork) -> None:
    """Hold the lock of outage notices until this unit of work ends: workers that saw one
    outage end tell the admins of it in turn (PostgreSQL; on SQLite writers queue anyway)."""
    if uow.dialect != "postgresql":
        return
    await uow.session.execute(
        text("SELECT pg_advisory_xact_lock(:ns, 0)"), {"ns": OUTAGE_NAMESPACE}
    )


async def lock_migrations(connection: AsyncConnection) -> None:
    """Hold the migrations' lock until ``connection``'s transaction ends."""
    if connection.dialect.name != "postgresql":
        return
    await connection.execute(
        text("SELECT pg_advisory_xact_lock(:ns, 0)"), {"ns": MIGRATIONS_NAMESPACE}
    )


async def try_instance_lock(connection: AsyncConnection, *, shared: bool) -> bool:
    """Take the instance lock on this session (it dies with the session); False when
    another process holds it in a way that excludes us."""
    function = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    result = await connection.execute(
        text(f"SELECT {function}(:ns, 0)"), {"ns": INSTANCE_NAMESPACE}
    )
    return bool(result.scalar_one())
