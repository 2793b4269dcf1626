"""What ``run`` and ``serve`` share before they start: the instance guard and Redis."""

from __future__ import annotations

from typing import Any

from bot.cli.shared.common import database_shown
from bot.cli.shared.failures import Mistake
from bot.fleet.guard import AnotherInstance, InstanceGuard
from bot.logs.redaction import redact
from surveys.storage.database import Database


async def guard(db: Database, url: str, *, shared: bool) -> InstanceGuard:
    """The instance lock, or one line saying that another instance runs."""
    held = InstanceGuard(db)
    try:
        await held.acquire(shared=shared)
    except AnotherInstance as error:
        where = str(error) if db.is_sqlite else database_shown(url)
        raise Mistake("cli_another_instance", where=where) from None
    return held


async def connect_redis(url: str) -> Any:
    """A Redis client that answered a PING, or one line saying what is missing."""
    try:
        import redis.asyncio as aioredis
    except ImportError:
        raise Mistake("cli_needs_redis_extra") from None
    client = aioredis.from_url(url, socket_connect_timeout=5, socket_timeout=10)  # type: ignore[no-untyped-call]
    try:
        await client.ping()
    except Exception:
        await client.aclose()
        raise Mistake("cli_redis_unreachable", url=redact(url)) from None
    return client
