"""The sweep's storage: notify targets, the open deadlines in a sweep's window (one SQL statement over the deadline
table), and the reminders sent, one row per deadline, level and URL. Like every repository, it never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, func, insert, select, update
from sqlmodel import Session, col

from policies.errors import NotFound
from storage.models import DeadlineRecord, Department, Document, NotifyTarget, ReminderSent, User, utc_now

SENT = "sent"
FAILED = "failed"
ERROR_LENGTH = 500


class OpenDeadline(NamedTuple):
    """An open deadline as the sweep lists it: its row, its subject, its due date, title and department (a tuple:
    a sweep makes one per row of 100,000)."""

    deadline_id: int
    subject_type: str
    subject_id: int
    kind: str
    due: date
    title: str | None
    department: str | None


class Outcome(NamedTuple):
    """What became of one reminder (a deadline at a level to a URL) in this sweep."""

    deadline: OpenDeadline
    level: str
    target_id: int
    sent: bool
    error: str | None = None


ReminderKey = tuple[int, str, int]
"""(deadline id, level, target id): what the unique constraint on reminder_sent makes happen once."""


def _open(last_due: date) -> ColumnElement[bool]:
    """In force, not met, due on or before `last_due`."""
    return and_(col(DeadlineRecord.active), col(DeadlineRecord.met_on).is_(None), col(DeadlineRecord.due) <= last_due)


class ReminderRepository:
    """Notify targets and reminders sent."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_target(self, *, url: str, department: str | None, role: str | None) -> NotifyTarget:
        """Store a URL reminders go to."""
        target = NotifyTarget(url=url, department=department, role=role)
        self.session.add(target)
        self.session.flush()
        return target

    def targets(self) -> Sequence[NotifyTarget]:
        """The URLs in use, in the order added."""
        return (
            self.session.exec(  # type: ignore[call-overload, no-any-return]
                select(NotifyTarget).where(col(NotifyTarget.active)).order_by(col(NotifyTarget.id))
            )
            .scalars()
            .all()
        )

    def remove_target(self, target_id: int) -> NotifyTarget:
        """Stop sending to a URL (the row stays, for the reminders already sent to it); NotFound otherwise."""
        target = self.session.get(NotifyTarget, target_id)
        if target is None or not target.active:
            raise NotFound(f"没有编号为 {target_id} 的通知地址")
        target.active = False
        self.session.add(target)
        self.session.flush()
        return target

    def open_deadlines(self, last_due: date) -> list[OpenDeadline]:
        """Every deadline in force, not met and due on or before `last_due`, soonest first — one SELECT, with the
        document's title and its drafter's department joined in."""
        is_document = and_(
            col(DeadlineRecord.subject_type) == "document", col(Document.id) == DeadlineRecord.subject_id
        )
        query = (
            select(
                col(DeadlineRecord.id), col(DeadlineRecord.subject_type), col(DeadlineRecord.subject_id),
                col(DeadlineRecord.kind), col(DeadlineRecord.due), col(Document.title), col(Department.name),
            )
            .outerjoin(Document, is_document)
            .outerjoin(User, col(User.id) == Document.drafter_id)
            .outerjoin(Department, col(Department.id) == User.department_id)
            .where(_open(last_due))
            .order_by(col(DeadlineRecord.due), col(DeadlineRecord.id))
        )  # fmt: skip
        return [OpenDeadline._make(row) for row in self.session.connection().execute(query)]

    def count_open(self, last_due: date) -> int:
        """How many deadlines `open_deadlines` lists, counted by the database alone (the benchmark's baseline)."""
        query = select(func.count()).select_from(DeadlineRecord).where(_open(last_due))
        return int(self.session.execute(query).scalar_one())

    def sent_keys(self, last_due: date) -> set[ReminderKey]:
        """The reminders already sent for the deadlines in the window (failed ones are not: they are retried)."""
        query = (
            select(col(ReminderSent.deadline_id), col(ReminderSent.level), col(ReminderSent.target_id))
            .join(DeadlineRecord, col(DeadlineRecord.id) == ReminderSent.deadline_id)
            .where(col(ReminderSent.status) == SENT, _open(last_due))
        )
        return {(row[0], row[1], row[2]) for row in self.session.execute(query)}

    def record(self, outcomes: Iterable[Outcome], on: date) -> None:
        """Store this sweep's outcomes: a new reminder is inserted, a failed one tried again is updated in place —
        two statements, whatever the number of reminders."""
        outcomes = list(outcomes)
        if not outcomes:
            return
        ids = sorted({outcome.deadline.deadline_id for outcome in outcomes})
        earlier = {
            (row.deadline_id, row.level, row.target_id): (row.id, row.attempts)
            for row in self.session.execute(
                select(col(ReminderSent.id), col(ReminderSent.deadline_id), col(ReminderSent.level),
                       col(ReminderSent.target_id), col(ReminderSent.attempts))
                .where(col(ReminderSent.deadline_id).in_(ids))
            )
        }  # fmt: skip
        now = utc_now()
        fresh: list[dict[str, object]] = []
        retried: list[dict[str, object]] = []
        for outcome in outcomes:
            key = (outcome.deadline.deadline_id, outcome.level, outcome.target_id)
            values = {
                "status": SENT if outcome.sent else FAILED,
                "sent_on": on if outcome.sent else None,
                "error": (outcome.error or "")[:ERROR_LENGTH] or None,
                "updated_at": now,
            }
            if key in earlier:
                row_id, attempts = earlier[key]
                retried.append({"id": row_id, "attempts": attempts + 1, **values})
            else:
                fresh.append({
                    "deadline_id": key[0], "level": key[1], "target_id": key[2],
                    "subject_type": outcome.deadline.subject_type, "subject_id": outcome.deadline.subject_id,
                    "kind": outcome.deadline.kind, "attempts": 1, "first_tried_on": on, **values,
                })  # fmt: skip
        if fresh:
            self.session.execute(insert(ReminderSent), fresh)
        if retried:
            self.session.execute(update(ReminderSent), retried)  # ORM bulk update by primary key
