"""Shared pieces of the benchmarks: the sandbox in its own process, and bulk test data."""

from __future__ import annotations

import asyncio
import resource
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from sqlalchemy import insert

from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Branch, Customer, Event


@asynccontextmanager
async def fresh_database(base_url: str) -> AsyncIterator[str]:
    """A new PostgreSQL database next to ``base_url``'s, dropped afterwards."""
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    name = f"surveybot_bench_{uuid.uuid4().hex[:10]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


@dataclass
class SandboxProcess:
    base_url: str
    token: str
    process: asyncio.subprocess.Process
    control_url: str
    """The control API on its own port: it stays up while the Bot API is down."""

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, f"{self.control_url}{path}", json=body) as response,
        ):
            return await response.json()


@asynccontextmanager
async def sandbox_process() -> AsyncIterator[SandboxProcess]:
    """``python -m bot.sandbox`` on a free port, stopped afterwards."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    base_url = (await process.stdout.readline()).decode().strip()
    token = (await process.stdout.readline()).decode().split()[1]
    control_url = (await process.stdout.readline()).decode().split()[2]
    try:
        yield SandboxProcess(base_url, token, process, control_url)
    finally:
        process.terminate()
        await process.wait()


async def add_users(sandbox: SandboxProcess, user_ids: range) -> None:
    """Create simulated users, a few hundred requests at a time."""
    async with aiohttp.ClientSession() as session:

        async def add(user_id: int) -> None:
            body = {"id": user_id, "first_name": f"C{user_id}", "language_code": "en"}
            async with session.post(f"{sandbox.control_url}/users", json=body) as response:
                response.raise_for_status()

        ids = list(user_ids)
        for start in range(0, len(ids), 500):
            await asyncio.gather(*(add(user_id) for user_id in ids[start : start + 500]))


async def linked_customers(
    db: Database, count: int, first_user: int, visit: datetime, *, linked: bool = True
) -> None:
    """``count`` customers with one service visit each, linked to chats from ``first_user``."""
    async with UnitOfWork(db) as uow:
        await uow.session.execute(insert(Branch).values(name="Bench", created_at=visit))
    for start in range(0, count, 5000):
        numbers = range(start, min(count, start + 5000))
        async with UnitOfWork(db) as uow:
            await uow.session.execute(
                insert(Customer),
                [
                    {
                        "id": n + 1,
                        "external_id": f"C{n:07d}",
                        "name": f"Customer {n}",
                        "phone": f"+86139{n:08d}",
                        "language": "en",
                        "telegram_user_id": first_user + n if linked else None,
                        "chat_id": first_user + n if linked else None,
                        "opted_out": False,
                        "unreachable": False,
                        "created_at": visit,
                        "updated_at": visit,
                    }
                    for n in numbers
                ],
            )
            await uow.session.execute(
                insert(Event),
                [
                    {
                        "external_id": f"E{n:07d}",
                        "kind": "service",
                        "occurred_at": visit + timedelta(seconds=n % 3600),
                        "customer_id": n + 1,
                        "branch_id": 1,
                        "created_at": visit,
                    }
                    for n in numbers
                ],
            )


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux's ``ru_maxrss`` survives exec (a child started by a big parent reports the
    parent's peak), so the per-process high-water mark ``VmHWM`` is read when available.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
