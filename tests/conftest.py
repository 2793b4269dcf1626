"""Shared fixtures: databases on every backend, and a guard that keeps tests offline."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from surveys.storage import Database
from surveys.storage.migrate import upgrade

PG_ENV = "SURVEYBOT_TEST_DATABASE_URL"
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "ip6-localhost"}


def _refuse_network() -> None:
    """Fail any attempt to resolve or reach a host that is not this machine."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and str(name) not in _LOOPBACK:
            raise OSError(f"tests must not reach the network (tried to resolve {name!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host not in _LOOPBACK:
                raise OSError(f"tests must not reach the network (tried {host!r})")
        return real_connect(self, address)

    socket.getaddrinfo = guarded_getaddrinfo
    socket.socket.connect = guarded_connect  # type: ignore[method-assign,assignment]


def pytest_configure(config: pytest.Config) -> None:
    _refuse_network()


def _backends() -> list[Any]:
    params: list[Any] = [pytest.param("sqlite", id="sqlite")]
    marks = [pytest.mark.postgres]
    if not os.environ.get(PG_ENV):
        marks.append(pytest.mark.skip(reason=f"{PG_ENV} not set"))
    params.append(pytest.param("postgresql", id="postgresql", marks=marks))
    return params


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'surveybot.db'}"
        return
    yield from _fresh_postgres_database(os.environ[PG_ENV])


def _fresh_postgres_database(base_url: str) -> Iterator[str]:
    import asyncio

    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    name = f"surveybot_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def run(sql: str) -> None:
        connection = await asyncpg.connect(admin_dsn)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A migrated database on each backend."""
    database = Database(database_url)
    await upgrade(database)
    try:
        yield database
    finally:
        await database.dispose()
