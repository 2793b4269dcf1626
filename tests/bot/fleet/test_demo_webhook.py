"""``surveybot demo --webhook``: the whole demo with the bot on its webhook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import environment_without_settings


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
def test_the_demo_on_a_webhook(framework: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--webhook", "--json", "--framework", framework],
        capture_output=True,
        text=True,
        timeout=240,
        env=environment_without_settings(),
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "takes updates on its webhook http://127.0.0.1:" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["sent"] == summary["deliveries"] == 10
    assert summary["complaint_loop"] == {
        "resolved_and_confirmed": True,
        "escalated_to_level_2": True,
    }
