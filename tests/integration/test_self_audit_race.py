"""The self-audit's steps taken by several callers at once, on SQLite and PostgreSQL alike: opening the year's
audit (two browser tabs, the 1 November schedule and a reviewer) gives every caller the same audit with its items
listed once; a second decision of one item, or a second close, waits for the first and is refused, never recorded
twice."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import col, func, select

from app.home.clock import Clock
from policies.errors import PolicyRefusal
from storage.audit import AuditLog
from storage.db import Database
from storage.models import SelfAudit, SelfAuditItem
from storage.self_audit import SUBJECT_TYPE, SelfAuditRepository
from storage.uow import UnitOfWork
from tasks import context
from tasks.self_audit import AuditStep, close_audit, decide, open_audit
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


def one_after_another(database: Database, staging: str, first: Callable[[], object], second: Callable[[], object],
                      monkeypatch: pytest.MonkeyPatch) -> tuple[object, BaseException | None]:  # fmt: skip
    """Run `first` up to the moment it stages its change (SelfAuditRepository.`staging`), then `second`, and let
    the first commit only once the second has read what it changes — or is waiting for a lock on it."""
    first_staging, second_read = threading.Event(), threading.Event()
    stage = getattr(SelfAuditRepository, staging)
    first_thread: list[threading.Thread] = []

    def staged(self: SelfAuditRepository, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is first_thread[0]:
            first_staging.set()
            until_read_or_waiting(database, second_read)
        else:
            second_read.set()
        return stage(self, *args, **kwargs)

    monkeypatch.setattr(SelfAuditRepository, staging, staged)

    def run_second() -> BaseException | None:
        first_staging.wait()
        try:
            second()
        except PolicyRefusal as refusal:
            return refusal
        finally:
            second_read.set()
        return None

    def run_first() -> object:
        first_thread.append(threading.current_thread())
        return first()

    with ThreadPoolExecutor(2) as pool:
        answer, refusal = pool.submit(run_first), pool.submit(run_second)
        return answer.result(), refusal.result()


def until_read_or_waiting(database: Database, read: threading.Event) -> None:
    """Until the other caller has read (without a lock), or PostgreSQL shows it waiting for a row lock.

    Each look is a transaction of its own: within one, pg_stat_activity keeps showing the snapshot of its first
    read, and a wait that begins later would never be seen. A minute without either is a failure, not a hang."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    give_up = time.monotonic() + 60
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        while not read.wait(0.02):
            if connection.execute(waiting).scalar_one():
                return
            assert time.monotonic() < give_up, "the other caller neither read nor waited for the lock within 60 s"


@pytest.fixture
def opened_audit(tasks_on: Database) -> int:
    """The 2026 audit opened, every item but the first decided by the reviewer 李审; its first item's id."""
    if tasks_on.is_sqlite:
        pytest.skip("SQLite writers take the lock at BEGIN IMMEDIATE: the second never reads before the first commits")
    seeded(tasks_on)
    with UnitOfWork(tasks_on) as uow:
        uow.users.add(name="李审", role="reviewer")
        uow.commit()
    audit_id = open_audit.fn(YEAR, None, None).audit_id
    with UnitOfWork(tasks_on, readonly=True) as uow:
        first, *others = SelfAuditRepository(uow.session).item_ids(audit_id)
    for item_id in others:
        decide.fn(item_id, "李审", "涉及国家秘密，继续不予公开", None, None)
    return first


def events(database: Database, action: str) -> list[dict[str, Any]]:
    with UnitOfWork(database, readonly=True) as uow:
        audit_id = uow.session.exec(select(SelfAudit.id)).one()
        return [event for event in AuditLog(uow.connection).events_for(SUBJECT_TYPE, audit_id or 0)
                if event["action"] == action]  # fmt: skip


def test_on_postgresql_a_second_decision_of_the_same_item_waits_and_is_refused(
    tasks_on: Database, opened_audit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def keep(reason: str) -> Callable[[], object]:
        return lambda: decide.fn(opened_audit, "李审", reason, None, None)

    answer, refusal = one_after_another(tasks_on, "decide", keep("第一位审查员的理由"), keep("第二位审查员的理由"),
                                        monkeypatch)  # fmt: skip
    assert isinstance(refusal, PolicyRefusal) and "已作结论" in str(refusal)
    with UnitOfWork(tasks_on, readonly=True) as uow:
        assert SelfAuditRepository(uow.session).item(opened_audit).decision_reason == "第一位审查员的理由"
    decided = [event["payload"]["decision_reason"] for event in events(tasks_on, "decide")
               if event["payload"]["item"] == opened_audit]  # fmt: skip
    assert decided == ["第一位审查员的理由"] and answer is not None


def test_on_postgresql_a_second_close_waits_and_is_refused(
    tasks_on: Database, opened_audit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide.fn(opened_audit, "李审", "涉及国家秘密，继续不予公开", None, None)

    def close(seed: int) -> Callable[[], object]:
        return lambda: close_audit.fn(YEAR, "李审", None, seed=seed)

    _, refusal = one_after_another(tasks_on, "close", close(11), close(22), monkeypatch)
    assert isinstance(refusal, PolicyRefusal) and "已完成" in str(refusal)
    assert [event["payload"]["seed"] for event in events(tasks_on, "close")] == [11]
    with UnitOfWork(tasks_on, readonly=True) as uow:
        assert SelfAuditRepository(uow.session).require_year(1, YEAR).seed == 11
