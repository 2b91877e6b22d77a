"""The tables, one module per subject; importing this package registers every table on SQLModel.metadata."""

from storage.models.core import (
    AuditEvent,
    AuditHead,
    CalendarOverrideRecord,
    Consultation,
    DeadlineRecord,
    Department,
    DisclosureRequest,
    Document,
    DocumentLifecycle,
    DocumentVersion,
    FindingResolution,
    IndexSequence,
    Interpretation,
    Organisation,
    RequestDocumentLink,
    StoredFile,
    User,
    json_column,
    utc_now,
)
from storage.models.login import LoginFailure, LoginSession
from storage.models.reminders import NotifyTarget, ReminderSent
from storage.models.reports import ReportFigure, ReportSection, ReviewCase
from storage.models.self_audit import SelfAudit, SelfAuditItem

__all__ = [
    "AuditEvent",
    "AuditHead",
    "CalendarOverrideRecord",
    "Consultation",
    "DeadlineRecord",
    "Department",
    "DisclosureRequest",
    "Document",
    "DocumentLifecycle",
    "DocumentVersion",
    "FindingResolution",
    "IndexSequence",
    "Interpretation",
    "LoginFailure",
    "LoginSession",
    "NotifyTarget",
    "Organisation",
    "ReminderSent",
    "ReportFigure",
    "ReportSection",
    "RequestDocumentLink",
    "ReviewCase",
    "SelfAudit",
    "SelfAuditItem",
    "StoredFile",
    "User",
    "json_column",
    "utc_now",
]
