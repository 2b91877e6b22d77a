"""The core tables: organisations, users, documents, files, deadlines, audit events, calendar, requests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """The current instant in UTC (timezone-aware)."""
    return datetime.now(UTC)


def json_column() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Organisation(SQLModel, table=True):
    """An issuing organ (机关): a department or a government, with its code for the 索引号 and its official
    e-mail domains (addresses on them, like those on *.gov.cn, are not personal data)."""

    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(default="department", max_length=16)
    index_pattern: str = Field(default="{code}/{year}-{seq:05d}", max_length=100)
    official_domains: list[str] = json_column()


class Department(SQLModel, table=True):
    """A department (科室) of an organisation; drafters belong to one."""

    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=100)


class User(SQLModel, table=True):
    """A person who acts in gongkai, with one role."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    role: str = Field(max_length=16)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    token_hash: str | None = Field(default=None, max_length=200)
    password_hash: str | None = Field(default=None, max_length=200)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class StoredFile(SQLModel, table=True):
    """A file's bytes, content-addressed by SHA-256; the bytes live in the file store."""

    __tablename__ = "stored_file"

    sha256: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_type=BigInteger)  # type: ignore[call-overload]
    media_type: str = Field(max_length=100)
    original_name: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class Document(SQLModel, table=True):
    """A 公文 and its disclosure attribute; `version` guards every change (optimistic locking)."""

    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    drafter_id: int = Field(foreign_key="users.id", index=True)
    title: str = Field(max_length=500)
    doc_number: str | None = Field(default=None, max_length=100)
    issuer: str | None = Field(default=None, max_length=200)
    formed_on: date | None = None
    index_no: str | None = Field(default=None, max_length=100, index=True)
    kind: str = Field(default="other", max_length=16)
    subject_area: str = Field(default="other", max_length=32)
    attribute: str | None = Field(default=None, max_length=16)
    grounds: list[str] = json_column()
    attribute_reason: str | None = None
    state: str = Field(max_length=16, index=True)
    version: int = Field(default=1)
    published_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
    updated_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class DeadlineRecord(SQLModel, table=True):
    """A deadline stored when its triggering event happened, with the rule that produced it and how."""

    __tablename__ = "deadline"
    __table_args__ = (Index("ix_deadline_open", "subject_type", "active", "met_on", "subject_id", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_type: str = Field(max_length=32)
    subject_id: int = Field(index=True)
    kind: str = Field(max_length=32)
    due: date = Field(index=True)
    rule: str = Field(max_length=64)
    rule_text: str
    computed_from: date
    basis: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    provisional: bool = False
    active: bool = Field(default=True, index=True)
    met_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class AuditEvent(SQLModel, table=True):
    """One entry of the append-only, hash-chained audit log; `seq` is the storage key, so the chain cannot fork."""

    __tablename__ = "audit_event"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = Field(sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
    actor: str = Field(max_length=64)
    role: str = Field(max_length=16)
    action: str = Field(max_length=64)
    subject_type: str = Field(max_length=32)
    subject_id: str = Field(max_length=64)
    from_state: str | None = Field(default=None, max_length=32)
    to_state: str | None = Field(default=None, max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    flow_run_id: str | None = Field(default=None, max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class AuditHead(SQLModel, table=True):
    """The chain's head (last seq and hash): the row appends lock, and the anchor that shows a removed tail."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(max_length=64)


class CalendarOverrideRecord(SQLModel, table=True):
    """A local calendar arrangement: an extra day off or an extra working day."""

    __tablename__ = "calendar_override"

    day: date = Field(primary_key=True)
    working: bool
    name: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class DisclosureRequest(SQLModel, table=True):
    """An application for disclosure (依申请公开) and its reply clock; `version` guards every change.

    applicant_contact is personal data: never in logs (excluded from repr), on public pages or in reports.
    """

    __tablename__ = "disclosure_request"

    id: int | None = Field(default=None, primary_key=True)
    applicant_name: str = Field(max_length=200)
    applicant_type: str = Field(max_length=16, index=True)
    applicant_key: str = Field(max_length=200, index=True)
    applicant_contact: str | None = Field(default=None, max_length=500, repr=False)
    channel: str = Field(max_length=16)
    received_on: date = Field(index=True)
    subject: str
    subject_key: str = Field(max_length=200, index=True)
    state: str = Field(max_length=24, index=True)
    version: int = Field(default=1)
    clock_start: date
    correction_requested_on: date | None = None
    corrected_on: date | None = None
    extended_on: date | None = None
    extension_reason: str | None = None
    result: str | None = Field(default=None, max_length=64, index=True)
    result_detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    replied_on: date | None = Field(default=None, index=True)
    late: bool | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
    updated_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class RequestDocumentLink(SQLModel, table=True):
    """A document a request asks for, when known."""

    __tablename__ = "request_document"

    request_id: int = Field(foreign_key="disclosure_request.id", primary_key=True)
    document_id: int = Field(foreign_key="document.id", primary_key=True, index=True)


class Consultation(SQLModel, table=True):
    """A written consultation of a third party or another agency about a request (条例 Arts. 32–33)."""

    __tablename__ = "consultation"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="disclosure_request.id", index=True)
    party: str = Field(max_length=200)
    started_on: date
    ended_on: date | None = None


class DocumentVersion(SQLModel, table=True):
    """One submitted file of a document (submission, resubmission after a return, amendment) and its pre-check."""

    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    number: int
    file_sha256: str = Field(foreign_key="stored_file.sha256", max_length=64)
    original_name: str = Field(max_length=255)
    media_type: str = Field(max_length=100)
    text: str
    findings: list[dict[str, Any]] = json_column()
    metadata_read: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reason: str = Field(max_length=16)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class FindingResolution(SQLModel, table=True):
    """How a personal-data finding was resolved: redacted in a later version, or kept with a reviewer's reason."""

    __tablename__ = "finding_resolution"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    version_number: int
    kind: str = Field(max_length=32)
    text: str = Field(max_length=500)
    resolution: str = Field(max_length=16)
    reason: str | None = None
    resolved_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class DocumentLifecycle(SQLModel, table=True):
    """What the issuance lifecycle adds to a document: its current version, plan, sign-off, publication, withdrawal."""

    __tablename__ = "document_lifecycle"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    current_version: int = 1
    subject_matched: list[str] = json_column()
    plan_sha256: str | None = Field(default=None, foreign_key="stored_file.sha256", max_length=64)
    plan_name: str | None = Field(default=None, max_length=255)
    signed_by: str | None = Field(default=None, max_length=64)
    signed_on: date | None = None
    published_version: int | None = None
    published_on_time: bool | None = None
    validity: str | None = Field(default=None, max_length=16)
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None


class Interpretation(SQLModel, table=True):
    """A policy interpretation (政策解读) published as its own page and linked both ways with its document."""

    __tablename__ = "interpretation"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    form: str = Field(max_length=16)
    file_sha256: str = Field(foreign_key="stored_file.sha256", max_length=64)
    original_name: str = Field(max_length=255)
    media_type: str = Field(max_length=100)
    text: str
    published_on: date = Field(index=True)
    on_time: bool | None = None
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class IndexSequence(SQLModel, table=True):
    """The last 索引号 sequence number given per organisation and year; the key makes each number unique."""

    __tablename__ = "index_sequence"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0
