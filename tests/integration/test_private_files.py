"""The home's data is readable by its owner only: the SQLite database and its -wal/-shm files, the file store and
the logs are created 0600 in 0700 folders, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from loguru import logger

from app.home import admin
from app.home.logs import configure_logging
from app.home.runtime import Runtime
from app.home.settings import Settings
from app.stack.supervisor import LOCAL_TOKEN_FILE, local_token
from storage.filestore import FileStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest common umask (files 0666 and folders 0777 unless gongkai says otherwise)."""
    previous = os.umask(0o000)
    yield
    os.umask(previous)


def test_database_file_store_and_logs_are_private(tmp_path: Path, open_umask: None) -> None:
    home = tmp_path / "a" / "home"
    runtime = Runtime(settings=Settings.load(home=str(home)))
    admin.initialise(runtime, org_code="X1", org_name="示例", org_kind=None)
    admin.add_user(runtime, name="王芳", role="drafter", department="办公室")
    with runtime.unit_of_work(readonly=True) as uow:  # the WAL and shared-memory files exist while connected
        assert uow.users.get("王芳").name == "王芳"
        database = home / "gongkai.db"
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            assert path.exists() and mode(path) == 0o600, (path, oct(mode(path)))
    runtime.database.dispose()
    assert mode(home) == 0o700 and mode(home.parent) == 0o700

    store = FileStore(str(home / "files"))
    sha256 = store.put("申请人：张三，电话 13800000000".encode())
    stored = home / "files" / sha256[:2] / sha256
    assert mode(home / "files") == 0o700 and mode(stored.parent) == 0o700 and mode(stored) == 0o600

    configure_logging(home)
    logger.info("申请人张三的联系方式")
    log = home / "logs" / "gongkai.log"
    assert mode(home / "logs") == 0o700 and log.exists() and mode(log) == 0o600
    logger.remove()

    local_token(home)
    assert mode(home / LOCAL_TOKEN_FILE) == 0o600
    assert all(mode(p) & 0o077 == 0 for p in home.rglob("*")), [(p, oct(mode(p))) for p in home.rglob("*")]
