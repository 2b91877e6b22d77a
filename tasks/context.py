"""What a task runs against: the database, the file store and the clock the entry point gave, and the flow run's id.

The entry point (the web app, the runner, a test) calls `configure` once; tasks never read settings themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from intake.limits import MAX_UPLOAD_BYTES
from storage.db import Database
from storage.filestore import FileStore
from storage.uow import Clock, UnitOfWork


class TaskSettings(Protocol):
    """The settings tasks need: where the data is, and how large an upload may be."""

    @property
    def database_url(self) -> str: ...

    @property
    def files_url(self) -> str: ...

    @property
    def max_upload_bytes(self) -> int: ...


@dataclass(frozen=True, slots=True)
class _Wiring:
    settings: TaskSettings
    clock: Callable[[date | None], Clock]


_wiring: _Wiring | None = None


class NotConfigured(RuntimeError):
    """A task ran before its entry point said which database, file store and clock to use."""


def configure(settings: TaskSettings, clock: Callable[[date | None], Clock]) -> None:
    """Point every task in this process at these settings and this clock (entry points call this at start)."""
    global _wiring
    _wiring = _Wiring(settings, clock)
    _database.cache_clear()
    _file_store.cache_clear()


@dataclass(frozen=True, slots=True)
class EnvironmentSettings:
    """Where the data is, as the stack's environment says (`gongkai up` sets GONGKAI_DATABASE_URL and
    GONGKAI_FILES_URL for every process it starts, the runner included)."""

    database_url: str
    files_url: str
    max_upload_bytes: int = MAX_UPLOAD_BYTES

    @classmethod
    def from_environment(cls) -> EnvironmentSettings:
        """GONGKAI_DATABASE_URL and GONGKAI_FILES_URL, else the SQLite file and file store under GONGKAI_HOME."""
        home = Path(os.environ.get("GONGKAI_HOME") or ".gongkai").expanduser().absolute()
        return cls(
            database_url=os.environ.get("GONGKAI_DATABASE_URL") or f"sqlite:///{home / 'gongkai.db'}",
            files_url=os.environ.get("GONGKAI_FILES_URL") or str(home / "files"),
        )


@dataclass(frozen=True, slots=True)
class _SystemClock:
    """The machine's time in Asia/Shanghai, or a given day, for flow runs Prefect starts by itself."""

    day: date | None = None

    def today(self) -> date:
        return self.day or datetime.now(ZoneInfo("Asia/Shanghai")).date()

    def now(self) -> datetime:
        return datetime.now(UTC)


def ensure_configured() -> None:
    """For a flow run in a process Prefect started (the stack's runner, a process worker), which no entry point of
    ours configured: take the data's whereabouts from the environment. Configured processes are left as they are."""
    if _wiring is None:
        configure(EnvironmentSettings.from_environment(), _SystemClock)


def _wired() -> _Wiring:
    if _wiring is None:
        raise NotConfigured("tasks.context.configure() was not called: no database, file store or clock")
    return _wiring


def settings() -> TaskSettings:
    """The configured settings."""
    return _wired().settings


@lru_cache(maxsize=1)
def _database() -> Database:
    return Database(settings().database_url)


@lru_cache(maxsize=1)
def _file_store() -> FileStore:
    return FileStore(settings().files_url)


def database() -> Database:
    """The database tasks write to."""
    return _database()


def file_store() -> FileStore:
    """The file store tasks keep originals in."""
    return _file_store()


def current_flow_run_id() -> str | None:
    """The id of the flow run this code runs in, if any."""
    from prefect.runtime import flow_run

    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


def clock(today: date | None = None) -> Clock:
    """The configured clock, dated `today` when given."""
    return _wired().clock(today)


def unit_of_work(today: date | None = None, *, readonly: bool = False) -> UnitOfWork:
    """A unit of work on the configured database, dated `today`, stamped with the current flow run."""
    clock = _wired().clock(today)
    return UnitOfWork(database(), clock=clock, flow_run_id=current_flow_run_id(), readonly=readonly)
