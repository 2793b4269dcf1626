"""Item scores, and how they weigh into touchpoint, section and audit scores."""

from __future__ import annotations

import pytest

from surveys.audits.checklists import load_checklists
from surveys.audits.scoring import failed, item_score, score_audit

CHECKLIST = load_checklists()["after_sale"]


@pytest.mark.parametrize(
    ("item", "value", "score", "fails"),
    [
        ("walkaround_check", 1, 100.0, False),
        ("walkaround_check", 0, 0.0, True),
        ("attitude", 1, 0.0, True),
        ("attitude", 2, 25.0, True),
        ("attitude", 3, 50.0, False),
        ("attitude", 5, 100.0, False),
        ("greeted_at_gate", 2, 100.0, False),  # the limit still passes
        ("greeted_at_gate", 2.5, 0.0, True),
        ("minutes_waited", 0, 100.0, False),
        ("attitude", None, None, False),
    ],
)
def test_each_item_type_scores_as_documented(
    item: str, value: float | None, score: float | None, fails: bool
) -> None:
    found = CHECKLIST.item(item)
    assert item_score(found, value) == score
    assert failed(found, value) is fails


def test_weights_roll_up_and_unanswered_items_are_left_out() -> None:
    answers: dict[str, float | None] = {
        "greeted_at_gate": 5,  # w2, fails
        "walkaround_check": 1,  # w1
        "attitude": 4,  # w1, 75
        "maintenance_explained": 1,  # w2
        "minutes_waited": 45,  # w2
        "price_as_quoted": 0,  # w2, fails
        "problem_solved": 5,  # w2
        "farewell": 1,  # w1
    }
    scores = score_audit(CHECKLIST.items, answers)
    assert scores.overall == pytest.approx(875 / 13)
    assert scores.by_touchpoint["reception"] == pytest.approx(100 / 3)
    assert scores.by_section["reception"] == pytest.approx((0 * 2 + 100 + 75) / 4)
    assert scores.failed_items == ("greeted_at_gate", "price_as_quoted")
    partial = score_audit(CHECKLIST.items, {"price_as_quoted": 1})
    assert partial.overall == 100.0
    assert list(partial.by_touchpoint) == ["price_transparency"]
