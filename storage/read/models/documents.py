"""A document as `show` and `list` tell it: codes with their Chinese labels beside them, dates as ISO text."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from storage.read.models.common import DeadlineView, EventView


class ResolutionView(BaseModel):
    """How a personal-data finding was resolved: redacted in a later version, or kept with a reviewer's reason."""

    kind: str
    label: str
    text: str
    resolution: str
    reason: str | None
    by: str
    version: int


class FindingView(BaseModel):
    """A pre-check finding of the current version, numbered from 1, with how it was resolved."""

    number: int
    kind: str
    text: str
    start: int
    end: int
    label: str
    severity: str
    resolution: ResolutionView | None


class DocumentDeadline(DeadlineView):
    """A document's deadline with its status (pending, met, met late, overdue, …)."""

    status: str
    status_label: str


class MetadataView(BaseModel):
    """The disclosure page's metadata table; sources says where each value came from (line and rule of the text,
    the drafter, or the signature), formed_on_in_text the date line read from the text."""

    title: str
    doc_number: str | None
    formed_on: str | None
    issuer: str | None
    index_no: str | None
    attribute_mark: str | None
    published_on: str | None
    validity: str | None
    validity_label: str | None
    formed_on_in_text: str | None = None
    sources: dict[str, str] = {}


class FormedDateView(BaseModel):
    """The date line read from the text beside the 成文日期: the sign date, or today's before signing."""

    in_text: str | None
    formed_on: str
    signed: bool
    differs: bool
    explanation: str


class MetadataCheckView(BaseModel):
    """The drafter's latest check of the current version's metadata read from the file: who, when (an ISO instant),
    and what it said (the corrections in Chinese, or that the values are as read)."""

    by: str
    at: str
    version: int
    corrected: list[str]
    text: str


class DocumentEvent(EventView):
    """An audit event of a document; detail says a metadata check's corrections in Chinese field names."""

    detail: str | None = None


class GroundView(BaseModel):
    """A legal ground for not disclosing proactively, with the article it comes from."""

    code: str
    label: str
    article: str | None


class VersionView(BaseModel):
    """One submitted file of the document."""

    number: int
    reason: str
    original_name: str
    media_type: str
    sha256: str
    characters: int
    findings: int
    created_by: str
    created_at: str


class PlanView(BaseModel):
    """The interpretation plan filed with a policy document."""

    name: str | None
    sha256: str


class InterpretationView(BaseModel):
    """An interpretation published with the document."""

    id: int | None
    form: str
    form_label: str
    original_name: str
    sha256: str
    published_on: str
    on_time: bool | None
    created_by: str


class DocumentSummary(BaseModel):
    """A document in a list."""

    id: int
    title: str
    state: str
    state_label: str
    attribute: str | None
    attribute_label: str | None
    kind: str
    doc_number: str | None
    index_no: str | None
    drafter: str
    version: int
    published_on: str | None


class DocumentListItem(DocumentSummary):
    """A document in a list, with its next open deadline."""

    next_deadline: DocumentDeadline | None
    overdue: bool


class DocumentDetail(DocumentSummary):
    """Everything about a document: metadata, findings, versions, deadlines with their computation, audit trail."""

    kind_label: str
    subject_area: str
    subject_label: str
    subject_matched: list[str]
    subject_source: str = ""
    grounds: list[GroundView]
    attribute_reason: str | None
    metadata: MetadataView
    metadata_read: dict[str, Any]
    metadata_check: MetadataCheckView | None = None
    formed_date: FormedDateView | None = None
    current_version: int
    findings: list[FindingView]
    resolutions: list[ResolutionView]
    versions: list[VersionView]
    interpretation_plan: PlanView | None
    signed_by: str | None
    signed_on: str | None
    published_version: int | None
    published_on_time: bool | None
    withdrawn_on: str | None
    withdrawal_reason: str | None
    interpretations: list[InterpretationView]
    deadlines: list[DocumentDeadline]
    audit: list[DocumentEvent]
