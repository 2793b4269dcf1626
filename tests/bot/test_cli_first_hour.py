"""What an IT person does in their first hour, and what the command line makes of it."""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from bot.cli import main

HEADER = "event_id,event_type,到店时间,customer_id,customer_name,phone,language,branch,staff"


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS", "SURVEYBOT_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "en")
    monkeypatch.setenv("SURVEYBOT_TIMEZONE", "Asia/Shanghai")
    monkeypatch.setenv("SURVEYBOT_QUIET_HOURS", "21:00-09:00")
    assert main(["db", "upgrade"]) == 0
    return tmp_path


def _import_file(folder: Path, *rows: str) -> Path:
    path = folder / "events.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_every_problem_of_a_row_and_a_fixable_errors_file(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yesterday = date.today() - timedelta(days=1)
    day = f"{yesterday.year}年{yesterday.month}月{yesterday.day}日 14:00"
    path = _import_file(
        env,
        f"S-1,service,{day},C-1,王芳,13800138001,zh,浦东店,李伟",
        f"S-2,repair,{yesterday:%Y.%m.%d} 10:00,C-2,Bo,12345,fr,浦东店,李伟",
        f"S-3,sale,{yesterday:%Y.%m.%d} 10:00,C-1,王芳,13900139009,zh,浦东店,李伟",
    )
    capsys.readouterr()
    assert main(["import", str(path), "--errors", "bad.csv", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "3 rows, 2 imported, 1 bad" in out
    reason = (
        "line 3: event_type: 'repair' is not sale or service; phone: '12345' is not a valid "
        "phone number (local number without area code); language: 'fr' is not zh or en"
    )
    assert reason in out
    assert "1 customer has different phone numbers on different rows" in out
    assert "'C-1' on lines 2, 4" in out
    with (env / "bad.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*HEADER.split(","), "reason"]
    assert rows[1][
        :9
    ] == f"S-2,repair,{yesterday:%Y.%m.%d} 10:00,C-2,Bo,12345,fr,浦东店,李伟".split(",")
    assert rows[1][9] == reason
    # Fixed in place, the errors file imports like any other, reason column and all.
    rows[1][1], rows[1][5], rows[1][6] = "service", "13700137007", "en"
    with (env / "bad.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert main(["import", "bad.csv", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 rows, 1 imported, 0 bad" in out
    assert "unknown column" not in out
    # An existing errors file is never replaced without --force.
    assert main(["import", str(path), "--errors", "bad.csv", "--quiet"]) == 2
    assert "--errors bad.csv already exists" in capsys.readouterr().err


def test_xlsx_sheet_choice_and_errors_as_xlsx(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yesterday = date.today() - timedelta(days=1)
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "销售"
    first.append(["说明：本表为销售记录"])
    second = book.create_sheet("售后")
    second.append(["工单号", "业务类型", "进店时间", "客户编号", "手机号", "门店"])
    second.append(["W-1", "售后", f"{yesterday:%Y.%m.%d} 09:30", "K1", "13800138000", "浦东店"])
    second.append(["W-2", "保养", f"{yesterday:%Y.%m.%d} 09:30", "K2", "13800138001", "浦东店"])
    path = env / "dms.xlsx"
    book.save(path)
    capsys.readouterr()
    assert main(["import", str(path), "--sheet", "nope"]) == 2
    assert "no sheet named 'nope' (the sheets are '销售', '售后')" in capsys.readouterr().err
    assert main(["import", str(path), "--sheet", "售后", "--errors", "bad.csv"]) == 2
    assert "the input is xlsx, so the errors file must end in .xlsx" in capsys.readouterr().err
    code = main(["import", str(path), "--sheet", "售后", "--errors", "bad.xlsx", "--quiet"])
    assert code == 0
    out = capsys.readouterr().out
    assert "2 rows, 1 imported, 1 bad" in out
    assert "sheet '销售' also holds rows; only '售后' was read" in out
    bad = openpyxl.load_workbook(env / "bad.xlsx").active
    assert bad is not None
    values = [list(row) for row in bad.iter_rows(values_only=True)]
    assert values[0] == ["工单号", "业务类型", "进店时间", "客户编号", "手机号", "门店", "reason"]
    assert values[1][:2] == ["W-2", "保养"]
    assert str(values[1][6]).startswith("line 3: event_type (业务类型): '保养' is not sale")


def test_a_past_or_quiet_send_time_needs_yes_and_the_send_time_is_printed(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SURVEYBOT_QUIET_HOURS", "00:00-23:59")  # whatever the test's hour
    arguments = ["wave", "create", "--template", "post_service", "--window", "yesterday"]
    capsys.readouterr()
    assert main([*arguments, "--at", "00:00"]) == 2
    err = capsys.readouterr().err
    assert "00:00 has passed today" in err
    assert "add --yes to send at" in err
    tomorrow = date.today() + timedelta(days=2)
    assert main([*arguments, "--at", f"{tomorrow} 10:00"]) == 2
    err = capsys.readouterr().err
    assert "is inside the quiet hours 00:00-23:59 (SURVEYBOT_QUIET_HOURS)" in err
    assert main([*arguments, "--at", f"{tomorrow} 10:00", "--yes"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"sends at \d{4}-\d\d-\d\d 23:59 CST", lines[-2]), lines
    assert lines[-1].isdigit()
    assert main(["wave", "list"]) == 0
    assert f"{tomorrow} 10:00 CST" in capsys.readouterr().out
    assert main([*arguments, "--preview"]) == 0
    assert "reaches 0 customers" in capsys.readouterr().out


def test_seeding_admins_is_for_run_only_and_remove_sticks(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from bot.settings import load_settings
    from bot.wiring import build_services

    monkeypatch.setenv("SURVEYBOT_ADMINS", "4242")
    assert main(["stats", "--json"]) == 0
    assert main(["staff", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip().endswith("[]")

    async def start() -> tuple[list[int], list[int]]:
        services = await build_services(load_settings(), seed_admins=True)
        await services.close()
        assert services.seeded is not None
        return services.seeded.added, services.seeded.removed

    assert asyncio.run(start()) == ([4242], [])
    assert main(["staff", "remove", "--user-id", "4242"]) == 0
    assert asyncio.run(start()) == ([], [4242])
    capsys.readouterr()
    assert main(["staff", "list"]) == 0
    assert "4242" not in capsys.readouterr().out


def test_downgrade_asks_or_takes_yes(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "downgrade", "base"]) == 2
    assert main(["db", "current"]) == 0
    assert "(up to date)" in capsys.readouterr().out
    assert main(["db", "downgrade", "base", "--yes"]) == 0
    assert "database at revision empty" in capsys.readouterr().out


def test_staff_add_creates_a_branch_only_when_asked(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ["staff", "add", "--user-id", "77", "--role", "manager", "--branch", "新店"]
    assert main(add) == 2
    assert "no branch named '新店' (known: none yet); add --create-branch" in (
        capsys.readouterr().err
    )
    assert main([*add, "--create-branch"]) == 0
    assert main(add) == 0


def test_a_bug_is_one_line_and_a_log_file(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.cli.complaints as complaints

    token = "123456:" + "Z" * 35
    monkeypatch.setenv("SURVEYBOT_TOKEN", token)

    async def broken(_args: object) -> int:
        raise RuntimeError(f"boom with {token}")

    monkeypatch.setattr(complaints, "_complaints", broken)
    assert main(["complaints"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    found = re.fullmatch(
        r"surveybot: unexpected error \(RuntimeError: boom with 123456:\*\*\*\); "
        r"the details are in (\S+)",
        err,
    )
    assert found is not None, err
    log = Path(found[1]).read_text(encoding="utf-8")
    assert "Traceback" in log
    assert "boom with 123456:***" in log
    assert token not in log
    Path(found[1]).unlink()


def test_version_and_help_for_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert re.fullmatch(r"surveybot \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)
    from bot.cli import build_parser

    def parsers(parser: object, name: str) -> list[tuple[str, object]]:
        import argparse

        assert isinstance(parser, argparse.ArgumentParser)
        found: list[tuple[str, object]] = [(name, parser)]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    found.extend(parsers(sub, f"{name} {sub_name}"))
        return found

    import argparse

    for name, parser in parsers(build_parser(), "surveybot"):
        assert isinstance(parser, argparse.ArgumentParser)
        has_sub = any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)
        if name != "surveybot":
            assert parser.description, f"{name}: no description"
            assert has_sub or "Example" in parser.description, f"{name}: no example"
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction) or action.dest == "help":
                continue
            assert action.help, f"{name} {action.option_strings or action.dest}: no help"
