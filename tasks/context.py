"""What a task runs against: the configured database and file store, and the current flow run's id."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from storage.clock import Clock
from storage.db import Database
from storage.filestore import FileStore
from storage.settings import Settings
from storage.uow import UnitOfWork

_configured: Settings | None = None


def configure(settings: Settings) -> None:
    """Point every task in this process at these settings (the web app and the runner call this at start)."""
    global _configured
    _configured = settings
    _database.cache_clear()
    _file_store.cache_clear()


def settings() -> Settings:
    """The configured settings, or those of the environment."""
    return _configured or Settings.load()


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


def unit_of_work(today: date | None = None, *, readonly: bool = False) -> UnitOfWork:
    """A unit of work on the configured database, dated `today`, stamped with the current flow run."""
    return UnitOfWork(database(), clock=Clock(today), flow_run_id=current_flow_run_id(), readonly=readonly)
