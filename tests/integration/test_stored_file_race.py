"""Two steps taking in the same bytes at once (two drafters uploading one circular) share the one stored-file row:
the second waits for the first and takes its row, instead of failing on the key (on PostgreSQL; SQLite writers
never overlap)."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlmodel import select

from storage.db import Database
from storage.documents import Intake, Issuance
from storage.models import StoredFile
from storage.uow import UnitOfWork

CONTENT = "关于做好年度政务公开工作的通知".encode()
INTAKE = Intake(sha256=hashlib.sha256(CONTENT).hexdigest(), size=len(CONTENT), original_name="通知.txt",
                media_type="text/plain", text="关于做好年度政务公开工作的通知", content=CONTENT)  # fmt: skip


def test_the_second_step_keeping_the_same_new_file_takes_the_first_ones_row(database: Database) -> None:
    if database.is_sqlite:
        pytest.skip("SQLite writers take the lock at BEGIN IMMEDIATE: the second never looks before the first commits")
    first_kept, second_looked = threading.Event(), threading.Event()

    def first() -> str:
        with UnitOfWork(database) as uow:
            stored = Issuance(uow.session).keep_file(INTAKE)
            first_kept.set()
            second_looked.wait()  # the second found no row: this one is not committed yet
            uow.commit()
            return stored.sha256

    def second() -> str:
        first_kept.wait()
        with UnitOfWork(database) as uow:
            get = uow.session.get

            def looked(*args: Any, **kwargs: Any) -> Any:
                found = get(*args, **kwargs)
                second_looked.set()
                return found

            uow.session.get = looked  # type: ignore[method-assign]
            stored = Issuance(uow.session).keep_file(INTAKE)
            uow.commit()
            return stored.sha256

    with ThreadPoolExecutor(2) as pool:
        answers = [future.result() for future in [pool.submit(first), pool.submit(second)]]
    assert answers == [INTAKE.sha256] * 2
    with UnitOfWork(database, readonly=True) as uow:
        assert [row.sha256 for row in uow.session.exec(select(StoredFile)).all()] == [INTAKE.sha256]


def test_keeping_a_file_already_stored_adds_no_row(database: Database) -> None:
    for _ in range(2):
        with UnitOfWork(database) as uow:
            assert Issuance(uow.session).keep_file(INTAKE).original_name == "通知.txt"
            uow.commit()
    with UnitOfWork(database, readonly=True) as uow:
        assert len(uow.session.exec(select(StoredFile)).all()) == 1
