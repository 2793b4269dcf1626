"""``surveybot branch set`` and ``surveybot audit``, run as an operator would."""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

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


async def _submit_on_site(database_url: str, audit_id: int) -> None:
    """The shopper's visit, in the domain: every item passes but the two number items,
    one photo, a location at the branch's door."""
    from datetime import UTC, datetime

    from surveys.audits.assignments import due_to_tell
    from surveys.audits.fieldwork import Fieldwork
    from surveys.audits.model import AuditRules, ChecklistCatalog
    from surveys.storage import Database, UnitOfWork
    from surveys.storage.tables import Audit

    db = Database(database_url)
    work = Fieldwork(ChecklistCatalog(), AuditRules(zone=ZoneInfo("Asia/Shanghai")))
    now = datetime.now(UTC)
    try:
        async with UnitOfWork(db) as uow:
            await due_to_tell(uow, now)
            step = await work.start(uow, 7001, audit_id, now)
            audit = await uow.session.get_one(Audit, audit_id)
            while (item := step.item) is not None:
                if step.needs_photo:
                    step = await work.photo(uow, audit, "AgAC-1", b"\xff\xd8photo", now)
                    continue
                value = {"number": 99.0, "scale": 5.0}.get(item.type.value, 1.0)
                step = await work.answer(uow, audit, step.position, value, "ok", now)
            await work.location(uow, audit, 31.2305, 121.4737, now)
            await work.submit(uow, 7001, audit_id, now)
    finally:
        await db.dispose()


def test_an_audit_is_reviewed_scored_and_followed_up_from_the_command_line(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "--user-id", "7001", "--role", "shopper"]) == 0
    assert main(["staff", "add", "--user-id", "7002", "--role", "shopper"]) == 0
    add = ["staff", "add", "--user-id", "8001", "--role", "manager", "--branch", "浦东店"]
    assert main([*add, "--create-branch"]) == 0
    assert main(["branch", "set", "浦东店", "--location", "31.2304,121.4737"]) == 0
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the business's day, not UTC's
    window = f"{today}..{today + timedelta(days=5)}"
    create = ["audit", "create", "--checklist", "after_sale", "--branch", "浦东店"]
    assert main([*create, "--window", window, "--shopper", "7001"]) == 0
    audit_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["audit", "review", audit_id, "--approve"]) == 2
    assert "is not waiting for review" in capsys.readouterr().err
    asyncio.run(_submit_on_site(env, int(audit_id)))

    assert main(["audit", "review", audit_id, "--approve"]) == 0
    # greeted_at_gate (w2) and minutes_waited (w2) fail: 9 of 13 weight passes.
    assert f"Audit #{audit_id} approved: score 69.2, 2 improvement actions opened." in (
        capsys.readouterr().out
    )
    assert main(["audit", "reaudit", audit_id, "--window", window]) == 2
    assert "a re-audit can start on" in capsys.readouterr().err
    later = f"{today + timedelta(days=8)}..{today + timedelta(days=10)}"
    assert main(["audit", "reaudit", audit_id, "--window", later]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "shopper 7002" in out[0]
    assert out[-1].isdigit()

    assert main(["stats", "--json", "--days", "7"]) == 0
    card = json.loads(capsys.readouterr().out)["scorecard"]
    assert card["audit_scores"] == {"浦东店": 69.2}
    rows = {row["touchpoint"]: row for row in card["rows"]}
    assert rows["waiting_time"]["audit_score"] == 0.0
    assert rows["reception"]["audit_score"] == pytest.approx(33.3)
    chart = tmp_path / "week.png"
    assert main(["stats", "--days", "7", "--chart", str(chart)]) == 0
    assert "浦东店: audit score 69.2" in capsys.readouterr().out
    assert (tmp_path / "week-audits.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    assert main(["export", "--days", "7", "--out", str(tmp_path / "week.csv")]) == 0
    assert "8 answers of approved audits" in capsys.readouterr().out
    lines = (tmp_path / "week-audits.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Audit #,Audit checklist,Audited branch,Submitted at")
    assert len(lines) == 9
    waited = next(line for line in lines if "minutes from drop-off" in line)
    assert f"{audit_id},Service visit mystery shop,浦东店," in waited
    assert ",7001,Workshop," in waited
    assert ",99.0,0.0,ok," in waited

    folder = tmp_path / "photos"
    folder.mkdir()
    assert main(["audit", "photos", audit_id, "--out", str(folder)]) == 0
    assert [p.read_bytes() for p in folder.iterdir()] == [b"\xff\xd8photo"]
    assert main(["audit", "calibration"]) == 0
    assert "No two shoppers" in capsys.readouterr().out


def test_a_broken_checklist_of_the_deployment_stops_every_command(
    env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    shipped = Path(__file__).resolve().parents[2] / "surveys/conversation/templates/checklists"
    text = (shipped / "after_sale.yaml").read_text(encoding="utf-8")
    (folder / "after_sale.yaml").write_text(text.replace("weight: 2", "weight: -2", 1), "utf-8")
    monkeypatch.setenv("SURVEYBOT_CHECKLISTS", str(folder))
    assert main(["audit", "list"]) == 2
    assert capsys.readouterr().err.strip() == (
        "surveybot: after_sale.yaml: item 'greeted_at_gate': 'weight' must be a number >= 0"
    )
    (folder / "after_sale.yaml").write_text(text.replace("limit: 2", "limit: 3", 1), "utf-8")
    assert main(["audit", "list"]) == 0  # a changed checklist is a new version
