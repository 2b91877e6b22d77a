"""/api/health and /api/me."""

from __future__ import annotations

import os

from fastapi import APIRouter

from app.web.deps import CallerDep, RuntimeDep
from app.web.schemas.health import Health, Me

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def health(runtime: RuntimeDep) -> Health:
    """Liveness, and where this app keeps its data."""
    return Health(
        ok=True,
        prefect_api_url=os.environ.get("PREFECT_API_URL"),
        stack_id=os.environ.get("GONGKAI_STACK_ID"),
        database=runtime.database.url.render_as_string(hide_password=True),
    )


@router.get("/me")
def me(who: CallerDep) -> Me:
    """The authenticated user."""
    return Me(name=who.user.name, role=who.user.role)
