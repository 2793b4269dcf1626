"""The command line, run as a user would (in-process ``main``), against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "en")  # the assertions read the English output
    return database_url


def test_db_upgrade_and_current(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_import_reports_bad_lines_and_exits_zero(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + "\nS-1,service,2026-11-29 10:15,C-1,Alex,13800138000,en,Pudong,Li,Model 3"
        + "\nS-2,service,yesterday,C-2,Bo,13900139000,,Pudong,,\n",
        encoding="utf-8",
    )
    assert main(["import", str(path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "2 rows, 1 imported, 1 bad" in out
    assert "line 3: occurred_at" in out
    assert main(["import", str(path), "--quiet"]) == 0
    assert "0 new, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_import_of_unreadable_file_exits_two(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"\x00\x01\x02 not a csv at all")
    assert main(["import", str(path)]) == 2
    assert "garbage.csv" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.csv")]) == 2


def test_link_prints_a_token_that_fits_telegram(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER + "\nS-1,sale,2026-11-29 10:15,CUST-000123,Alex,13800138000,en,Pudong,Li,X\n",
        encoding="utf-8",
    )
    main(["import", str(path), "--quiet"])
    capsys.readouterr()
    assert main(["link", "CUST-000123"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[0]
    assert len(token) <= 64
    assert all(ch.isalnum() or ch in "-_" for ch in token)
    assert main(["link", "NOBODY"]) == 2


def test_bad_setting_is_one_line(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SURVEYBOT_TIMEZONE", "Nowhere/City")
    assert main(["db", "current"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "surveybot: SURVEYBOT_TIMEZONE: 'Nowhere/City' is not a known IANA time zone"
