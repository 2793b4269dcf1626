"""The ``when:`` language, from a table of cases."""

from __future__ import annotations

import pytest

from surveys.conversation.conditions import AnswerValue, ConditionError, parse_condition

ANSWERS: dict[str, AnswerValue] = {
    "overall": 2,
    "nps": 9,
    "as_agreed": "no",
    "main_problem": "price",
    "skipped_one": None,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("overall <= 2", True),
        ("overall < 2", False),
        ("overall == 2", True),
        ("overall != 2", False),
        ("nps >= 9", True),
        ("nps > 9", False),
        ("overall <= 2 and nps <= 6", False),
        ("overall <= 2 or nps <= 6", True),
        ("nps <= 6 or overall <= 1 or as_agreed == no", True),
        ("not overall <= 2", False),
        ("not (overall <= 2 and nps >= 9)", False),
        ("(overall >= 4 or nps >= 9) and as_agreed == yes", False),
        ("main_problem == price", True),
        ("main_problem != price", False),
        ("skipped_one <= 5", False),
        ("skipped_one >= 0", False),
        ("never_asked <= 5", False),
        ("answered(overall)", True),
        ("answered(skipped_one)", False),
        ("skipped(skipped_one)", True),
        ("skipped(overall)", False),
        ("skipped(never_asked)", False),
        ("overall == yes", False),
        ("as_agreed <= 3", False),
        ("overall <= 2 or nps <= 6 and as_agreed == yes", True),
    ],
)
def test_evaluation(text: str, expected: bool) -> None:
    assert parse_condition(text).evaluate(ANSWERS) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("overall", "ends too early"),
        ("overall <=", "ends too early"),
        ("overall = 2", "cannot read"),
        ("overall <= 2 and", "ends too early"),
        ("(overall <= 2", "ends too early"),
        ("overall <= 2)", "unexpected"),
        ("2 <= overall", "expected a question id"),
        ("overall <= <=", "expected a question id"),
        ("overall ~ 2", "cannot read"),
        ("and <= 2", "expected a question id"),
    ],
)
def test_parse_errors_say_what(text: str, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse_condition(text)


def test_question_ids_are_collected() -> None:
    condition = parse_condition("overall <= 2 or (nps <= 6 and not answered(comment))")
    assert condition.question_ids() == {"overall", "nps", "comment"}
