"""Complaint statuses and what each allows."""

from __future__ import annotations

from enum import StrEnum


class ComplaintStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    CONTACTED = "contacted"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"


#: A manager still has to act.
ACTIVE = (
    ComplaintStatus.OPEN.value,
    ComplaintStatus.REOPENED.value,
    ComplaintStatus.CLAIMED.value,
    ComplaintStatus.CONTACTED.value,
)
#: Nobody has taken it yet: the acknowledge deadline runs.
UNCLAIMED = (ComplaintStatus.OPEN.value, ComplaintStatus.REOPENED.value)
#: Someone holds it: the resolve deadline runs.
TAKEN = (ComplaintStatus.CLAIMED.value, ComplaintStatus.CONTACTED.value)
#: Not finished from the customer's point of view (no new survey reaches them meanwhile).
UNFINISHED = (*ACTIVE, ComplaintStatus.RESOLVED.value)

ROOT_CAUSES = (
    "wait_time",
    "price",
    "staff_attitude",
    "work_quality",
    "communication",
    "facilities",
    "process",
    "product",
    "customer_expectation",
    "other",
)
