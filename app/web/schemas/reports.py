"""Request bodies of the reports' API: cases for table 四, hand-entered figures and sections."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class NewCase(BaseModel):
    """A reconsideration or lawsuit about a request: its kind (code or Chinese name) and when it was filed."""

    request_id: int
    kind: str
    filed: date


class CaseDecision(BaseModel):
    """How a case ended (upheld, corrected, other, or 维持, 纠正, 其他) and when (today when not given)."""

    result: str
    decided: date | None = None


class FigureIn(BaseModel):
    """A hand-entered figure, as typed (a whole number, or the fee in 万元)."""

    value: str


class SectionIn(BaseModel):
    """A section's text."""

    text: str
