"""Opening the year's self-audit from several callers at once (two browser tabs, the 1 November schedule and a
reviewer) gives every caller the same audit with its items listed once, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from app.home.clock import Clock
from storage.audit import AuditLog
from storage.db import Database
from storage.models import SelfAudit, SelfAuditItem
from storage.self_audit import SUBJECT_TYPE, SelfAuditRepository
from storage.uow import UnitOfWork
from tasks import context
from tasks.self_audit import AuditStep, open_audit
from tests.integration.test_self_audit_storage import AS_OF, seeded

YEAR = 2026


@pytest.fixture
def tasks_on(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The tasks pointed at this test's database, on the day the audit opens."""
    monkeypatch.setattr(context, "_wiring", None)
    settings = context.EnvironmentSettings(database_url=database.url.render_as_string(hide_password=False),
                                           files_url=str(tmp_path / "files"))  # fmt: skip
    context.configure(settings, lambda day: Clock(day or AS_OF))
    yield database
    context.database().dispose()


def opening(callers: int) -> Callable[[], AuditStep]:
    """`open_audit` as the schedule calls it, released for every caller at once."""
    start = threading.Barrier(callers)

    def call() -> AuditStep:
        start.wait()
        return open_audit.fn(YEAR, None, None)

    return call


def race(callers: int, call: Callable[[], AuditStep]) -> list[AuditStep]:
    with ThreadPoolExecutor(callers) as pool:
        return [future.result() for future in [pool.submit(call) for _ in range(callers)]]


def assert_opened_once(database: Database, steps: list[AuditStep]) -> None:
    """One audit, every caller told its id and full item count, one of them the opener, each item listed once,
    one open event."""
    with UnitOfWork(database, readonly=True) as uow:
        audits = uow.session.exec(select(SelfAudit)).all()
        assert len(audits) == 1
        audit_id = audits[0].id or 0
        items = SelfAuditRepository(uow.session).count(audit_id)
        distinct = uow.session.exec(select(func.count(func.distinct(col(SelfAuditItem.document_id))))).one()
        events = AuditLog(uow.connection).events_for(SUBJECT_TYPE, audit_id)
    assert items == 6 and distinct == 5  # five documents and one subject without a document
    assert {(step.audit_id, step.items) for step in steps} == {(audit_id, items)}
    assert sorted(step.opened_now for step in steps) == [False] * (len(steps) - 1) + [True]
    assert [event["action"] for event in events].count("open") == 1


def test_callers_opening_the_audit_at_once_all_get_the_same_audit(tasks_on: Database) -> None:
    seeded(tasks_on)
    steps = race(4, opening(4))
    assert_opened_once(tasks_on, steps)
    assert open_audit.fn(YEAR, None, date(2026, 11, 3)).items == 6  # and again later: nothing added


def test_on_postgresql_the_second_insert_of_the_same_year_waits_and_takes_the_first_audit(
    tasks_on: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both callers have looked for the audit and found none before either inserts it: the one that inserts
    second meets the first's row under the (organisation, year) key."""
    if tasks_on.is_sqlite:
        pytest.skip("SQLite writers take the lock at BEGIN IMMEDIATE: the second never looks before the first commits")
    both_looked = threading.Barrier(2)
    add = SelfAuditRepository.add

    def add_when_both_looked(self: SelfAuditRepository, audit: SelfAudit) -> SelfAudit | None:
        both_looked.wait()
        return add(self, audit)

    monkeypatch.setattr(SelfAuditRepository, "add", add_when_both_looked)
    seeded(tasks_on)
    steps = race(2, lambda: open_audit.fn(YEAR, None, None))
    assert_opened_once(tasks_on, steps)
