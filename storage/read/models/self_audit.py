"""The yearly self-audit (自查) as `self-audit open` lists it and `self-audit report` tells it."""

from __future__ import annotations

from pydantic import BaseModel

from storage.read.models.common import EventView


class ListedItem(BaseModel):
    """An item as the opening lists it: its id, its document (None for an often-requested subject), why."""

    id: int
    document: int | None
    subject_key: str | None
    reason: str
    reason_label: str


class OpenedAudit(BaseModel):
    """The audit as `self-audit open` prints it."""

    id: int
    year: int
    state: str
    state_label: str
    due: str
    items: list[ListedItem]


class ItemDecisionView(BaseModel):
    """One item and its decision, with the document it concerns."""

    id: int
    document: int | None
    title: str | None
    doc_number: str | None
    subject_key: str | None
    reason: str
    reason_label: str
    attribute: str | None
    attribute_label: str | None
    applicants: int
    decision: str | None
    decision_label: str | None
    to: str | None
    to_label: str | None
    decision_reason: str | None
    decided_by: str | None
    decided_on: str | None
    spot_checked: bool


class Conversion(BaseModel):
    """How many items went from one attribute to another."""

    from_attribute: str
    from_label: str
    to: str
    to_label: str
    count: int


class SpotCheck(BaseModel):
    """The office's sample, the seed it was drawn from, and the rule of its size; empty until the audit closes."""

    seed: int | None
    size: int
    items: list[int]
    rule: str


class SelfAuditReport(BaseModel):
    """`self-audit report`: counts, each decision, the conversions, the spot check and its seed, the audit trail."""

    id: int
    year: int
    organisation: str
    state: str
    state_label: str
    opened_on: str
    opened_by: str
    due: str
    closed_on: str | None
    closed_by: str | None
    threshold: int
    window_days: int
    items: int
    by_reason: dict[str, int]
    decided: int
    undecided: int
    kept: int
    converted: int
    conversions: list[Conversion]
    decisions: list[ItemDecisionView]
    spot_check: SpotCheck
    audit: list[EventView]
