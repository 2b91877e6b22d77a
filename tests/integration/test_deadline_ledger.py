"""The deadline ledger on SQLite and PostgreSQL: starting supersedes the open deadline of its kind, stopping
suspends it, meeting records the day; every change writes its audit event in the step's transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.home.clock import Clock
from policies.calendar import china_calendar
from policies.deadlines import DeadlineKind, publication_due, reply_due
from storage.audit import NewEvent
from storage.db import Database
from storage.deadlines import DeadlineLedger
from storage.uow import UnitOfWork

CALENDAR = china_calendar()
CLOCK = Clock(date(2026, 11, 2))
SUBJECT, SUBJECT_ID = "request", 41


def _event(action: str, payload: dict[str, Any]) -> NewEvent:
    return NewEvent(actor="李审", role="reviewer", action=action, subject_type=SUBJECT, subject_id=SUBJECT_ID,
                    payload=payload)  # fmt: skip


def _ledger(uow: UnitOfWork) -> DeadlineLedger:
    return DeadlineLedger(uow, SUBJECT, SUBJECT_ID, _event)


def _audit(database: Database) -> list[tuple[str, dict[str, Any]]]:
    with UnitOfWork(database, readonly=True) as uow:
        return [(e["action"], e["payload"]) for e in uow.audit.events_for(SUBJECT, SUBJECT_ID)]


def _deadlines(database: Database) -> list[tuple[str, str, bool, date | None]]:
    with UnitOfWork(database, readonly=True) as uow:
        return [(d.kind, d.due.isoformat(), d.active, d.met_on) for d in uow.deadlines.history_for(SUBJECT, SUBJECT_ID)]


def test_starting_a_deadline_supersedes_the_open_one_of_its_kind(database: Database) -> None:
    with UnitOfWork(database, clock=CLOCK) as uow:
        _ledger(uow).start(reply_due(date(2026, 10, 9), CALENDAR))
        _ledger(uow).start(publication_due(date(2026, 10, 9), CALENDAR))
        _ledger(uow).start(reply_due(date(2026, 10, 20), CALENDAR))
        uow.commit()
    assert _deadlines(database) == [
        ("reply", "2026-11-05", False, None), ("publication", "2026-11-05", True, None),
        ("reply", "2026-11-17", True, None),
    ]  # fmt: skip
    audit = _audit(database)
    assert [action for action, _ in audit] == ["deadline_set", "deadline_set", "deadline_superseded", "deadline_set"]
    assert audit[2][1] == {"kind": "reply", "due": "2026-11-05", "met_on": None}
    assert audit[3][1] == {"kind": "reply", "due": "2026-11-17", "rule": "reply_20wd", "computed_from": "2026-10-20",
                           "provisional": False}  # fmt: skip


def test_meeting_a_deadline_records_the_day_and_writes_deadline_met(database: Database) -> None:
    with UnitOfWork(database, clock=CLOCK) as uow:
        _ledger(uow).start(publication_due(date(2026, 10, 9), CALENDAR))
        met = _ledger(uow).meet(DeadlineKind.PUBLICATION, date(2026, 11, 2))
        again = _ledger(uow).meet(DeadlineKind.PUBLICATION, date(2026, 11, 3))
        uow.commit()
    assert met is not None and met.met_on == date(2026, 11, 2) and again is None
    assert _deadlines(database) == [("publication", "2026-11-05", True, date(2026, 11, 2))]
    met_event = {"kind": "publication", "due": "2026-11-05", "met_on": "2026-11-02"}
    assert _audit(database)[-1] == ("deadline_met", met_event)


def test_stopping_a_deadline_suspends_it_and_writes_deadline_suspended(database: Database) -> None:
    with UnitOfWork(database, clock=CLOCK) as uow:
        ledger = _ledger(uow)
        ledger.start(reply_due(date(2026, 10, 9), CALENDAR))
        assert ledger.open_dues() == {DeadlineKind.REPLY: date(2026, 11, 5)}
        ledger.stop(DeadlineKind.REPLY)
        assert ledger.open_dues() == {}
        uow.commit()
    assert _deadlines(database) == [("reply", "2026-11-05", False, None)]
    assert _audit(database)[-1] == ("deadline_suspended", {"kind": "reply", "due": "2026-11-05", "met_on": None})


def test_a_ledger_change_without_commit_leaves_neither_deadline_nor_event(database: Database) -> None:
    with UnitOfWork(database, clock=CLOCK) as uow:
        _ledger(uow).start(reply_due(date(2026, 10, 9), CALENDAR))
    assert _deadlines(database) == [] and _audit(database) == []
