"""What the metrics return: plain frozen values, each with the ``as_dict`` its JSON uses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from surveys.reports.metrics.grades import Grade, GradeThresholds
from surveys.reports.scope import ReportScope


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _nps(promoters: int, detractors: int, total: int) -> float | None:
    return round(100 * (promoters - detractors) / total, 1) if total else None


@dataclass(frozen=True, slots=True)
class Scores:
    """The survey numbers of one group: the whole scope, a branch, a staff member, a week."""

    deliveries: int = 0
    sent: int = 0
    answered: int = 0
    completed: int = 0
    response_rate: float | None = None
    completion_rate: float | None = None
    csat: float | None = None
    csat_responses: int = 0
    nps: float | None = None
    nps_responses: int = 0
    promoters: int = 0
    detractors: int = 0
    text_answers: int = 0
    negative_texts: int = 0
    unhappy_text_share: float | None = None

    @classmethod
    def of(cls, sends: Sequence[int], answers: Sequence[int]) -> Scores:
        deliveries, sent, answered, completed = sends
        csat_n, satisfied, nps_n, promoters, detractors, texts, negative = answers
        return cls(
            deliveries=deliveries,
            sent=sent,
            answered=answered,
            completed=completed,
            response_rate=_ratio(answered, sent),
            completion_rate=_ratio(completed, sent),
            csat=_ratio(satisfied, csat_n),
            csat_responses=csat_n,
            nps=_nps(promoters, detractors, nps_n),
            nps_responses=nps_n,
            promoters=promoters,
            detractors=detractors,
            text_answers=texts,
            negative_texts=negative,
            unhappy_text_share=_ratio(negative, texts),
        )


@dataclass(frozen=True, slots=True)
class TouchpointScore:
    touchpoint: str
    average: float | None
    responses: int


@dataclass(frozen=True, slots=True)
class TopicCount:
    topic: str
    mentions: int
    complaints: int
    negative_answers: int


@dataclass(frozen=True, slots=True)
class ComplaintStats:
    opened: int = 0
    open: int = 0
    overdue: int = 0
    resolved: int = 0
    withdrawn: int = 0
    median_hours_to_resolve: float | None = None


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One branch or staff member: scores, complaints opened, grade and rank (1 = best)."""

    key: int | str | None
    name: str | None
    scores: Scores
    complaints: int
    grade: Grade
    rank: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            **asdict(self.scores),
            "complaints": self.complaints,
            "grade": self.grade.value,
            "rank": self.rank,
        }


@dataclass(frozen=True, slots=True)
class WeekScore:
    week: str
    first: date
    last: date
    scores: Scores

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            **asdict(self.scores),
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """The headline of a scope: ``as_dict()`` puts the scores at the top level."""

    scope: ReportScope
    scores: Scores
    touchpoints: tuple[TouchpointScore, ...]
    topics: tuple[TopicCount, ...]
    complaints: ComplaintStats

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.scope.describe(),
            **asdict(self.scores),
            "touchpoints": [asdict(t) for t in self.touchpoints],
            "topics": [asdict(t) for t in self.topics],
            "complaints": asdict(self.complaints),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``/stats`` shows: the summary, branches and staff ranked, weekly trend."""

    summary: Summary
    branches: tuple[GroupScore, ...] = ()
    staff: tuple[GroupScore, ...] = ()
    weeks: tuple[WeekScore, ...] = ()
    thresholds: GradeThresholds = field(default_factory=GradeThresholds)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary.as_dict(),
            "branches": [g.as_dict() for g in self.branches],
            "staff": [g.as_dict() for g in self.staff],
            "weeks": [w.as_dict() for w in self.weeks],
            "grade_thresholds": asdict(self.thresholds),
        }
