"""A disclosure request (依申请公开) as `request show` and `request list` tell it, and the often-requested report."""

from __future__ import annotations

from pydantic import BaseModel

from storage.read.models.common import DeadlineView, EventView
from storage.read.models.documents import GroundView


class RequestDeadline(DeadlineView):
    """A request's deadline: whether it is past due while in force; its status (pending, overdue, met, met late, no
    longer in force); how many working days it is or was late (met late, or overdue as of today; else None); and,
    once a later deadline of its kind replaced it (the clock restarted or moved), that deadline's id."""

    overdue: bool
    status: str
    status_label: str
    working_days_late: int | None
    superseded_by: int | None


class RequestEvent(EventView):
    """An audit event about a request; a deadline event says which deadline and its due date."""

    detail: str | None


class LinkedDocument(BaseModel):
    """A document the request asks for."""

    id: int | None
    title: str
    doc_number: str | None
    state: str


class ConsultationView(BaseModel):
    """A third-party consultation: whom, from when, until when."""

    party: str
    started_on: str
    ended_on: str | None


class ClockView(BaseModel):
    """What the reply clock runs on: receipt, its start, corrections, the extension, consultations."""

    received_on: str
    clock_start: str
    correction_requested_on: str | None
    corrected_on: str | None
    extended_on: str | None
    extension_reason: str | None
    consultations: list[ConsultationView]


class ReplyView(BaseModel):
    """The reply: its result code and label, when it was sent, and its particulars; the legal grounds of what was
    withheld by their codes (`grounds`) and with their names and articles (`named_grounds`)."""

    result: str
    label: str
    replied_on: str | None
    late: bool | None
    grounds: list[str]
    named_grounds: list[GroundView]
    withheld_part: str | None
    reason: str | None
    report_row: str


class OftenRequestedDocument(BaseModel):
    """A document asked for by many applicants."""

    document: int
    title: str
    applicants: int


class OftenRequestedSubject(BaseModel):
    """Information without a linked document asked for by many applicants, by its subject key and a sample."""

    subject_key: str
    subject: str | None
    applicants: int


OftenRequestedItem = OftenRequestedDocument | OftenRequestedSubject


class OftenRequestedFlag(BaseModel):
    """Whether what a request asks for is often requested (条例 Art. 44), and by how many applicants."""

    flagged: bool
    threshold: int
    window_days: int
    as_of: str
    items: list[OftenRequestedItem]


class OftenRequestedReport(BaseModel):
    """Information asked for by at least `threshold` distinct applicants in the window up to as_of (Art. 44)."""

    as_of: str
    threshold: int
    window_days: int
    items: list[OftenRequestedItem]


class MonthlyApplications(BaseModel):
    """How many applications the applicant made in the month of this one, against the monthly limit."""

    month: str
    count: int
    limit: int
    over_limit: bool


class RequestSummary(BaseModel):
    """A request in a list."""

    id: int
    state: str
    state_label: str
    applicant_type: str
    received_on: str
    subject: str
    result: str | None
    late: bool | None


class RequestListItem(RequestSummary):
    """A request in a list, with the documents it asks for, its reply deadline in force and its flag."""

    applicant: str
    documents: list[int]
    reply_due: str | None
    often_requested: bool


class RequestDetail(RequestSummary):
    """Everything about a request: clock, deadlines and how each was computed, reply, flags, audit trail."""

    version: int
    applicant: str
    applicant_type_label: str
    contact: str | None
    channel: str
    channel_label: str
    receipt_rule: str
    documents: list[LinkedDocument]
    clock: ClockView
    reply: ReplyView | None
    deadlines: list[RequestDeadline]
    often_requested: OftenRequestedFlag
    applicant_month: MonthlyApplications
    audit: list[RequestEvent]
