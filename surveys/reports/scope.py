"""What a report covers: a period of local dates, and optional filters.

A survey counts in the period of the visit it asks about: the local date, in
the business's zone, of ``events.occurred_at``. That is how service-quality
reports attribute scores to the branch and the staff member who served the
customer, and it never moves (a delivery's due time moves with retries, and a
send that ended uncertain has no sent time). Complaints count on the local
date they were opened (``complaints.created_at``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from surveys.timemath import day_bounds


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Local dates ``first`` .. ``last`` (both inclusive) in ``zone``, and optional filters.

    ``branch_ids`` keeps those branches (empty: every branch; a manager of several
    branches sees them together). ``template`` is a template key (every version of
    it); ``touchpoint`` keeps the surveys whose template asks about that touchpoint
    and the touchpoint's own scores; ``event_kind`` is ``sale`` or ``service``.
    """

    first: date
    last: date
    zone: ZoneInfo
    branch_ids: tuple[int, ...] = ()
    staff_name: str | None = None
    template: str | None = None
    touchpoint: str | None = None
    event_kind: str | None = None
    wave_id: int | None = None

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"the period ends ({self.last}) before it starts ({self.first})")

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as UTC instants ``[start, end)``."""
        return day_bounds(self.first, self.last, self.zone)

    def weeks(self) -> tuple[Week, ...]:
        """The ISO weeks that overlap the period, each clipped to it."""
        weeks: list[Week] = []
        monday = self.first - timedelta(days=self.first.weekday())
        while monday <= self.last:
            first = max(monday, self.first)
            last = min(monday + timedelta(days=6), self.last)
            start, end = day_bounds(first, last, self.zone)
            year, number, _ = monday.isocalendar()
            weeks.append(Week(year, number, first, last, start, end))
            monday += timedelta(days=7)
        return tuple(weeks)

    def describe(self) -> dict[str, str | int | list[int] | None]:
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "zone": self.zone.key,
            "branch_ids": list(self.branch_ids),
            "staff_name": self.staff_name,
            "template": self.template,
            "touchpoint": self.touchpoint,
            "event_kind": self.event_kind,
            "wave_id": self.wave_id,
        }


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week of the business's calendar, clipped to the report's period."""

    year: int
    number: int
    first: date
    last: date
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"
