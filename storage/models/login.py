"""Login: the sessions a browser holds (kept only as a digest of their id) and the refused attempts per name and
client that slow the next ones down."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_now


class LoginSession(SQLModel, table=True):
    """One signed-in browser: the SHA-256 of its random cookie value, its CSRF token, until when it holds."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    csrf_token: str = Field(max_length=64)
    client: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
    ended_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))  # type: ignore[call-overload]


class LoginFailure(SQLModel, table=True):
    """Refused logins in a row for one user name from one client, and when the last one was."""

    __tablename__ = "login_failure"
    __table_args__ = (UniqueConstraint("username", "client"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    client: str = Field(max_length=100)
    failures: int = Field(default=0)
    last_failed_at: datetime = Field(sa_type=DateTime(timezone=True))  # type: ignore[call-overload]
