"""What every command runs with: settings, the clock, the database, and how to print."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from app.home.clock import Clock
from app.home.settings import Settings

if TYPE_CHECKING:
    from storage.db import Database
    from storage.uow import UnitOfWork


def to_json(data: Any) -> str:
    """Pretty JSON with Chinese left readable."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@dataclass
class Runtime:
    """One invocation's context."""

    settings: Settings
    json_output: bool = False
    clock: Clock = field(init=False)

    def __post_init__(self) -> None:
        self.clock = Clock(self.settings.today)

    @cached_property
    def database(self) -> Database:
        """The database named by --db / GONGKAI_DATABASE_URL, or the SQLite file under GONGKAI_HOME."""
        from storage.db import Database

        return Database(self.settings.database_url)

    def unit_of_work(self, *, readonly: bool = False, flow_run_id: str | None = None) -> UnitOfWork:
        """A unit of work on this runtime's database and clock."""
        from storage.uow import UnitOfWork

        return UnitOfWork(self.database, clock=self.clock, readonly=readonly, flow_run_id=flow_run_id)

    @property
    def local_admin(self) -> str:
        """Who acts for local administration: whoever holds GONGKAI_HOME (the login name)."""
        try:
            return f"local:{getpass.getuser()}"[:64]
        except (KeyError, OSError):
            return "local:admin"

    def emit(self, data: Any, human: str) -> None:
        """Print the result: JSON with --json, otherwise the human text."""
        print(to_json(data) if self.json_output else human)
