"""Settings from the command line and the environment: where gongkai keeps its data, and what day it is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from intake.limits import MAX_UPLOAD_BYTES
from policies.dates import parse_day
from policies.errors import BadInput

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """Where data lives (GONGKAI_HOME, GONGKAI_DATABASE_URL, GONGKAI_FILES_URL) and the pinned day, if any."""

    home: Path
    database_url: str
    files_url: str
    today: date | None
    max_upload_bytes: int

    @classmethod
    def load(cls, *, home: str | None = None, database_url: str | None = None, today: str | None = None) -> Settings:
        """Options win over the environment, the environment over the defaults."""
        home_path = Path(home or os.environ.get("GONGKAI_HOME") or ".gongkai").expanduser().absolute()
        url = database_url or os.environ.get("GONGKAI_DATABASE_URL") or f"sqlite:///{home_path / 'gongkai.db'}"
        files = os.environ.get("GONGKAI_FILES_URL") or str(home_path / "files")
        today_text = today or os.environ.get("GONGKAI_TODAY")
        limit_text = os.environ.get("GONGKAI_MAX_UPLOAD_BYTES")
        try:
            limit = int(limit_text) if limit_text else MAX_UPLOAD_BYTES
        except ValueError as error:
            raise BadInput(f"GONGKAI_MAX_UPLOAD_BYTES 应为整数：{limit_text!r}") from error
        return cls(
            home=home_path,
            database_url=url,
            files_url=files,
            today=parse_day(today_text, what="--today") if today_text else None,
            max_upload_bytes=limit,
        )
