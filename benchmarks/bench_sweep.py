"""The daily deadline sweep over 100,000 open deadlines on SQLite: the sweep's listing and planning (one SELECT over
the deadline table, each item's level and working days on the precomputed calendar, the reminders owed to one URL)
against a bare SQL count over the same rows, in the same run. Recording 100,000 reminders (rows and audit events)
is measured too, apart from the target.

Target (DESIGN.md): one sweep over 100,000 open items in ≤ 5 s. The data is generated set-based (INSERT … SELECT
over a recursive CTE), not row by row.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import text

from app.home.clock import Clock
from storage.db import Database
from storage.reminders import Outcome, ReminderRepository
from storage.uow import UnitOfWork
from tasks import context
from tasks.sweep import plan_sweep, record_reminders

T = TypeVar("T")

OPEN_ITEMS = 100_000
DOCUMENTS = OPEN_ITEMS // 2
DEPARTMENTS = 10
TODAY = date(2026, 11, 16)
TARGET_SECONDS = 5.0

_SEED = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
"""


def seed(database: Database) -> None:
    """Departments, drafters, documents and their open deadlines (due from 60 days ago to 4 days ahead)."""
    with database.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO organisation (code, name, kind, index_pattern) VALUES ('BENCH', '基准测试机关', "
                 "'department', '{code}/{year}-{seq:05d}')")
        )  # fmt: skip
        connection.execute(text(_SEED + "INSERT INTO department (organisation_id, name) SELECT 1, '科室' || i FROM n"),
                           {"count": DEPARTMENTS})  # fmt: skip
        connection.execute(text(_SEED + "INSERT INTO users (name, role, department_id, active, created_at) "
                                "SELECT '拟稿' || i, 'drafter', i, 1, '2026-01-01 00:00:00' FROM n"),
                           {"count": DEPARTMENTS})  # fmt: skip
        connection.execute(text(_SEED + """
            INSERT INTO document (organisation_id, drafter_id, title, kind, subject_area, grounds, state, version,
                                  created_at, updated_at)
            SELECT 1, 1 + i % :departments, '关于第' || i || '项工作的通知', 'policy', 'other', '[]', 'signed', 1,
                   '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM n"""),
                           {"count": DOCUMENTS, "departments": DEPARTMENTS})  # fmt: skip
        connection.execute(text(_SEED + """
            INSERT INTO deadline (subject_type, subject_id, kind, due, rule, rule_text, computed_from, basis,
                                  provisional, active, created_at)
            SELECT CASE WHEN i % 10 = 0 THEN 'request' ELSE 'document' END,
                   1 + (i - 1) % :documents,
                   CASE WHEN i % 10 = 0 THEN 'reply' WHEN i % 2 = 0 THEN 'interpretation' ELSE 'publication' END,
                   date(:today, printf('%+d days', 4 - i % 65)), 'bench', '基准', :today, '{}', 0, 1,
                   '2026-01-01 00:00:00' FROM n"""),
                           {"count": OPEN_ITEMS, "documents": DOCUMENTS, "today": TODAY.isoformat()})  # fmt: skip


def best(run: Callable[[], T], repeats: int) -> tuple[float, T]:
    """The fastest of `repeats` timings of `run`, and its last result."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def main() -> None:
    """Seed, then time the baseline count, the sweep's plan with no URL and with one URL, and recording."""
    with tempfile.TemporaryDirectory() as home:
        url = f"sqlite:///{Path(home) / 'gongkai.db'}"
        os.environ["GONGKAI_DATABASE_URL"] = url
        database = Database(url)
        database.upgrade()
        started = time.perf_counter()
        seed(database)
        seeded = time.perf_counter() - started
        # configure, not ensure_configured: another benchmark of this run may have wired the tasks elsewhere
        context.configure(context.EnvironmentSettings.from_environment(), Clock)

        def count() -> int:
            with UnitOfWork(database, readonly=True) as uow:
                return ReminderRepository(uow.session).count_open(date(2026, 11, 18))

        baseline, listed = best(count, 5)
        bare, plan = best(lambda: plan_sweep.fn(TODAY), 3)
        with UnitOfWork(database) as uow:
            ReminderRepository(uow.session).add_target(url="json://127.0.0.1:9/bench", department=None, role=None)
            uow.commit()
        with_url, planned = best(lambda: plan_sweep.fn(TODAY), 3)
        owed = [item for message in planned.messages for item in message.items]
        outcomes = [Outcome(item.deadline, message.level.value, message.target_id, True)
                    for message in planned.messages for item in message.items]  # fmt: skip
        started = time.perf_counter()
        record_reminders.fn(outcomes, TODAY)
        recording = time.perf_counter() - started
        after, replanned = best(lambda: plan_sweep.fn(TODAY), 1)
        database.dispose()
        context.database().dispose()

    items = len(plan.items)
    print(f"{OPEN_ITEMS:,} open deadlines on SQLite ({DOCUMENTS:,} documents, {DEPARTMENTS} departments), seeded")
    print(f"set-based in {seeded:.2f} s; sweep as of {TODAY}: {items:,} listed (due soon or overdue)")
    assert items == listed, f"the sweep listed {items}, the bare count says {listed}"
    print(f"{'what':<62}{'seconds':>10}{'× baseline':>12}")
    print(f"{'baseline: bare SQL count over the same rows':<62}{baseline:>10.3f}{1:>12.1f}")
    for label, seconds in (
        ("sweep plan, no notify URL (list + levels + working days)", bare),
        (f"sweep plan, one URL ({len(owed):,} reminders owed)", with_url),
        ("sweep plan again after they were sent (nothing owed)", after),
    ):
        print(f"{label:<62}{seconds:>10.3f}{seconds / baseline:>12.1f}")
    print(
        f"{'recording ' + format(len(outcomes), ',') + ' reminders sent (rows + audit events)':<62}{recording:>10.3f}"
    )
    assert not replanned.messages, "reminders already sent were owed again"
    verdict = "met" if max(bare, with_url, after) <= TARGET_SECONDS else "NOT met"
    print(f"target: one sweep over {OPEN_ITEMS:,} open items ≤ {TARGET_SECONDS:.0f} s: {verdict}")
