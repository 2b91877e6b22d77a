"""Each home's stack talks only to its own servers: side by side, at once, and beside a foreign listener."""

from __future__ import annotations

import json
import os
import threading
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from app.stack.supervisor import StackState
from tests.e2e.conftest import Result, run_gongkai


def _init(home: Path) -> None:
    assert run_gongkai(home, "init", "--org-code", "11500000MB1234567X", "--org-name", "示例市人民政府办公室").code == 0


def _port(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def _health(api_url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{api_url}/api/health", timeout=10) as response:
        answer: dict[str, Any] = json.loads(response.read())
    return answer


def _listening_inodes(port: int) -> set[str]:
    """The socket inodes listening on 127.0.0.1:port (from /proc/net/tcp; state 0A is LISTEN)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        address, state, inode = fields[1], fields[3], fields[9]
        if state == "0A" and int(address.split(":")[1], 16) == port:
            inodes.add(inode)
    return inodes


def _holds(pid: int, port: int) -> bool:
    """Whether process pid holds the socket listening on port."""
    wanted = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    descriptors = Path(f"/proc/{pid}/fd")
    return any(os.readlink(descriptors / name) in wanted for name in os.listdir(descriptors))


def _assert_own(home: Path) -> StackState:
    """The home's stack answers on its recorded ports, from the processes it started, with its own stack id."""
    state = StackState.load(home)
    assert state is not None and state.stack_id
    health = _health(state.api_url)
    assert health["stack_id"] == state.stack_id
    assert health["prefect_api_url"] == state.prefect_api_url
    assert str(home / "gongkai.db") in health["database"]
    assert _holds(state.pids["web"], _port(state.api_url))
    assert _holds(state.pids["prefect"], _port(state.prefect_api_url))
    listed = run_gongkai(home, "list", "--json")
    assert listed.code == 0 and listed.json == [], listed.stderr
    return state


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads which process holds a port from /proc")
def test_two_homes_started_at_once_each_reach_only_their_own_servers(tmp_path: Path) -> None:
    homes = [tmp_path / "east", tmp_path / "west"]
    for home in homes:
        _init(home)
    try:
        with ThreadPoolExecutor(len(homes)) as pool:
            started: list[Result] = list(pool.map(lambda home: run_gongkai(home, "up", "--json"), homes))
        assert [result.code for result in started] == [0, 0], [result.stderr for result in started]
        states = [_assert_own(home) for home in homes]
        ports = [_port(url) for state in states for url in (state.api_url, state.prefect_api_url)]
        assert len(set(ports)) == 4
        assert states[0].stack_id != states[1].stack_id
    finally:
        for home in homes:
            run_gongkai(home, "down")


class Foreign(ThreadingHTTPServer):
    """Someone else's server: answers every request 200 with a plausible health body, and counts them."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        super().__init__(("127.0.0.1", 0), ForeignHandler)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.server_address[1])


class ForeignHandler(BaseHTTPRequestHandler):
    server: Foreign

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        body = json.dumps({"ok": True, "stack_id": "someone-else"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def foreign() -> Iterator[tuple[Foreign, Foreign]]:
    """Two foreign servers, one where the web app would go and one where Prefect would."""
    servers = (Foreign(), Foreign())
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads which process holds a port from /proc")
def test_ports_held_by_foreign_servers_are_passed_over_and_never_used(
    home: Path, foreign: tuple[Foreign, Foreign]
) -> None:
    web, prefect = foreign
    preferred = {"GONGKAI_API_PORT": str(web.port), "GONGKAI_PREFECT_PORT": str(prefect.port)}
    _init(home)
    # A stale record pointing at the foreign web app, as a crashed stack whose port was taken since leaves it.
    StackState(api_url=f"http://127.0.0.1:{web.port}", prefect_api_url=f"http://127.0.0.1:{prefect.port}/api",
               stack_id="ours-from-before").save(home)  # fmt: skip
    try:
        listed = run_gongkai(home, "list", "--json", env=preferred)
        assert listed.code == 0 and listed.json == [], listed.stderr
        state = _assert_own(home)
        assert _port(state.api_url) != web.port and _port(state.prefect_api_url) != prefect.port
        assert set(web.paths) <= {"/api/health"} and prefect.paths == []
    finally:
        run_gongkai(home, "down")


def test_a_port_that_is_not_one_is_refused_with_one_line(home: Path) -> None:
    _init(home)
    refused = run_gongkai(home, "up", env={"GONGKAI_API_PORT": "eighty"})
    assert refused.code != 0 and "GONGKAI_API_PORT" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
