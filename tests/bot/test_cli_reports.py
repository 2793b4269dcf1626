"""``surveybot stats`` and ``surveybot export`` in the language asked for."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("SURVEYBOT_TOKEN", "SURVEYBOT_SECRET", "SURVEYBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SURVEYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBOT_LANGUAGE", "zh")
    assert main(["db", "upgrade"]) == 0
    return tmp_path


@pytest.mark.parametrize(
    ("arguments", "title", "sections"),
    [
        (
            [],
            "2026-11-02 至 2026-11-15",
            ("回访", "各环节评分", "主要投诉问题", "投诉", "门店", "员工", "按周", "评级："),
        ),
        (
            ["--language", "en"],
            "2026-11-02 .. 2026-11-15",
            (
                "Surveys",
                "Touchpoints",
                "Top complaint topics",
                "Complaints",
                "Branches",
                "Staff",
                "By week",
                "Grades:",
            ),
        ),
    ],
)
def test_stats_text_has_every_section(
    env: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    title: str,
    sections: tuple[str, ...],
) -> None:
    capsys.readouterr()
    assert main(["stats", "--since", "2026-11-02", "--until", "2026-11-15", *arguments]) == 0
    out = capsys.readouterr().out
    assert out.startswith(title + "\n\n")
    blocks = [block.splitlines()[0] for block in out.strip().split("\n\n")[1:]]
    assert [b for b in blocks if not b.startswith(("评级：", "Grades:"))] == list(sections[:-1])
    assert blocks[-1].startswith(sections[-1])


@pytest.mark.parametrize(
    ("arguments", "first"), [([], "回访编号"), (["--language", "en"], "Survey id")]
)
def test_export_speaks_the_language_asked_for(
    env: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], first: str
) -> None:
    rows = env / "rows.csv"
    assert main(["export", "--out", str(rows), *arguments]) == 0
    header = next(csv.reader(io.StringIO(rows.read_bytes().decode("utf-8-sig"))))
    assert header[0] == first
    book_path = env / "rows.xlsx"
    assert main(["export", "--out", str(book_path), *arguments]) == 0
    book = load_workbook(book_path, read_only=True)
    try:
        assert next(book["surveys"].iter_rows(values_only=True))[0] == first
    finally:
        book.close()
    said = capsys.readouterr().out
    assert ("0 rows written" if arguments else "已写入") in said


def test_an_unknown_language_is_refused(env: Path) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--out", str(env / "x.csv"), "--language", "fr"])
