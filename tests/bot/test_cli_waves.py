"""The fixed command-line forms that scripts and cron drive: waves, staff, links."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.cli import main

HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBOT_BOT_USERNAME", "dealer_survey_bot")
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "en")  # the assertions read the English output
    yesterday = date.today() - timedelta(days=1)
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + f"\nS-1,service,{yesterday} 10:15,C-1,王芳,13800138001,zh,浦东店,李伟,Model 3"
        + f"\nS-2,service,{yesterday} 11:15,C-2,Alex,13800138002,en,浦东店,李伟,Model Y"
        + f"\nS-3,sale,{yesterday} 12:15,C-3,Bo,13800138003,,闵行店,孙宇,Model Y\n",
        encoding="utf-8",
    )
    assert main(["import", str(path), "--quiet"]) == 0
    return tmp_path


def _last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_wave_create_show_list_cancel(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(
        [
            "wave",
            "create",
            "--template",
            "post_service",
            "--event-type",
            "service",
            "--window",
            "yesterday",
            "--branch",
            "浦东店",
            "--now",
        ]
    )
    assert code == 0
    wave_id = int(_last_line(capsys))
    assert main(["wave", "show", str(wave_id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == wave_id
    assert shown["status"] == "scheduled"
    assert set(shown["counts"]) >= {
        "pending",
        "sent",
        "failed",
        "uncertain",
        "answered",
        "completed",
        "skipped",
    }
    assert main(["wave", "list"]) == 0
    assert f"#{wave_id}" in capsys.readouterr().out
    assert main(["wave", "cancel", str(wave_id)]) == 0
    assert "cancelled" in capsys.readouterr().out
    assert main(["wave", "show", str(wave_id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "cancelled"


def test_wave_create_with_dates_time_and_every(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    tomorrow = date.today() + timedelta(days=1)
    assert (
        main(
            [
                "wave",
                "create",
                "--template",
                "post_sale",
                "--event-type",
                "sale",
                "--since",
                "2026-01-01",
                "--until",
                "2026-01-31",
                "--at",
                f"{tomorrow} 10:00",
            ]
        )
        == 0
    )
    assert _last_line(capsys).isdigit()
    assert (
        main(
            [
                "wave",
                "create",
                "--template",
                "post_service",
                "--event-type",
                "service",
                "--window",
                "yesterday",
                "--at",
                "10:00",
                "--every",
                "day",
            ]
        )
        == 0
    )
    standing = int(_last_line(capsys))
    assert main(["wave", "show", str(standing), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["recurrence"] == "every day at 10:00"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--window", "yesterday", "--every", "day", "--now"], "--every needs"),
        (["--since", "2026-01-01", "--now"], "--window"),
        (["--window", "fortnight", "--now"], "fortnight"),
        (["--window", "yesterday", "--at", "2020-01-01 10:00"], "in the past"),
        (["--window", "yesterday", "--now", "--branch", "Nowhere"], "no branch named"),
    ],
)
def test_wave_create_errors_are_clear(
    env: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    capsys.readouterr()
    code = main(
        ["wave", "create", "--template", "post_service", "--event-type", "service", *arguments]
    )
    assert code == 2
    assert message in capsys.readouterr().err


def test_staff_add_list_remove(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["staff", "add", "--user-id", "42", "--role", "admin"]) == 0
    assert (
        main(
            [
                "staff",
                "add",
                "--user-id",
                "43",
                "--role",
                "manager",
                "--branch",
                "浦东店",
                "--level",
                "2",
            ]
        )
        == 0
    )
    assert main(["staff", "add", "--user-id", "44", "--role", "manager"]) == 2
    assert "needs a branch" in capsys.readouterr().err
    assert main(["staff", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["user_id"], r["role"], r["branch"], r["level"]) for r in rows} == {
        (42, "admin", None, 1),
        (43, "manager", "浦东店", 2),
    }
    assert main(["staff", "remove", "--user-id", "43"]) == 0
    assert main(["staff", "remove", "--user-id", "43"]) == 2


def test_link_all_writes_qr_codes_and_a_csv(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    out = env / "links"
    assert main(["link", "--all", "--out", str(out)]) == 0
    with (out / "unlinked_customers.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["customer_id"] for r in rows] == ["C-1", "C-2", "C-3"]
    assert rows[0]["name"] == "王芳"
    assert rows[0]["link"].startswith("https://t.me/dealer_survey_bot?start=")
    png = (out / rows[0]["qr_file"]).read_bytes()
    assert png.startswith(b"\x89PNG")


def test_complaints_json_is_empty_then_lists(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["complaints", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["complaints"]) == 0
    assert "no complaints" in capsys.readouterr().out


def test_stats_json_and_export(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["stats", "--json", "--days", "7"]) == 0
    stats = json.loads(capsys.readouterr().out)
    for key in ("csat", "nps", "response_rate", "deliveries"):
        assert key in stats
    assert stats["deliveries"] == 0
    assert main(["stats", "--branch", "Nowhere"]) == 2
    out = env / "rows.xlsx"
    assert main(["export", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
    csv_out = env / "rows.csv"
    assert main(["export", "--out", str(csv_out), "--no-phone"]) == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    chart = env / "chart.png"
    assert main(["stats", "--chart", str(chart)]) == 0
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_text_output_in_chinese_shows_words_not_codes(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "zh")
    arguments = ["--template", "post_service", "--event-type", "service", "--window", "yesterday"]
    assert main(["wave", "create", *arguments, "--now"]) == 0
    wave_id = _last_line(capsys)
    assert main(["staff", "add", "--user-id", "43", "--role", "manager", "--branch", "浦东店"]) == 0
    assert main(["wave", "pause", wave_id]) == 0
    assert main(["wave", "list"]) == 0
    assert main(["wave", "show", wave_id]) == 0
    assert main(["staff", "list"]) == 0
    assert main(["complaints"]) == 0
    assert main(["stats", "--days", "3"]) == 0
    out = capsys.readouterr().out
    for code in ("service", "scheduled", "paused", "manager", "not_linked", "none"):
        assert re.search(rf"\b{code}\b", out) is None, code  # template keys are typed names
    for words in ("售后到店", "已暂停", "负责人", "没有投诉", "未发送："):
        assert words in out
    assert main(["wave", "pause", wave_id]) == 2
    assert "已暂停" in capsys.readouterr().err
