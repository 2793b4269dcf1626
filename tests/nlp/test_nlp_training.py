"""The training scripts: deterministic, and they reproduce the shipped package data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

from nlp.training import make_valence
from nlp.training.train_residual import UCI_FILES, feedback_dir, fit

REPO = Path(__file__).resolve().parents[2]

SENTENCES = [
    (1, "The staff were lovely and quick."),
    (1, "Great job on the brakes, thank you."),
    (1, "Smooth booking and a fair price."),
    (1, "They explained everything clearly."),
    (1, "Really happy with the new car."),
    (1, "Friendly advisor, quick service."),
    (0, "The staff ignored us for an hour."),
    (0, "Nobody explained the extra charges."),
    (0, "The brakes still squeal after the repair."),
    (0, "Booking was a mess and the price went up."),
    (0, "Unhappy with the new car already."),
    (0, "Slow service and a rude advisor."),
] * 3


def test_fit_is_deterministic() -> None:
    first = fit(SENTENCES)
    assert first == fit(SENTENCES)
    assert first
    assert all(isinstance(value, float) for value in first.values())


def test_training_reproduces_the_shipped_model(tmp_path: Path) -> None:
    folder = feedback_dir()
    if not all((folder / name).is_file() for name in UCI_FILES):
        pytest.skip(f"UCI sentences not found in {folder}")
    output = tmp_path / "residual_en.json"
    env = {**os.environ, "SURVEYBOT_FEEDBACK_DIR": str(folder)}
    subprocess.run(
        [sys.executable, "-m", "nlp.training.train_residual", "--output", str(output)],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    shipped = resources.files("nlp").joinpath("data", "residual_en.json").read_text("utf-8")
    assert json.loads(output.read_text("utf-8")) == json.loads(shipped)


def test_benchmark_skips_cleanly_without_data(tmp_path: Path) -> None:
    env = {**os.environ, "SURVEYBOT_FEEDBACK_DIR": str(tmp_path / "absent")}
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "nlp_quality.py")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert "skipped" in result.stdout


def test_valence_table_is_derived_as_documented() -> None:
    lines = ["good\t1.9\t0.9\t[]", "like\t2.0\t0.7\t[]", ":)\t2.0\t0.5\t[]", "well-made\t1.5"]
    assert make_valence.derive(lines) == [("good", 1.9), ("well-made", 1.5)]
    rendered = make_valence.render([("good", 1.9)])
    assert rendered.endswith("good\t1.9\n")
    assert "MIT License" in rendered


def test_valence_script_reproduces_the_shipped_table(tmp_path: Path) -> None:
    pytest.importorskip("vaderSentiment")
    output = tmp_path / "valence_en.tsv"
    make_valence.main(["--output", str(output)])
    shipped = resources.files("nlp").joinpath("data", "valence_en.tsv").read_text("utf-8")
    assert output.read_text("utf-8") == shipped
