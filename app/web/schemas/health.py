"""What /api/health and /api/me answer."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    """Liveness, and where the app keeps its data."""

    ok: bool
    prefect_api_url: str | None
    database: str


class Me(BaseModel):
    """The authenticated user."""

    name: str
    role: str
