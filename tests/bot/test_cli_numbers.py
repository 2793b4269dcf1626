"""Numbers on the command line are ASCII digits within the database's integers: ``²`` or a
20-digit id is a one-line usage error, never a traceback or a query the database refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from surveys.i18n import say
from surveys.inputs import BIG_ID_MAX, ID_MAX


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
    ("argv", "value", "maximum"),
    [
        (["wave", "show", "\u00b2"], "\u00b2", ID_MAX),
        (["wave", "show", "2147483648"], "2147483648", ID_MAX),
        (["wave", "list", "--limit", "99999999999999999999"], "99999999999999999999", ID_MAX),
        (["complaints", "--limit", "\u2460"], "\u2460", ID_MAX),
        (["staff", "add", "--user-id", "\u00b2", "--role", "admin"], "\u00b2", BIG_ID_MAX),
        (
            ["staff", "add", "--user-id", "12345678901234567890", "--role", "admin"],
            "12345678901234567890",
            BIG_ID_MAX,
        ),
        (["staff", "remove", "--user-id", "-5"], "-5", BIG_ID_MAX),
    ],
)
def test_odd_numbers_are_usage_errors(
    env: str, capsys: pytest.CaptureFixture[str], argv: list[str], value: str, maximum: int
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert say("cli_bad_number", "en", value=value, maximum=maximum) in err
    assert "Traceback" not in err


def test_a_branch_name_too_long_is_refused_in_one_line(
    env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["staff", "add", "--user-id", "7", "--role", "manager", "--create-branch"]
    assert main([*argv, "--branch", "B" * 300]) == 2
    assert say("bad_branch_name", "en", limit=200) in capsys.readouterr().err
    assert main([*argv, "--branch", "B" * 200]) == 0
