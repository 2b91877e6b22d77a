"""What /api/health and /api/me answer."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    """Liveness, which home's stack this app belongs to, and where it keeps its data."""

    ok: bool
    prefect_api_url: str | None
    stack_id: str | None
    database: str


class Me(BaseModel):
    """The authenticated user."""

    name: str
    role: str
