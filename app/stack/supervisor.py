"""The local stack (`gongkai up|down|status`): a Prefect server, the gongkai web app, and a runner for deployments.

Each home runs its own stack; ports default to 8000 and 4200, and when one is taken a free one is picked and
recorded in <home>/stack.json, so two homes can run side by side. PREFECT_API_URL set in the environment means
an external Prefect server: none is started then.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.home.settings import Settings
from policies.errors import GongkaiError

DEFAULT_API_PORT = 8000
DEFAULT_PREFECT_PORT = 4200
START_TIMEOUT_SECONDS = 90.0
LOCAL_TOKEN_FILE = "local.token"
STACK_FILE = "stack.json"


class StackError(GongkaiError):
    """The local stack could not be started or reached."""


@dataclass
class StackState:
    """What runs for one home, as recorded in <home>/stack.json."""

    api_url: str
    prefect_api_url: str
    pids: dict[str, int] = field(default_factory=dict)
    external_prefect: bool = False

    def save(self, home: Path) -> None:
        """Write the record atomically."""
        path = home / STACK_FILE
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        partial.replace(path)

    @classmethod
    def load(cls, home: Path) -> StackState | None:
        """The record, if there is one."""
        try:
            return cls(**json.loads((home / STACK_FILE).read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError, TypeError):
            return None


def local_token(home: Path) -> str:
    """The secret that proves the caller holds GONGKAI_HOME (created on first use, readable by its owner only)."""
    path = home / LOCAL_TOKEN_FILE
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pick_port(preferred: int, taken: set[int]) -> int:
    if preferred not in taken and _port_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def stack_env(settings: Settings, state: StackState) -> dict[str, str]:
    """The environment every process of the stack runs with."""
    env = dict(os.environ)
    env.update(
        GONGKAI_HOME=str(settings.home),
        GONGKAI_DATABASE_URL=settings.database_url,
        GONGKAI_FILES_URL=settings.files_url,
        PREFECT_API_URL=state.prefect_api_url,
        PREFECT_HOME=str(settings.home / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL=os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    )
    env.pop("GONGKAI_TODAY", None)  # each request carries its own day
    return env


def _spawn(name: str, command: list[str], env: dict[str, str], home: Path) -> int:
    logs = home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.log", "ab") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=str(home),
        )
    return process.pid


def _wait_healthy(url: str, pid: int, name: str, home: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if _healthy(url):
            return
        if not _alive(pid):
            raise StackError(f"{name} 启动失败，详见 {home / 'logs' / (name + '.log')}")
        time.sleep(0.2)
    raise StackError(f"{name} 在 {START_TIMEOUT_SECONDS:.0f} 秒内未就绪，详见 {home / 'logs' / (name + '.log')}")


def status(settings: Settings) -> dict[str, Any]:
    """What runs where: {"running", "api_url", "prefect_api_url", "pids"}."""
    state = StackState.load(settings.home)
    if state is None:
        return {"running": False, "api_url": None, "prefect_api_url": None, "pids": {}}
    running = all(_alive(pid) for pid in state.pids.values()) and _healthy(f"{state.api_url}/api/health")
    return {"running": running, "api_url": state.api_url, "prefect_api_url": state.prefect_api_url,
            "pids": state.pids}


def up(settings: Settings) -> dict[str, Any]:
    """Start the stack for this home in the background, unless it already runs."""
    current = status(settings)
    if current["running"]:
        return current
    down(settings)
    settings.home.mkdir(parents=True, exist_ok=True)
    local_token(settings.home)
    external = os.environ.get("PREFECT_API_URL")
    taken: set[int] = set()
    prefect_port = 0
    if not external:
        prefect_port = _pick_port(DEFAULT_PREFECT_PORT, taken)
        taken.add(prefect_port)
    api_port = _pick_port(DEFAULT_API_PORT, taken)
    state = StackState(
        api_url=f"http://127.0.0.1:{api_port}",
        prefect_api_url=external or f"http://127.0.0.1:{prefect_port}/api",
        external_prefect=bool(external),
    )
    env = stack_env(settings, state)
    python = sys.executable
    try:
        if not external:
            state.pids["prefect"] = _spawn(
                "prefect",
                [python, "-m", "app.stack.prefect_server", "--host", "127.0.0.1", "--port", str(prefect_port)],
                env, settings.home,
            )
            state.save(settings.home)
        state.pids["web"] = _spawn(
            "web",
            [python, "-m", "uvicorn", "app.web.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(api_port), "--log-level", "warning"],
            env, settings.home,
        )
        state.save(settings.home)
        if not external:
            _wait_healthy(f"{state.prefect_api_url}/health", state.pids["prefect"], "prefect", settings.home)
        _wait_healthy(f"{state.api_url}/api/health", state.pids["web"], "web", settings.home)
        runner = _start_runner(env, settings.home)
        if runner is not None:
            state.pids["runner"] = runner
        state.save(settings.home)
    except BaseException:
        down(settings)
        raise
    return status(settings)


def _start_runner(env: dict[str, str], home: Path) -> int | None:
    """The runner that serves the scheduled deployments, when the project defines any."""
    if importlib.util.find_spec("flows.deployments") is None:
        return None
    return _spawn("runner", [sys.executable, "-m", "flows.deployments"], env, home)


def down(settings: Settings) -> dict[str, Any]:
    """Stop this home's stack (every process group it started)."""
    state = StackState.load(settings.home)
    stopped: list[str] = []
    if state is not None:
        for name, pid in state.pids.items():
            if _alive(pid):
                try:
                    os.killpg(pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                stopped.append(name)
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in state.pids.values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in state.pids.values():
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        (settings.home / STACK_FILE).unlink(missing_ok=True)
    return {"running": False, "stopped": stopped}


def ensure_up(settings: Settings) -> StackState:
    """The running stack for this home, started first when it is not up."""
    state = StackState.load(settings.home)
    if state is not None and _healthy(f"{state.api_url}/api/health", timeout=1.0):
        return state
    up(settings)
    started = StackState.load(settings.home)
    if started is None:
        raise StackError("本地服务未能启动")
    return started
