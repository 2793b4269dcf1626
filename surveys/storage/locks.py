"""PostgreSQL advisory locks: what several workers on one database take turns at.

Three kinds, each in its own namespace (the first key of the two-key form), so that they
never collide with each other:

* a chat's lock, held by the transaction that handles one of its updates: two updates of
  one chat are never handled at the same time by two workers, different chats are;
* the migrations' lock, held by the transaction that upgrades the schema: three workers
  started at once upgrade once, the others wait and find nothing to do;
* the instance lock, held by a session for the life of a process: ``run`` takes it alone,
  ``serve`` workers share it (see :mod:`bot.fleet.guard`).

On SQLite every one of these is a no-op or elsewhere: one writer at a time already
(``BEGIN IMMEDIATE``), and the instance guard is an OS file lock beside the file.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from surveys.storage.uow import UnitOfWork

CHAT_NAMESPACE = 0x5B01
MIGRATIONS_NAMESPACE = 0x5B02
INSTANCE_NAMESPACE = 0x5B03


def int32(value: int) -> int:
    """A chat id (up to 52 bits) folded into PostgreSQL's signed 32-bit lock key: two chats
    that fold alike only take turns, which is safe."""
    folded = (value ^ (value >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


async def lock_chat(uow: UnitOfWork, chat_id: int) -> None:
    """Hold ``chat_id``'s lock until this unit of work ends (PostgreSQL; SQLite needs none)."""
    if uow.dialect != "postgresql":
        return
    await uow.session.execute(
        text("SELECT pg_advisory_xact_lock(:ns, :key)"),
        {"ns": CHAT_NAMESPACE, "key": int32(chat_id)},
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
