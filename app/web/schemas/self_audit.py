"""Request bodies of the self-audit's API (自查)."""

from __future__ import annotations

from pydantic import BaseModel


class Opening(BaseModel):
    """Which year's audit to open; this year's when none is given."""

    year: int | None = None


class ItemDecisionIn(BaseModel):
    """Keep the item with a reason, or convert it to an attribute (its code or Chinese name)."""

    keep: bool = False
    reason: str | None = None
    convert: str | None = None
