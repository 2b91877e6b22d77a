"""Request body of the reminder URLs' API (the URL travels in the body, never in a logged query string)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class NotifyTargetIn(BaseModel):
    """An apprise URL, optionally for one department and for one role (supervisor: escalations)."""

    url: str = Field(max_length=2000)
    dept: str | None = None
    role: str | None = None
