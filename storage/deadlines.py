"""The deadline ledger: one subject's deadlines (a document's, a request's), each change audited in the same
transaction as the step that makes it. Like every repository, it never commits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from policies.deadlines import Deadline, DeadlineKind
from storage.audit import NewEvent
from storage.models import DeadlineRecord
from storage.uow import UnitOfWork

EventFor = Callable[[str, dict[str, Any]], NewEvent]
"""Builds the subject's audit event for a ledger action ("deadline_set", …) and its payload."""


class DeadlineLedger:
    """Start, supersede, stop and meet one subject's deadlines; every change writes its audit event."""

    def __init__(self, uow: UnitOfWork, subject_type: str, subject_id: int, event_for: EventFor) -> None:
        self.uow = uow
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.event_for = event_for

    def open_dues(self) -> dict[DeadlineKind, date]:
        """The due date of each kind of deadline in force and not yet met."""
        records = self.uow.deadlines.active_for(self.subject_type, self.subject_id)
        return {DeadlineKind(r.kind): r.due for r in reversed(records) if r.met_on is None}

    def start(self, deadline: Deadline) -> DeadlineRecord:
        """Set a deadline in place of the open one of its kind ("deadline_superseded", then "deadline_set")."""
        self.supersede(deadline.kind)
        record = self.uow.deadlines.add(self.subject_type, self.subject_id, deadline)
        self._note("deadline_set", {
            "kind": deadline.kind, "due": deadline.due, "rule": deadline.rule,
            "computed_from": deadline.computed_from, "provisional": deadline.provisional,
        })  # fmt: skip
        return record

    def supersede(self, kind: DeadlineKind) -> list[DeadlineRecord]:
        """Deactivate the deadlines of one kind: the clock restarts or nothing is owed any more."""
        return self._deactivate(kind, "deadline_superseded")

    def stop(self, kind: DeadlineKind) -> list[DeadlineRecord]:
        """Suspend the deadlines of one kind: the clock stops without the deadline being met."""
        return self._deactivate(kind, "deadline_suspended")

    def meet(self, kind: DeadlineKind, on: date) -> DeadlineRecord | None:
        """Record the open deadline of one kind as met on a day ("deadline_met"); None when none was open."""
        record = self.uow.deadlines.meet(self.subject_type, self.subject_id, kind.value, on)
        if record is not None:
            self._note("deadline_met", {"kind": record.kind, "due": record.due, "met_on": on})
        return record

    def _deactivate(self, kind: DeadlineKind, action: str) -> list[DeadlineRecord]:
        records = self.uow.deadlines.supersede(self.subject_type, self.subject_id, kind.value)
        for record in records:
            self._note(action, {"kind": record.kind, "due": record.due, "met_on": record.met_on})
        return records

    def _note(self, action: str, payload: dict[str, Any]) -> None:
        self.uow.record(self.event_for(action, payload))
