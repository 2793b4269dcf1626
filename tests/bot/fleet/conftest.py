"""Fixtures for the webhook and several workers: free ports, Redis when it is set."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

REDIS_ENV = "SURVEYBOT_TEST_REDIS_URL"
SECRET = "webhook-secret-for-tests_42"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


needs_redis = pytest.mark.skipif(not os.environ.get(REDIS_ENV), reason=f"{REDIS_ENV} not set")
needs_postgres = pytest.mark.skipif(
    not os.environ.get("SURVEYBOT_TEST_DATABASE_URL"), reason="SURVEYBOT_TEST_DATABASE_URL not set"
)


@pytest.fixture
async def redis_client() -> AsyncIterator[Any]:
    """A Redis client, with a key prefix of this test's own (deleted afterwards)."""
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"{REDIS_ENV} not set")
    import redis.asyncio as aioredis

    client = aioredis.from_url(url)  # type: ignore[no-untyped-call]
    client.test_prefix = f"surveybot-test:{uuid.uuid4().hex[:10]}"
    try:
        yield client
    finally:
        keys = [key async for key in client.scan_iter(f"{client.test_prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()
