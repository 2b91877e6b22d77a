"""What documents and requests show alike: a deadline with how it was computed, and an audit event."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class NamedDay(BaseModel):
    """A holiday skipped or a make-up working day counted, with its Chinese name."""

    date: str
    name: str


class DeadlineView(BaseModel):
    """A deadline, the rule that produced it and how it was computed, and whether it is in force or met."""

    id: int | None
    kind: str
    kind_label: str
    due: str
    rule: str
    rule_text: str
    computed_from: str
    provisional: bool
    explanation: str
    skipped: list[NamedDay]
    makeup_workdays: list[NamedDay]
    active: bool
    met_on: str | None


class EventView(BaseModel):
    """One audit event about the subject, with the flow run that wrote it."""

    seq: int
    at: str
    actor: str
    role: str
    action: str
    action_label: str
    from_state: str | None
    to_state: str | None
    payload: dict[str, Any]
    flow_run_id: str | None
