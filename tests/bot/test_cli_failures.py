"""Every mistake of a first hour is one line on stderr that names what to fix, exit status 2.

Each case runs the real command line in a subprocess, as an IT person would type it. The
Bot API cases never leave the machine: a closed local port, the sandbox (which refuses a
token of the wrong shape, as Telegram does with 404) and a local server that answers 401.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from bot.sandbox import Sandbox

GOOD_TOKEN_SHAPE = "123456:" + "A" * 35
WRONG_TOKEN = "123456:" + "B" * 36  # passes our check, not the Bot API's
HEADER = "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch"
BROKEN_TEMPLATE = """key: broken
title: {zh: 坏, en: Broken}
intro: {zh: 你好, en: Hello}
thanks: {zh: 谢谢, en: Thanks}
questions:
  - id: q1
    type: stars
    text: {zh: 星星, en: Stars}
"""


@dataclass
class Case:
    args: list[str]
    expected: str  # a part of the one line on stderr
    env: dict[str, str] = field(default_factory=dict)
    database: bool = True  # create the SQLite database first
    needs: str = ""  # "templates", "csv", "demo", "fake_asyncpg"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        lines = self.err.strip().splitlines()
        return lines[-1] if lines else ""


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _cli(args: list[str], env: dict[str, str], cwd: Path, stdin: bytes = b"") -> Result:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=cwd,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=120)
    assert process.returncode is not None
    return Result(process.returncode, out.decode(), err.decode())


def _environment(folder: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYBOT_")}
    env.update(
        SURVEYBOT_DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'surveybot.db'}",
        SURVEYBOT_LANGUAGE="en",
    )
    env.update(values)
    return env


def _prepare(case: Case, folder: Path, env: dict[str, str]) -> None:
    if case.needs == "templates":
        templates = folder / "templates"
        templates.mkdir()
        (templates / "broken.yaml").write_text(BROKEN_TEMPLATE, encoding="utf-8")
        env["SURVEYBOT_TEMPLATES"] = str(templates)
    if case.needs == "csv":
        (folder / "f.csv").write_text(
            f"{HEADER}\nS-1,service,2026-11-29 10:15,C-1,Alex,13800138000,en,Pudong\n",
            encoding="utf-8",
        )
    if case.needs == "demo":
        (folder / "keep").mkdir()
        (folder / "keep" / "surveybot.db").write_bytes(b"precious")
    if case.needs == "fake_asyncpg":
        # A machine without the postgres extra: importing asyncpg fails as it would there.
        fake = folder / "no_asyncpg" / "asyncpg"
        fake.mkdir(parents=True)
        (fake / "__init__.py").write_text(
            "raise ModuleNotFoundError(\"No module named 'asyncpg'\", name='asyncpg')\n",
            encoding="utf-8",
        )
        env["PYTHONPATH"] = str(fake.parent)


DATA_CASES = {
    "missing database": Case(["stats"], "no database at ", database=False),
    "relative database path": Case(
        ["wave", "list"],
        "a path relative to the current folder",
        env={"SURVEYBOT_DATABASE_URL": "sqlite+aiosqlite:///surveybot.db"},
        database=False,
    ),
    "database in a missing folder": Case(
        ["db", "upgrade"],
        "the folder /nowhere/at/all of the database",
        env={"SURVEYBOT_DATABASE_URL": "sqlite+aiosqlite:////nowhere/at/all/surveybot.db"},
        database=False,
    ),
    "postgres without the extra": Case(
        ["stats"],
        "needs the postgres extra",
        env={"SURVEYBOT_DATABASE_URL": "postgresql://surveybot:pw-of-db@127.0.0.1:1/surveybot"},
        database=False,
        needs="fake_asyncpg",
    ),
    "postgres not reachable": Case(
        ["wave", "list"],
        "cannot use the database postgresql+asyncpg://surveybot:***@127.0.0.1:",
        env={"SURVEYBOT_DATABASE_URL": "postgresql://surveybot:pw-of-db@127.0.0.1:1/surveybot"},
        database=False,
    ),
    "broken template on stats": Case(["stats"], "broken.yaml: question 'q1': ", needs="templates"),
    "broken template on wave list": Case(
        ["wave", "list"], "broken.yaml: question 'q1': ", needs="templates"
    ),
    "chart into a missing folder": Case(
        ["stats", "--chart", "/nowhere/chart.png"], "--chart: the folder /nowhere does not exist"
    ),
    "export into a missing folder": Case(
        ["export", "--out", "/nowhere/rows.xlsx"], "--out: the folder /nowhere does not exist"
    ),
    "unknown revision": Case(["db", "upgrade", "nosuchrev"], "no schema revision 'nosuchrev'"),
    "downgrade without a terminal": Case(
        ["db", "downgrade", "base"], "deletes every table and all their rows"
    ),
    "errors file is the input": Case(
        ["import", "f.csv", "--errors", "f.csv", "--dry-run"],
        "--errors f.csv is the file being imported",
        needs="csv",
    ),
    "demo over an existing database": Case(
        ["demo", "--db", "keep/surveybot.db"],
        "would delete or overwrite",
        database=False,
        needs="demo",
    ),
    "negative days": Case(["stats", "--days", "-3"], "--days: must be a whole number of days"),
    "unknown staff": Case(["stats", "--staff", "nobody"], "no staff member named 'nobody'"),
    "unknown template": Case(
        ["export", "--template", "nosuch", "--out", "x.csv"], "no survey template 'nosuch'"
    ),
    "unknown branch for staff": Case(
        ["staff", "add", "--user-id", "5", "--role", "manager", "--branch", "不存在店"],
        "add --create-branch to create it",
    ),
    "wave without a time": Case(
        ["wave", "create", "--template", "post_service", "--window", "yesterday"],
        "give --now or --at TIME",
    ),
    "bad log level": Case(["stats"], "SURVEYBOT_LOG_LEVEL: ", env={"SURVEYBOT_LOG_LEVEL": "loud"}),
    "run without a token": Case(["run"], "SURVEYBOT_TOKEN: not set"),
}


_EMPTY_DATABASE: list[bytes] = []


async def _database(folder: Path) -> None:
    """A new database made by ``surveybot db upgrade`` (once, then copied)."""
    if not _EMPTY_DATABASE:
        made = folder / "made"
        made.mkdir()
        created = await _cli(["db", "upgrade"], _environment(made), made)
        assert created.code == 0, created.err
        _EMPTY_DATABASE.append((made / "surveybot.db").read_bytes())
    (folder / "surveybot.db").write_bytes(_EMPTY_DATABASE[0])


@pytest.mark.parametrize("name", sorted(DATA_CASES))
async def test_a_mistake_is_one_line(name: str, tmp_path: Path) -> None:
    case = DATA_CASES[name]
    if case.database:
        await _database(tmp_path)
    env = _environment(tmp_path, **case.env)
    _prepare(case, tmp_path, env)
    result = await _cli(case.args, env, tmp_path)
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err, result.err
    assert result.err.strip().count("\n") == 0, result.err
    assert result.last_line.startswith("surveybot"), result.err
    assert case.expected in result.last_line, result.err
    assert "pw-of-db" not in result.err
    if case.needs == "demo":
        assert (tmp_path / "keep" / "surveybot.db").read_bytes() == b"precious"


async def test_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    await _database(tmp_path)
    env = _environment(tmp_path)
    process = await asyncio.create_subprocess_shell(
        f"'{sys.executable}' -m bot staff list --json | head -c 1",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert err.decode() == ""


@pytest.fixture
async def refusing_api() -> AsyncIterator[str]:
    """A Bot API that answers every call with 401 Unauthorized, as Telegram does for a
    revoked token."""

    async def unauthorized(request: web.Request) -> web.Response:
        return web.json_response(
            {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
@pytest.mark.parametrize("api", ["closed port", "sandbox", "401"])
async def test_run_with_a_wrong_token_or_api_base_is_one_line(
    framework: str, api: str, tmp_path: Path, refusing_api: str
) -> None:
    token = WRONG_TOKEN
    if api == "closed port":
        base, token, expected = f"http://127.0.0.1:{_closed_port()}", GOOD_TOKEN_SHAPE, "cannot"
    elif api == "401":
        base, expected = refusing_api, "refused the bot token 123456:***"
    sandbox = Sandbox()
    sandbox_url = await sandbox.start()
    if api == "sandbox":
        base, expected = sandbox_url, "refused the bot token 123456:***"
    try:
        env = _environment(tmp_path, SURVEYBOT_TOKEN=token, SURVEYBOT_API_BASE=base)
        result = await _cli(["run", "--framework", framework], env, tmp_path)
    finally:
        await sandbox.stop()
    assert result.code == 2, result.err
    assert "Traceback" not in result.err, result.err
    assert result.last_line.startswith("surveybot: "), result.err
    assert expected in result.last_line, result.err
    assert base in result.last_line
    assert token not in result.err
    assert token.partition(":")[2] not in result.err
