"""The local stack (`gongkai up|down|status`): a Prefect server, the gongkai web app, and a runner for deployments.

Each home runs its own stack and talks only to it. The supervisor binds each server's listening socket itself
(port 8000 and 4200 when free, GONGKAI_API_PORT and GONGKAI_PREFECT_PORT to prefer others, else a port the
system picks) and hands it to the server process, so no other process can take the port between the choice and
the start; the ports are recorded in <home>/stack.json with a random stack id. The web app is given that id and
returns it from /api/health, and the CLI uses a web app only when the id is its home's, so two homes run side by
side without ever reaching each other's servers. PREFECT_API_URL set in the environment means an external
Prefect server: none is started then.
"""

from __future__ import annotations

import contextlib
import errno
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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.home.settings import Settings
from policies.errors import GongkaiError
from storage.private import private_dir, private_opener

DEFAULT_API_PORT = 8000
DEFAULT_PREFECT_PORT = 4200
START_TIMEOUT_SECONDS = 90.0
LOG_TAIL_LINES = 20
START_MARK = "--- gongkai up: starting "
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
    stack_id: str = ""

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
        private_dir(home)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def listening_socket(preferred: int) -> socket.socket:
    """A socket listening on 127.0.0.1, on the preferred port when it is free, else on one the system picks."""
    for port in (preferred, 0):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind(("127.0.0.1", port))
            listener.listen(128)
        except OSError as error:
            listener.close()
            if error.errno != errno.EADDRINUSE or port == 0:
                raise StackError(f"无法在 127.0.0.1:{port} 上监听：{error.strerror}") from None
            continue
        return listener
    raise AssertionError("unreachable: port 0 either binds or raises")


def _preferred_port(variable: str, default: int) -> int:
    value = os.environ.get(variable, "")
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise StackError(f"{variable} 应为 1–65535 之间的端口号：{value!r}")
    return int(value)


def _port(listener: socket.socket) -> int:
    port: int = listener.getsockname()[1]
    return port


def _alive(pid: int) -> bool:
    """Whether the process runs: one that has exited but is not yet reaped by its new parent (`gongkai up` has
    exited; init reaps in its own time, seconds here) counts as stopped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _exited(pid)


def _exited(pid: int) -> bool:
    """Whether the process is a zombie (Linux's /proc; elsewhere, never known)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _health(url: str, timeout: float = 2.0) -> Any:
    """What a health endpoint answers (its JSON, or True for a non-JSON 200), or None when it does not answer 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            if response.status != 200:
                return None
            body = response.read()
    except (urllib.error.URLError, OSError, ValueError):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return True


def ours(state: StackState, timeout: float = 2.0) -> bool:
    """Whether the web app at state.api_url answers and is this home's (its /api/health gives our stack id)."""
    answer = _health(f"{state.api_url}/api/health", timeout=timeout)
    return bool(state.stack_id) and isinstance(answer, dict) and answer.get("stack_id") == state.stack_id


def stack_env(settings: Settings, state: StackState) -> dict[str, str]:
    """The environment every process of the stack runs with."""
    env = dict(os.environ)
    env.update(
        GONGKAI_HOME=str(settings.home),
        GONGKAI_DATABASE_URL=settings.database_url,
        GONGKAI_FILES_URL=settings.files_url,
        GONGKAI_STACK_ID=state.stack_id,
        PREFECT_API_URL=state.prefect_api_url,
        PREFECT_HOME=str(settings.home / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL=os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    )
    env.pop("GONGKAI_TODAY", None)  # each request carries its own day
    return env


def _log(home: Path, name: str) -> Path:
    return home / "logs" / f"{name}.log"


def _spawn(
    name: str, command: list[str], env: dict[str, str], home: Path, listener: socket.socket | None = None
) -> int:
    """Start one process of the stack in its own session, logging to <home>/logs/NAME.log; it inherits listener."""
    log_path = _log(home, name)
    private_dir(log_path.parent)
    inherited = () if listener is None else (listener.fileno(),)
    with open(log_path, "ab", opener=private_opener) as log:
        log.write(f"{START_MARK}{name}\n".encode())
        log.flush()
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=str(home), pass_fds=inherited,
        )
    return process.pid


def _serving(name: str, listener: socket.socket) -> list[str]:
    """The options that make a server process serve on the socket it inherits."""
    return [sys.executable, "-m", f"app.stack.{name}_server", "--fd", str(listener.fileno())]


def _wait_healthy(name: str, pid: int, home: Path, ready: Callable[[], bool]) -> None:
    """Wait until our own process NAME (pid) is ready; if it dies or never gets ready, say so with its log's end."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not _alive(pid):
            raise StackError(f"{name} 启动失败，详见 {_log(home, name)}{_tail(home, name)}")
        if ready():
            return
        time.sleep(0.2)
    raise StackError(f"{name} 在 {START_TIMEOUT_SECONDS:.0f} 秒内未就绪，详见 {_log(home, name)}{_tail(home, name)}")


def _tail(home: Path, name: str) -> str:
    """The last lines of a server's log, to show why it did not start."""
    try:
        lines = _log(home, name).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    starts = [number for number, line in enumerate(lines) if line.startswith(START_MARK)]
    this_run = lines[starts[-1] + 1 :] if starts else lines
    last = [line for line in this_run if line.strip()][-LOG_TAIL_LINES:]
    return "".join(f"\n  {line}" for line in last)


def status(settings: Settings) -> dict[str, Any]:
    """What runs where: {"running", "api_url", "prefect_api_url", "pids"}."""
    state = StackState.load(settings.home)
    if state is None:
        return {"running": False, "api_url": None, "prefect_api_url": None, "pids": {}}
    running = all(_alive(pid) for pid in state.pids.values()) and ours(state)
    return {"running": running, "api_url": state.api_url, "prefect_api_url": state.prefect_api_url,
            "pids": state.pids}


def up(settings: Settings) -> dict[str, Any]:
    """Start the stack for this home in the background, unless it already runs."""
    current = status(settings)
    if current["running"]:
        return current
    down(settings)
    private_dir(settings.home)
    local_token(settings.home)
    external = os.environ.get("PREFECT_API_URL")
    listeners: dict[str, socket.socket] = {}
    try:
        if not external:
            listeners["prefect"] = listening_socket(_preferred_port("GONGKAI_PREFECT_PORT", DEFAULT_PREFECT_PORT))
        listeners["web"] = listening_socket(_preferred_port("GONGKAI_API_PORT", DEFAULT_API_PORT))
        state = StackState(
            api_url=f"http://127.0.0.1:{_port(listeners['web'])}",
            prefect_api_url=external or f"http://127.0.0.1:{_port(listeners['prefect'])}/api",
            external_prefect=bool(external),
            stack_id=secrets.token_hex(16),
        )
        _start(settings, state, listeners)
    except BaseException:
        down(settings)
        raise
    finally:
        for listener in listeners.values():
            listener.close()
    return status(settings)


def _start(settings: Settings, state: StackState, listeners: dict[str, socket.socket]) -> None:
    """Spawn each server on the socket held for it, recording every pid, then wait until each is ready."""
    env = stack_env(settings, state)
    for name, listener in listeners.items():
        state.pids[name] = _spawn(name, _serving(name, listener), env, settings.home, listener)
        listener.close()  # the server holds the port now
        state.save(settings.home)
    if "prefect" in state.pids:
        prefect_health = f"{state.prefect_api_url}/health"
        _wait_healthy("prefect", state.pids["prefect"], settings.home, lambda: _health(prefect_health) is not None)
    _wait_healthy("web", state.pids["web"], settings.home, lambda: ours(state))
    runner = _start_runner(env, settings.home)
    if runner is not None:
        state.pids["runner"] = runner
    state.save(settings.home)


def _start_runner(env: dict[str, str], home: Path) -> int | None:
    """The runner that serves the scheduled deployments, when the project defines any."""
    if importlib.util.find_spec("flows.deployments") is None:
        return None
    return _spawn("runner", [sys.executable, "-m", "flows.deployments"], env, home)


STOP_ORDER = ("runner", "web", "prefect")
"""Who is stopped first: the runner and the web app still talk to the Prefect server while they stop (stopped
all at once, the runner retried the vanished server until it was killed 15 s later)."""


def _stop_rank(name: str) -> int:
    return STOP_ORDER.index(name) if name in STOP_ORDER else -1


def down(settings: Settings) -> dict[str, Any]:
    """Stop this home's stack (every process group it started)."""
    state = StackState.load(settings.home)
    stopped: list[str] = []
    if state is not None:
        deadline = time.monotonic() + 15
        for name in sorted(state.pids, key=_stop_rank):
            pid = state.pids[name]
            if not _alive(pid):
                continue
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            stopped.append(name)
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
        for pid in state.pids.values():
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        (settings.home / STACK_FILE).unlink(missing_ok=True)
    return {"running": False, "stopped": stopped}


def ensure_up(settings: Settings) -> StackState:
    """The running stack for this home, started first when it is not up."""
    state = StackState.load(settings.home)
    if state is not None and ours(state, timeout=1.0):
        return state
    up(settings)
    started = StackState.load(settings.home)
    if started is None:
        raise StackError("本地服务未能启动")
    return started
