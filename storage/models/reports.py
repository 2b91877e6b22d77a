"""The annual report's own records: review and litigation cases about requests (table 四), the figures the
office enters by hand (table 二) and the sections it writes (一, 五, 六)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from storage.models.core import utc_now


class ReviewCase(SQLModel, table=True):
    """An administrative reconsideration (行政复议) or lawsuit (行政诉讼) about a request, and how it ended."""

    __tablename__ = "review_case"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="disclosure_request.id", index=True)
    kind: str = Field(max_length=32)
    filed_on: date = Field(index=True)
    result: str | None = Field(default=None, max_length=16)
    decided_on: date | None = None
    recorded_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class ReportFigure(SQLModel, table=True):
    """A figure of table 二 the system cannot know, as entered by hand for a year (the fee in 万元, as text)."""

    __tablename__ = "report_figure"

    year: int = Field(primary_key=True)
    item: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=32)
    entered_by: str = Field(max_length=64)
    entered_on: date


class ReportSection(SQLModel, table=True):
    """A section of the annual report the office writes itself (一 总体情况, 五, 六)."""

    __tablename__ = "report_section"

    year: int = Field(primary_key=True)
    section: str = Field(primary_key=True, max_length=16)
    text: str
    entered_by: str = Field(max_length=64)
    entered_on: date
