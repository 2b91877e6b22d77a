"""Refused logins counted from many requests at once (a password tried in parallel) each count: the counter is
one atomic upsert, so no refusal is lost and none fails on the (name, client) key."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from storage.db import Database
from storage.logins import LoginRepository
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
ATTEMPTS = 8


@pytest.mark.parametrize("before", [0, 2], ids=["first refusals", "more refusals"])
def test_refusals_counted_at_once_are_each_counted(database: Database, before: int) -> None:
    for _ in range(before):
        with UnitOfWork(database) as uow:
            LoginRepository(uow.session).count_failure("王芳", "10.0.0.7", NOW)
            uow.commit()
    start = threading.Barrier(ATTEMPTS)

    def refused() -> int:
        start.wait()
        with UnitOfWork(database) as uow:
            count = LoginRepository(uow.session).count_failure("王芳", "10.0.0.7", NOW)
            uow.commit()
            return count

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        counts = [future.result() for future in [pool.submit(refused) for _ in range(ATTEMPTS)]]
    assert sorted(counts) == list(range(before + 1, before + ATTEMPTS + 1))
    with UnitOfWork(database, readonly=True) as uow:
        failures = LoginRepository(uow.session).failures("王芳", "10.0.0.7")
    assert failures is not None and failures[0] == before + ATTEMPTS
