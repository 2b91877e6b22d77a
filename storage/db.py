"""The database: an engine per URL (SQLite embedded, PostgreSQL at scale) and the schema's upgrade."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from policies.errors import BadInput, GongkaiError
from storage.private import private_dir, private_file

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


class DatabaseUnavailable(GongkaiError):
    """The database cannot be reached or opened."""


def _normalise_url(url: str) -> str:
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Database:
    """One database: its engine, its dialect, and how write transactions serialise on it."""

    def __init__(self, url: str) -> None:
        try:
            self.url = make_url(_normalise_url(url))
        except ArgumentError as error:
            raise BadInput(f"数据库地址无效：{url}") from error
        if self.url.get_backend_name() not in ("sqlite", "postgresql"):
            raise BadInput(f"不支持的数据库：{self.url.get_backend_name()}（支持 SQLite 与 PostgreSQL）")

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the embedded SQLite default."""
        return self.url.get_backend_name() == "sqlite"

    @cached_property
    def engine(self) -> Engine:
        """The engine, created on first use; SQLite runs in WAL mode with write transactions taken up front."""
        if self.is_sqlite:
            database = self.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                private_dir(Path(database).parent)
                private_file(Path(database))  # SQLite gives its -wal and -shm files the database file's mode
            engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            _configure_sqlite(engine)
            return engine
        return create_engine(self.url, pool_pre_ping=True)

    def dispose(self) -> None:
        """Close every pooled connection."""
        if "engine" in self.__dict__:
            self.engine.dispose()

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest migration; idempotent."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "heads")
        except OperationalError as error:
            raise DatabaseUnavailable(f"无法打开数据库 {self.url.render_as_string()}：{error.orig}") from error


def migration_heads() -> set[str]:
    """The newest revision of each migration branch."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return set(ScriptDirectory.from_config(config).get_heads())


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for writes so appends never race."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("gongkai_readonly"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
