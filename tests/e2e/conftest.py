"""End-to-end tests drive the real `gongkai` command against a real local stack in a temporary home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

GONGKAI = [sys.executable, "-m", "app.cli"]
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    """One CLI invocation's outcome."""

    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


def run_gongkai(
    home: Path, *args: str, today: str | None = None, timeout: float = 180, env: dict[str, str] | None = None
) -> Result:
    """Run `gongkai ARGS` with GONGKAI_HOME=home (and --today when given, and the extra environment env)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PREFECT_API_URL"))}
    environment.update(GONGKAI_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    environment.update(env or {})
    if today:
        environment["GONGKAI_TODAY"] = today
    done = subprocess.run(
        [*GONGKAI, *args], env=environment, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh, uninitialised GONGKAI_HOME."""
    return tmp_path / "home"


@pytest.fixture(scope="session")
def stack_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An initialised home with its stack up for the whole session (started once: a Prefect server costs seconds)."""
    home = tmp_path_factory.mktemp("stack") / "home"
    assert run_gongkai(home, "init", "--org-code", "11500000MB1234567X", "--org-name", "示例市人民政府办公室").code == 0
    started = run_gongkai(home, "up", "--json")
    assert started.code == 0, started.stderr
    yield home
    run_gongkai(home, "down")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium for the module's tests, driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
