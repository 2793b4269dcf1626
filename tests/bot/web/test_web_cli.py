"""``surveybot link --web`` and ``surveybot wave create --channel web``, run in-process as a
user would, against a real database."""

from __future__ import annotations

import asyncio
import csv
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.cli import main
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Delivery, WebToken

HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)
ZONE = "Asia/Shanghai"
LINK = re.compile(r"^https://survey\.example\.com/s/[A-Za-z0-9_-]{16,}$")


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "en")
    monkeypatch.setenv("SURVEYBOT_WEB_URL", "https://survey.example.com/")
    monkeypatch.setenv("SURVEYBOT_TIMEZONE", ZONE)
    # "Yesterday" for the business, not for this machine's clock (UTC here: from 16:00 it
    # is already tomorrow in Shanghai).
    yesterday = datetime.now(ZoneInfo(ZONE)).date() - timedelta(days=1)
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + f"\nS-1,service,{yesterday} 10:15,C-1,王芳,13800138001,zh,浦东店,李伟,Model 3"
        + f"\nS-2,service,{yesterday} 11:15,C-2,Alex,13800138002,en,浦东店,李伟,Model Y"
        + f"\nS-3,sale,{yesterday} 12:15,C-3,Bo,13800138003,,闵行店,孙宇,Model Y\n",
        encoding="utf-8",
    )
    assert main(["import", str(path), "--quiet"]) == 0
    return database_url


def _counts(url: str) -> tuple[int, int]:
    async def count() -> tuple[int, int]:
        db = Database(url)
        try:
            async with UnitOfWork(db, readonly=True) as uow:
                deliveries = await uow.session.scalar(select(func.count()).select_from(Delivery))
                tokens = await uow.session.scalar(select(func.count()).select_from(WebToken))
                return int(deliveries or 0), int(tokens or 0)
        finally:
            await db.dispose()

    return asyncio.run(count())


def test_link_web_prints_a_survey_link_for_the_latest_visit(
    env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["link", "--web", "C-1"]) == 0
    first = capsys.readouterr().out.strip()
    assert LINK.match(first), first
    assert "." not in first.rsplit("/", 1)[1]
    qr = Path("receipt") / "c1.png"
    assert main(["link", "--web", "C-1", "--qr", str(qr)]) == 0
    second = capsys.readouterr().out.strip()
    assert qr.read_bytes().startswith(b"\x89PNG")
    assert LINK.match(second)
    assert second != first
    assert _counts(env) == (1, 2), "both links open the same survey of the same visit"
    assert main(["link", "--web", "nobody"]) == 2
    assert "no customer" in capsys.readouterr().err


def test_wave_create_channel_web_writes_links_for_the_unlinked(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["wave", "create", "--template", "post_service", "--event-type", "service"]
    base += ["--window", "yesterday", "--now", "--channel", "web"]
    assert main(base) == 2
    assert "--out" in capsys.readouterr().err
    out = tmp_path / "sms" / "links.csv"
    assert main([*base, "--out", str(out)]) == 0
    assert "2 survey links for customers without a chat" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["customer_id"], r["phone"], r["language"]) for r in rows] == [
        ("C-1", "+8613800138001", "zh"),
        ("C-2", "+8613800138002", "en"),
    ]
    assert all(LINK.match(r["link"]) for r in rows)
    assert main([*base, "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig") as handle:
        assert list(csv.DictReader(handle)) == [], "a visit already surveyed gets no second link"
