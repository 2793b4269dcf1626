"""One owner of a database where one is all it can have; migrations one worker at a time."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.fleet.guard import AnotherInstance, InstanceGuard
from bot.settings import environment_without_settings
from surveys.storage import Database
from surveys.storage.migrate import current_revision, head_revision, upgrade

ROOT = Path(__file__).resolve().parents[3]
HOLD = """
import asyncio, sys
from bot.fleet.guard import InstanceGuard
from surveys.storage import Database

async def main():
    guard = InstanceGuard(Database(sys.argv[1]))
    await guard.acquire(shared=sys.argv[2] == "shared")
    print("held", flush=True)
    await asyncio.sleep(600)

asyncio.run(main())
"""


def _hold(url: str, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, url, mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=environment_without_settings(),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def _kill(child: subprocess.Popen[str]) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


async def test_a_second_owner_is_refused_and_a_kill_frees_the_lock(database_url: str) -> None:
    db = Database(database_url)
    await upgrade(db)
    child = _hold(database_url, "alone")
    try:
        with pytest.raises(AnotherInstance):
            await InstanceGuard(db).acquire()
        with pytest.raises(AnotherInstance):
            await InstanceGuard(db).acquire(shared=True)
    finally:
        _kill(child)
    guard = InstanceGuard(db)
    await guard.acquire()  # the lock died with the process
    await guard.release()
    await db.dispose()


async def test_workers_share_the_lock_and_run_alone_is_refused_beside_them(
    database_url: str,
) -> None:
    db = Database(database_url)
    if db.is_sqlite:
        pytest.skip("several workers need PostgreSQL")
    await upgrade(db)
    first, second = InstanceGuard(db), InstanceGuard(db)
    await first.acquire(shared=True)
    await second.acquire(shared=True)
    with pytest.raises(AnotherInstance):
        await InstanceGuard(db).acquire()
    await first.release()
    await second.release()
    alone = InstanceGuard(db)
    await alone.acquire()
    await alone.release()
    await db.dispose()


def test_run_twice_the_second_refuses_in_one_line(database_url: str, tmp_path: Path) -> None:
    env = environment_without_settings()
    env.update(
        SURVEYBOT_DATABASE_URL=database_url,
        SURVEYBOT_TOKEN="123456:" + "A" * 35,
        SURVEYBOT_API_BASE="http://127.0.0.1:9",
        SURVEYBOT_LANGUAGE="en",
    )
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    child = _hold(database_url, "alone")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        _kill(child)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("surveybot: another surveybot already runs on this database")


async def test_three_workers_upgrade_at_once(database_url: str) -> None:
    workers = [Database(database_url) for _ in range(3)]
    await asyncio.gather(*(upgrade(db) for db in workers))
    for db in workers:
        assert await current_revision(db) == head_revision()
        await db.dispose()
