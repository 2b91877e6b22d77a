"""Flows and tasks against a real Prefect (one temporary server per session) on a SQLite database per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prefect.testing.utilities import prefect_test_harness

from app.home.clock import Clock
from app.home.settings import Settings
from app.web.app import create_app
from intake.limits import MAX_UPLOAD_BYTES
from storage.db import Database
from tasks import context

ORG_CODE = "11500000MB1234567X"
USERS = {"王芳": "drafter", "赵拟": "drafter", "李审": "reviewer", "张签": "signer", "周督": "supervisor"}


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    """One temporary Prefect server for every flow test."""
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the organisation and the users, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "gongkai.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    from storage.uow import UnitOfWork

    with UnitOfWork(database) as uow:
        uow.organisations.ensure(code=ORG_CODE, name="示例市人民政府办公室")
        for name, role in USERS.items():
            uow.users.add(name=name, role=role)
        uow.commit()
    database.dispose()
    return path


def configure_home(home: Path, seed: Path) -> Settings:
    """Point the tasks at a copy of a seed in `home`: its database (a template_db, or a seeded home's), and the
    seeded home's file store when it has one."""
    database = seed if seed.is_file() else seed / "gongkai.db"
    shutil.copy(database, home / "gongkai.db")
    if seed.is_dir() and (seed / "files").exists():
        shutil.copytree(seed / "files", home / "files")
    configured = Settings(
        home=home,
        database_url=f"sqlite:///{home / 'gongkai.db'}",
        files_url=str(home / "files"),
        today=None,
        max_upload_bytes=MAX_UPLOAD_BYTES,
    )
    context.configure(configured, Clock)
    return configured


@pytest.fixture
def settings(tmp_path: Path, template_db: Path) -> Iterator[Settings]:
    """Tasks pointed at a fresh copy of the template database and a file store in tmp_path."""
    yield configure_home(tmp_path, template_db)
    context.database().dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The web app on the test's database and Prefect server (page modules have their own, a PageClient)."""
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.runtime.database.dispose()
