"""The table of survey answers in ``cases.tsv``: what customers type and what they mean."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nlp import TOPICS, analyze

CASES_FILE = Path(__file__).with_name("cases.tsv")
REQUIRED_SHARE = 0.90


@dataclass(frozen=True)
class Case:
    line: int
    label: str
    required: frozenset[str]
    allowed: frozenset[str]
    text: str


def load_cases() -> list[Case]:
    cases = []
    for number, raw in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        label, topics, text = raw.split("\t")
        required, optional = set(), set()
        for item in topics.split(","):
            item = item.strip()
            if item.startswith("["):
                optional.add(item.strip("[]"))
            elif item and item != "-":
                required.add(item)
        cases.append(Case(number, label, frozenset(required), frozenset(required | optional), text))
    return cases


CASES = load_cases()


def miss(case: Case) -> str | None:
    """Why ``case`` is not read as expected, or None when it is."""
    result = analyze(case.text)
    found = set(result.topics)
    problems = []
    if result.label != case.label:
        problems.append(f"label {result.label} ({result.score:+.2f}), expected {case.label}")
    if not case.required <= found:
        problems.append(f"missing topics {sorted(case.required - found)}")
    if found - case.allowed:
        problems.append(f"unexpected topics {sorted(found - case.allowed)}")
    if not problems:
        return None
    return f"line {case.line}: {case.text!r}: {'; '.join(problems)}"


def test_table_is_well_formed() -> None:
    assert len(CASES) >= 200
    assert {case.label for case in CASES} == {"negative", "neutral", "positive"}
    for case in CASES:
        assert case.allowed <= TOPICS.keys(), case
    chinese = sum(any("\u4e00" <= char <= "\u9fff" for char in case.text) for case in CASES)
    assert chinese >= 100
    assert len(CASES) - chinese >= 100


def test_at_least_ninety_percent_of_answers_are_read_as_meant() -> None:
    misses = [found for case in CASES if (found := miss(case)) is not None]
    share = 1 - len(misses) / len(CASES)
    report = f"{len(CASES) - len(misses)}/{len(CASES)} answers read as meant ({share:.1%})"
    if misses:
        print(report + "; misses:\n" + "\n".join(misses))
    assert share >= REQUIRED_SHARE, report + "; misses:\n" + "\n".join(misses)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.label == "negative"], ids=lambda c: f"line{c.line}"
)
def test_unhappy_answers_are_never_read_as_happy(case: Case) -> None:
    """A miss may be "neutral"; a complaint read as praise is never acceptable."""
    assert analyze(case.text).label != "positive", case.text
