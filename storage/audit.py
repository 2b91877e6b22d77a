"""The append-only audit log: each event's hash covers its canonical JSON and the previous event's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlmodel import col

from storage.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq", "at", "actor", "role", "action", "subject_type", "subject_id",
    "from_state", "to_state", "payload", "flow_run_id", "prev_hash",
)


@dataclass(frozen=True, slots=True)
class NewEvent:
    """What happened, before it takes its place in the chain."""

    actor: str
    role: str
    action: str
    subject_type: str
    subject_id: str | int
    from_state: str | None = None
    to_state: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first event at which the chain no longer verifies, and why."""

    seq: int
    reason: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of walking the chain."""

    events: int
    head_seq: int
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        """Whether every event verified."""
        return self.broken is None


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def plain_json(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as it will be stored and read back: JSON types only."""
    result: dict[str, Any] = json.loads(json.dumps(payload, default=_json_default, ensure_ascii=False))
    return result


def canonical_instant(at: datetime) -> str:
    """An instant as a fixed UTC string with microseconds (naive values read back from SQLite are UTC)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds") + "Z"


def event_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an event's hashed fields, `prev_hash` included."""
    body = {name: row[name] for name in HASHED_FIELDS}
    body["at"] = canonical_instant(body["at"])
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AuditLog:
    """Appends to and verifies the chain on one connection; appends lock the head row, so the chain never forks."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def append(self, event: NewEvent, *, at: datetime, flow_run_id: str | None = None) -> dict[str, Any]:
        """Append one event; returns the stored row."""
        return self.append_many([event], at=at, flow_run_id=flow_run_id)[0]

    def append_many(
        self, events: Sequence[NewEvent], *, at: datetime, flow_run_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Append a batch in order, all or nothing with the surrounding transaction."""
        if not events:
            return []
        head = self.connection.execute(
            select(col(AuditHead.seq), col(AuditHead.hash)).where(AuditHead.id == 1).with_for_update()  # type: ignore[arg-type]
        ).one()
        seq, prev_hash = head.seq, head.hash
        rows: list[dict[str, Any]] = []
        for event in events:
            seq += 1
            row = {
                "seq": seq,
                "at": at,
                "actor": event.actor,
                "role": event.role,
                "action": event.action,
                "subject_type": event.subject_type,
                "subject_id": str(event.subject_id),
                "from_state": event.from_state,
                "to_state": event.to_state,
                "payload": plain_json(event.payload),
                "flow_run_id": flow_run_id,
                "prev_hash": prev_hash,
            }
            row["hash"] = prev_hash = event_hash(row)
            rows.append(row)
        self.connection.execute(insert(AuditEvent), rows)
        self.connection.execute(
            update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=prev_hash)  # type: ignore[arg-type]
        )
        return rows

    def events_for(self, subject_type: str, subject_id: str | int) -> list[dict[str, Any]]:
        """Every event about one subject, oldest first."""
        result = self.connection.execute(
            select(AuditEvent)
            .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == str(subject_id))  # type: ignore[arg-type]
            .order_by(AuditEvent.seq)  # type: ignore[arg-type]
        )
        return [dict(row._mapping) for row in result]

    def _rows(self, batch: int = 5000) -> Iterator[dict[str, Any]]:
        result = self.connection.execution_options(yield_per=batch).execute(
            select(AuditEvent).order_by(AuditEvent.seq)  # type: ignore[arg-type]
        )
        for row in result:
            yield dict(row._mapping)

    def verify(self) -> ChainReport:
        """Walk the chain from the start: every hash recomputes, links to its predecessor, and ends at the head."""
        head = self.connection.execute(select(col(AuditHead.seq), col(AuditHead.hash)).where(AuditHead.id == 1)).one()  # type: ignore[arg-type]
        expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
        for row in self._rows():
            count += 1
            if row["seq"] != expected_seq:
                reason = f"事件 {expected_seq} 缺失（下一条为 {row['seq']}）"
                return ChainReport(count, head.seq, ChainBreak(expected_seq, reason))
            if row["prev_hash"] != prev_hash:
                return ChainReport(count, head.seq, ChainBreak(row["seq"], "与前一事件的哈希不衔接"))
            if event_hash(row) != row["hash"]:
                return ChainReport(count, head.seq, ChainBreak(row["seq"], "内容与其哈希不符（已被改动）"))
            prev_hash = row["hash"]
            expected_seq += 1
        last_seq = expected_seq - 1
        if last_seq > head.seq:
            reason = f"事件 {head.seq + 1} 起未经登记追加（链头记录为事件 {head.seq}）"
            return ChainReport(count, head.seq, ChainBreak(head.seq + 1, reason))
        if (last_seq, prev_hash) != (head.seq, head.hash):
            reason = f"链尾为事件 {last_seq}，但链头记录为事件 {head.seq}（末尾事件被删除或改动）"
            return ChainReport(count, head.seq, ChainBreak(last_seq + 1 if last_seq < head.seq else last_seq, reason))
        return ChainReport(count, head.seq, None)
