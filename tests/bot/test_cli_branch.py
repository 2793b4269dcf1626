"""``surveybot branch set BRANCH --hours ...`` and ``surveybot branch list``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.branch import business_hours

HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "en")
    path = tmp_path / "events.csv"
    rows = [
        "S-1,sale,2026-11-29 10:15,C-1,Alex,13800138000,en,Pudong,Li,X",
        "S-2,sale,2026-11-29 11:15,C-2,Bo,13900139000,en,Minhang,Li,X",
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    assert main(["import", str(path), "--quiet"]) == 0
    return database_url


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("mon-sun 09:00-18:00", "mon-sun 09:00-18:00"),
        ("Mon-Fri 8:30-17:30", "mon-fri 08:30-17:30"),
        ("sat,sun 10:00-16:00", "sat-sun 10:00-16:00"),
        ("fri-mon 10:00-16:00", "mon,fri,sat,sun 10:00-16:00"),
        ("mon,wed,fri 09:00-12:00", "mon,wed,fri 09:00-12:00"),
    ],
)
def test_hours_are_read_and_stored_one_way(typed: str, stored: str) -> None:
    assert business_hours(typed) == stored


@pytest.mark.parametrize(
    "typed", ["mon-sun", "9-18", "mon-sun 18:00-09:00", "mon-xyz 09:00-18:00", "mon 25:00-26:00"]
)
def test_bad_hours_are_refused(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        business_hours(typed)


def test_set_and_list(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["branch", "set", "Pudong", "--hours", "mon-fri 09:00-18:00"]) == 0
    assert "Pudong: business hours mon-fri 09:00-18:00" in capsys.readouterr().out
    assert main(["branch", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "Minhang  mon-sun 09:00-18:00 (the rule file's)",
        "Pudong  mon-fri 09:00-18:00",
    ]
    assert main(["branch", "set", "Pudong", "--hours", "default"]) == 0
    capsys.readouterr()
    assert main(["branch", "list"]) == 0
    assert "Pudong  mon-sun 09:00-18:00 (the rule file's)" in capsys.readouterr().out


def test_unknown_branch_and_bad_hours_exit_two(
    env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["branch", "set", "Nowhere", "--hours", "mon-sun 09:00-18:00"]) == 2
    assert "no branch named 'Nowhere'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["branch", "set", "Pudong", "--hours", "mon-sun 18:00-09:00"])
    assert stopped.value.code == 2
    assert "close after they open" in capsys.readouterr().err
