"""One storage contract, two backends: SQLite always, PostgreSQL when GONGKAI_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import Database

POSTGRES_URL = os.environ.get("GONGKAI_TEST_POSTGRES_URL")
NO_POSTGRES = "GONGKAI_TEST_POSTGRES_URL is not set: the PostgreSQL half of the storage contract is skipped"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return path


class PostgresServer:
    """Creates a migrated template database once, then a fresh copy per test."""

    def __init__(self, url: str) -> None:
        self.url = make_url(Database(url).url)
        self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self.prefix = f"gk_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.prefix}_template"
        self.created: list[str] = []
        self._create(self.template)
        database = Database(self.url.set(database=self.template).render_as_string(hide_password=False))
        database.upgrade()
        database.dispose()

    def _create(self, name: str, template: str | None = None) -> None:
        with self.admin.connect() as connection:
            suffix = f" TEMPLATE {template}" if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        self.created.append(name)

    def fresh(self) -> str:
        """The URL of a new database copied from the migrated template."""
        name = f"{self.prefix}_{len(self.created)}"
        self._create(name, self.template)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            for name in reversed(self.created):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    server = PostgresServer(POSTGRES_URL)
    yield server
    server.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> str:
    """A freshly migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "gongkai.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.fresh()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()
