"""``GET /healthz``: does the database answer, and Redis where one is set."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text

from surveys.storage.database import Database

TIMEOUT_SECONDS = 2.0


class Health:
    def __init__(self, db: Database, redis: Any | None = None) -> None:
        self.db = db
        self.redis = redis

    async def __call__(self) -> dict[str, bool]:
        parts = {"database": await self._database()}
        if self.redis is not None:
            parts["redis"] = await self._redis()
        return parts

    async def _database(self) -> bool:
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS), self.db.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def _redis(self) -> bool:
        assert self.redis is not None
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                return bool(await self.redis.ping())
        except Exception:
            return False
