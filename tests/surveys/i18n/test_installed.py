"""A plain (not editable) install ships the catalogs: the demo runs from it in Chinese."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _site_packages(prefix: Path) -> Path:
    return Path(sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)}))


@pytest.mark.slow
def test_a_plain_install_finds_its_catalogs(tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    site = _site_packages(target)
    # The dependencies come from this environment (no network): its site-packages is
    # visible to the new one, after the new one's own.
    (site / "outer.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    # A copy of the sources, so that the build leaves nothing in the work tree.
    source = tmp_path / "source"
    for part in ("bot", "surveys", "nlp"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    python = target / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEYBOT_", "PYTHON"))}
    subprocess.run(
        [
            *(python, "-m", "pip", "install", "-q", "--no-cache-dir"),
            *("--no-deps", "--no-index", "--no-build-isolation", str(source)),
        ],
        check=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    where = subprocess.run(
        [
            python,
            "-c",
            "import surveys, surveys.i18n.catalogs as c; print(surveys.__file__);"
            "print(c.LOCALE_DIR); c.translations('zh')",
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert Path(where[0]).is_relative_to(site)
    assert (Path(where[1]) / "zh" / "LC_MESSAGES" / "surveybot.mo").is_file()
    result = subprocess.run(
        [target / "bin" / "surveybot", "demo", "--json", "--db", str(tmp_path / "demo.db")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["deliveries"] == summary["sent"] >= 8
    assert summary["complaint_loop"]["resolved_and_confirmed"] is True
    assert "投诉 #" in result.stderr  # a card, in the words of the Chinese catalog
    assert sys.executable != str(python)
