"""The public surface of ``nlp``, language detection, and what ``import nlp`` costs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import nlp
from nlp import TOPICS, analyze, detect_language

REPO = Path(__file__).resolve().parents[2]


def test_public_surface() -> None:
    assert {"analyze", "Analysis", "TOPICS", "detect_language"} <= set(nlp.__all__)
    for name in nlp.__all__:
        assert hasattr(nlp, name)


def test_topics_are_documented_in_both_languages() -> None:
    assert set(TOPICS) == {
        "wait_time",
        "price",
        "staff_attitude",
        "work_quality",
        "communication",
        "facilities",
        "process",
        "product",
    }
    for info in TOPICS.values():
        assert info.en.isascii()
        assert info.zh
        assert not info.zh.isascii()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("等了三个小时，太慢了", "zh"),
        ("服務態度很差", "zh"),
        ("Too expensive.", "en"),
        ("no", "en"),
        ("服务很好 but 太贵了", "zh"),
        ("The service was great, 就是有点贵", "en"),
        ("Очень долго ждали", "ru"),
        ("Дуже довго чекали, і погано", "uk"),
        ("とても遅かったです", "ja"),
        ("서비스가 좋았어요", "ko"),
        ("Le service était très lent", "fr"),
        ("Der Service war sehr langsam und nicht gut", "de"),
        ("El servicio fue muy lento", "es"),
        ("👍", "und"),
        ("", "und"),
        ("12345", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert analyze(text).language == language


def test_given_language_is_used_and_normalised() -> None:
    assert analyze("ok", language="zh-CN").language == "zh"
    assert analyze("ok", language="EN").language == "en"
    assert analyze("太慢了", language="not a code").language == "zh"


def test_both_scripts_are_read_whatever_the_language_says() -> None:
    assert analyze("太慢了", language="en").label == "negative"
    assert analyze("never again", language="zh").label == "negative"


_PROBE = """
import json, sys, time
before = set(sys.modules)
start = time.perf_counter()
import nlp
took = time.perf_counter() - start
nlp.analyze("The staff were friendly but I waited three hours. 等了三个小时")
print(json.dumps({"took": took, "modules": sorted(set(sys.modules) - before)}))
"""


def test_import_is_light_and_pulls_no_heavy_library() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=REPO, capture_output=True, text=True, check=True
    )
    probe = json.loads(result.stdout)
    heavy = {"textblob", "nltk", "sklearn", "scipy", "torch", "numpy"}
    assert not heavy & {name.split(".")[0] for name in probe["modules"]}
    assert probe["took"] < 1.0


def test_many_short_answers_are_fast() -> None:
    answers = ["Too expensive.", "等了三个小时，太慢了", "Great service, thank you!", "一般"] * 250
    import time

    start = time.perf_counter()
    for answer in answers:
        analyze(answer)
    assert time.perf_counter() - start < 2.0  # 2 ms per answer: a generous bound for CI
