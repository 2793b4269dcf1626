"""Grade thresholds and the minimum number of responses, from a table of cases."""

from __future__ import annotations

import pytest

from surveys.reports import Grade, GradeThresholds

DEFAULT = GradeThresholds()
STRICT = GradeThresholds(
    excellent_csat=0.95,
    excellent_nps=70,
    good_csat=0.9,
    good_nps=50,
    fair_csat=0.8,
    fair_nps=20,
    min_responses=30,
)


@pytest.mark.parametrize(
    ("thresholds", "csat", "csat_n", "nps", "nps_n", "grade"),
    [
        (DEFAULT, 0.95, 50, 60.0, 50, Grade.EXCELLENT),
        (DEFAULT, 0.90, 10, 50.0, 10, Grade.EXCELLENT),
        (DEFAULT, 0.95, 50, 49.9, 50, Grade.GOOD),
        (DEFAULT, 0.8999, 50, 80.0, 50, Grade.GOOD),
        (DEFAULT, 0.85, 50, 10.0, 50, Grade.FAIR),
        (DEFAULT, 0.75, 50, 35.0, 50, Grade.FAIR),
        (DEFAULT, 0.69, 50, 90.0, 50, Grade.POOR),
        (DEFAULT, 0.95, 50, -0.1, 50, Grade.POOR),
        # too few answers to one question: judged on the other alone
        (DEFAULT, 0.95, 50, -50.0, 9, Grade.EXCELLENT),
        (DEFAULT, 0.50, 9, 55.0, 12, Grade.EXCELLENT),
        (DEFAULT, None, 0, 35.0, 10, Grade.GOOD),
        (DEFAULT, 0.81, 10, None, 0, Grade.GOOD),
        # too few answers to both, or nothing to judge: n/a
        (DEFAULT, 0.95, 9, 60.0, 9, Grade.NA),
        (DEFAULT, None, 0, None, 0, Grade.NA),
        (STRICT, 0.96, 30, 71.0, 30, Grade.EXCELLENT),
        (STRICT, 0.96, 30, 60.0, 30, Grade.GOOD),
        (STRICT, 0.85, 29, 60.0, 29, Grade.NA),
        (STRICT, 0.79, 100, 90.0, 100, Grade.POOR),
    ],
)
def test_grades(
    thresholds: GradeThresholds,
    csat: float | None,
    csat_n: int,
    nps: float | None,
    nps_n: int,
    grade: Grade,
) -> None:
    assert thresholds.grade(csat, csat_n, nps, nps_n) is grade


@pytest.mark.parametrize(
    "changes",
    [
        {"good_csat": 0.95},
        {"fair_nps": 40.0},
        {"min_responses": 0},
    ],
)
def test_thresholds_must_make_sense(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        GradeThresholds(**changes)  # type: ignore[arg-type]


def test_na_is_spelled_for_reports() -> None:
    assert Grade.NA.value == "n/a"
