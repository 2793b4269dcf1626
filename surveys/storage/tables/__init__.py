"""The tables. The database is the source of truth for every piece of state.

Conventions: instants are :class:`UTCDateTime`; Telegram ids are BigInteger;
status columns are short strings whose values are listed in each package's ``states``;
nothing here holds framework objects. Every table is importable from here.
"""

from surveys.storage.tables.audits import (
    Audit,
    AuditAction,
    AuditAnswer,
    AuditChecklist,
    AuditPhoto,
    BranchLocation,
)
from surveys.storage.tables.base import NAMING, Base
from surveys.storage.tables.bookkeeping import (
    AppState,
    AuditEntry,
    Fault,
    PendingInput,
    ProcessedUpdate,
    WizardDraft,
)
from surveys.storage.tables.complaints import (
    Complaint,
    ComplaintAction,
    ComplaintWords,
    Notification,
)
from surveys.storage.tables.people import Branch, Customer, Event, Staff
from surveys.storage.tables.surveys import Answer, Delivery, SurveyTemplate, Wave
from surveys.storage.tables.web import WebSession, WebToken

__all__ = [
    "NAMING",
    "Answer",
    "AppState",
    "Audit",
    "AuditAction",
    "AuditAnswer",
    "AuditChecklist",
    "AuditEntry",
    "AuditPhoto",
    "Base",
    "Branch",
    "BranchLocation",
    "Complaint",
    "ComplaintAction",
    "ComplaintWords",
    "Customer",
    "Delivery",
    "Event",
    "Fault",
    "Notification",
    "PendingInput",
    "ProcessedUpdate",
    "Staff",
    "SurveyTemplate",
    "Wave",
    "WebSession",
    "WebToken",
    "WizardDraft",
]
