"""The demo a newcomer runs first: it must work on any machine, at any hour."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.demo import DemoOptions, run_demo


async def test_demo_runs_a_complete_round(framework: str, tmp_path: Path) -> None:
    transcript = io.StringIO()
    summary = await run_demo(
        DemoOptions(db_path=tmp_path / "demo.db", framework=framework, out=transcript)
    )
    text = transcript.getvalue()
    assert summary["bot_api_violations"] == 0
    assert summary["deliveries"] == summary["sent"] >= 8
    assert summary["completed"] >= 7
    assert summary["skipped"]["not_linked"] >= 1
    assert summary["skipped"]["opted_out"] >= 1
    assert summary["skipped"]["merged"] >= 1
    assert summary["unhappy"] >= 2
    assert 0 < summary["csat"] < 1
    assert summary["outcomes"]["completed"] >= 7
    assert "stuck" not in summary["outcomes"]
    assert "哪里做得不好" in text
    assert "What went wrong?" in text
    assert "line 15: occurred_at" in text
    assert summary["complaints"].get("closed") == 1
    assert summary["complaint_loop"] == {
        "resolved_and_confirmed": True,
        "escalated_to_level_2": True,
    }
    assert "投诉 #" in text
    assert (tmp_path / "demo.db").exists()
    chart = await asyncio.to_thread(Path(summary["chart"]).read_bytes)
    export = await asyncio.to_thread(Path(summary["export"]).read_bytes)
    assert chart.startswith(b"\x89PNG")
    assert export.startswith(b"\xef\xbb\xbf")
    assert Path(summary["chart"]).parent == tmp_path


@pytest.mark.slow
def test_demo_command_json(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYBOT_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--json", "--db", str(tmp_path / "d.db")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    for key in ("deliveries", "completed", "response_rate", "csat", "nps", "unhappy"):
        assert key in summary
    assert "──" in result.stderr
