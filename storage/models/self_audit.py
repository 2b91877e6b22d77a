"""The yearly self-audit (自查): one audit per organisation and year, and the items it reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_now


class SelfAudit(SQLModel, table=True):
    """One organisation's self-audit of a year; the key (organisation, year) makes opening it again a no-op.

    seed and spot_check are set when it closes: the sample is drawn from the seed, which the close event records.
    """

    __tablename__ = "self_audit"
    __table_args__ = (UniqueConstraint("organisation_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    year: int
    state: str = Field(default="open", max_length=16)
    opened_on: date
    opened_by: str = Field(max_length=64)
    opened_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
    due: date
    threshold: int
    window_days: int
    closed_on: date | None = None
    closed_by: str | None = Field(default=None, max_length=64)
    seed: int | None = Field(default=None, sa_type=BigInteger)  # type: ignore[call-overload]
    spot_check: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class SelfAuditItem(SQLModel, table=True):
    """One item of an audit: a filed non-public document, or an often-requested subject no document holds.

    attribute and applicants are as they stood when the audit opened; the decision fields are set once.
    """

    __tablename__ = "self_audit_item"
    __table_args__ = (UniqueConstraint("audit_id", "document_id"), UniqueConstraint("audit_id", "subject_key"))

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="self_audit.id")  # the unique (audit_id, …) keys index it
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    subject_key: str | None = Field(default=None, max_length=200)
    reason: str = Field(max_length=16)
    attribute: str | None = Field(default=None, max_length=16)
    applicants: int = 0
    decision: str | None = Field(default=None, max_length=16)
    target_attribute: str | None = Field(default=None, max_length=16)
    decision_reason: str | None = None
    decided_by: str | None = Field(default=None, max_length=64)
    decided_on: date | None = None
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]

    def detail(self) -> dict[str, Any]:
        """What the audit event of a decision records about the item."""
        return {"item": self.id, "document": self.document_id, "subject_key": self.subject_key, "reason": self.reason}
