"""How stored deadlines and audit events read in `show`: the fields documents and requests share."""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.models import DeadlineRecord


def iso_day(day: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return day.isoformat() if day else None


def deadline_fields(record: DeadlineRecord, kind_label: str) -> dict[str, Any]:
    """A deadline's shared read-model fields: how it was computed, its label, whether it is in force or met."""
    return {
        **record.basis,
        "id": record.id,
        "kind": record.kind,
        "kind_label": kind_label,
        "due": record.due.isoformat(),
        "active": record.active,
        "met_on": iso_day(record.met_on),
    }


def event_fields(row: dict[str, Any], action_label: str) -> dict[str, Any]:
    """An audit event's shared read-model fields, as the trail shows them."""
    return {
        "seq": row["seq"],
        "at": row["at"].isoformat(),
        "actor": row["actor"],
        "role": row["role"],
        "action": row["action"],
        "action_label": action_label,
        "from_state": row["from_state"],
        "to_state": row["to_state"],
        "payload": row["payload"],
        "flow_run_id": row["flow_run_id"],
    }
