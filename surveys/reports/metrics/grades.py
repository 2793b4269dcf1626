"""Grades for branches and staff, the way dealership groups rank their stores.

A grade needs enough scores to mean something: CSAT and NPS are each judged
only when at least ``min_responses`` customers answered that question. A
branch is as good as the weaker of its two judged scores; with neither
judged, its grade is ``n/a`` and it is ranked after every graded one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Grade(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    NA = "n/a"


#: Best first; ``n/a`` sorts last.
GRADE_ORDER = (Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR, Grade.NA)


@dataclass(frozen=True, slots=True)
class GradeThresholds:
    """Lowest CSAT (share 0-1) and NPS (-100..100) for each grade; below ``fair`` is poor."""

    excellent_csat: float = 0.90
    excellent_nps: float = 50.0
    good_csat: float = 0.80
    good_nps: float = 30.0
    fair_csat: float = 0.70
    fair_nps: float = 0.0
    min_responses: int = 10

    def __post_init__(self) -> None:
        if not self.excellent_csat >= self.good_csat >= self.fair_csat:
            raise ValueError("CSAT thresholds must not rise from excellent to fair")
        if not self.excellent_nps >= self.good_nps >= self.fair_nps:
            raise ValueError("NPS thresholds must not rise from excellent to fair")
        if self.min_responses < 1:
            raise ValueError("min_responses must be at least 1")

    def _by_csat(self, csat: float) -> Grade:
        if csat >= self.excellent_csat:
            return Grade.EXCELLENT
        if csat >= self.good_csat:
            return Grade.GOOD
        return Grade.FAIR if csat >= self.fair_csat else Grade.POOR

    def _by_nps(self, nps: float) -> Grade:
        if nps >= self.excellent_nps:
            return Grade.EXCELLENT
        if nps >= self.good_nps:
            return Grade.GOOD
        return Grade.FAIR if nps >= self.fair_nps else Grade.POOR

    def grade(
        self, csat: float | None, csat_responses: int, nps: float | None, nps_responses: int
    ) -> Grade:
        judged: list[Grade] = []
        if csat is not None and csat_responses >= self.min_responses:
            judged.append(self._by_csat(csat))
        if nps is not None and nps_responses >= self.min_responses:
            judged.append(self._by_nps(nps))
        if not judged:
            return Grade.NA
        return max(judged, key=GRADE_ORDER.index)
