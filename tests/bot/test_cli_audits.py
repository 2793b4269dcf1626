"""``surveybot branch set`` and ``surveybot audit``, run as an operator would."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.branch import parse_location


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "en")
    assert main(["db", "upgrade"]) == 0
    return database_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.2304,121.4737", (31.2304, 121.4737)),
        (" -33.86 , 151.21 ", (-33.86, 151.21)),
        ("31.2304，121.4737", (31.2304, 121.4737)),
    ],
)
def test_a_location_is_read_as_decimal_degrees(text: str, expected: tuple[float, float]) -> None:
    assert parse_location(text) == expected


@pytest.mark.parametrize("text", ["31.2", "north,east", "91,10", "10,181", "1,2,3"])
def test_a_malformed_location_is_refused(text: str) -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        parse_location(text)


def test_an_audit_is_scheduled_once_per_branch_and_checklist(
    env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "--user-id", "7001", "--role", "shopper"]) == 0
    assert main(["staff", "add", "--user-id", "7002", "--role", "shopper", "--branch", "X"]) == 2
    assert "belongs to no branch" in capsys.readouterr().err
    assert (
        main(
            [
                "staff",
                "add",
                "--user-id",
                "8001",
                "--role",
                "manager",
                "--branch",
                "浦东店",
                "--create-branch",
            ]
        )
        == 0
    )
    assert main(["branch", "set", "浦东店", "--location", "31.2304,121.4737"]) == 0
    assert "浦东店 is at 31.2304, 121.4737" in capsys.readouterr().out
    assert main(["branch", "set", "Nowhere", "--location", "31,121"]) == 2
    assert "no branch named 'Nowhere'" in capsys.readouterr().err
    first = date.today() + timedelta(days=3)
    window = f"{first}..{first + timedelta(days=10)}"
    create = ["audit", "create", "--checklist", "pre_sale", "--branch", "浦东店", "--window"]
    assert main([*create, window, "--shopper", "7001"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].isdigit()
    assert f"shopper 7001 is told on {first}" in out[0]
    assert main([*create, window]) == 2
    assert f"audit #{out[-1]} of this branch and checklist is still open" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit) as refused:
        main([*create, "2026-13-01..2026-13-02"])
    assert refused.value.code == 2
    assert "is not FIRST..LAST" in capsys.readouterr().err
    assert main(["audit", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(a["id"], a["status"], a["shopper"]) for a in listed] == [
        (int(out[-1]), "scheduled", 7001)
    ]
    assert main(["audit", "cancel", out[-1]]) == 0
    assert main([*create, window]) == 0  # the slot is free again; 7001 is the only shopper
    assert main(["audit", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("audit cancelled" in line for line in lines)
    assert any("scheduled, shopper not told yet" in line for line in lines)
