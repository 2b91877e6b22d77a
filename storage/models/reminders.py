"""The daily sweep's tables: where reminders go (apprise URLs) and which reminders went out."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_now


class NotifyTarget(SQLModel, table=True):
    """An apprise URL reminders are sent to, for one department or all, and for a role (supervisor: escalations)."""

    __tablename__ = "notify_target"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000, repr=False)
    department: str | None = Field(default=None, max_length=100)
    role: str | None = Field(default=None, max_length=16)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class ReminderSent(SQLModel, table=True):
    """One reminder of one deadline (an item and its kind) at one level to one URL: sent, or failed and retried."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("deadline_id", "level", "target_id"),)

    id: int | None = Field(default=None, primary_key=True)
    deadline_id: int = Field(foreign_key="deadline.id", index=True)
    subject_type: str = Field(max_length=32)
    subject_id: int
    kind: str = Field(max_length=32)
    level: str = Field(max_length=16)
    target_id: int = Field(foreign_key="notify_target.id", index=True)
    status: str = Field(max_length=8)
    attempts: int = Field(default=1)
    first_tried_on: date
    sent_on: date | None = None
    error: str | None = Field(default=None, max_length=500)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
