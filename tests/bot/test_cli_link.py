"""``surveybot link --revoke`` and ``surveybot unlink``, run as an operator would."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.cli import main
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import AuditEntry, Customer

ROW = "S-1,sale,2026-11-29 10:15,C-1,Alex,13800138000,en,Pudong,Li,X"
HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    path = tmp_path / "events.csv"
    path.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    assert main(["import", str(path), "--quiet"]) == 0
    return database_url


def _customer(url: str) -> tuple[int, int | None, list[str]]:
    async def read() -> tuple[int, int | None, list[str]]:
        db = Database(url)
        try:
            async with UnitOfWork(db, readonly=True) as uow:
                row = (await uow.session.execute(select(Customer))).scalar_one()
                audit = (await uow.session.execute(select(AuditEntry.action))).scalars().all()
                return row.link_version, row.telegram_user_id, list(audit)
        finally:
            await db.dispose()

    return asyncio.run(read())


def _link_chat(url: str, user: int) -> None:
    async def write() -> None:
        db = Database(url)
        try:
            async with UnitOfWork(db) as uow:
                await uow.session.execute(
                    update(Customer).values(telegram_user_id=user, chat_id=user)
                )
        finally:
            await db.dispose()

    asyncio.run(write())


def test_revoke_prints_a_new_link_and_moves_the_version_on(
    env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["link", "C-1"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert main(["link", "--revoke", "C-1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "no longer work" in out[0]
    assert out[1] != first
    assert main(["link", "C-1"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == out[1]  # the new link stays the same
    version, _, audit = _customer(env)
    assert version == 1
    assert "customer.link_revoke" in audit
    assert main(["link", "--revoke", "NOBODY"]) == 2


def test_unlink_disconnects_the_chat(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    _link_chat(env, 501)
    capsys.readouterr()
    assert main(["unlink", "C-1"]) == 0
    assert "chat disconnected" in capsys.readouterr().out
    _, user, audit = _customer(env)
    assert user is None
    assert "customer.unlink" in audit
    assert main(["unlink", "C-1"]) == 0
    assert "no chat was linked" in capsys.readouterr().out
    assert main(["unlink", "NOBODY"]) == 2
