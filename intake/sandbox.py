"""Reading a file in a child process: whatever slips past the budgets of intake.budget still costs at most
READ_MEMORY_BYTES of address space (RLIMIT_AS), READ_CPU_SECONDS of CPU (RLIMIT_CPU) and READ_SECONDS of wall
clock, after which the child is killed and the file refused with one line.

Each child (`python -m intake.child`, started on demand) serves read after read, its CPU limit moved on each time,
so a read costs a socket round trip, not a process start; a child that was killed or died is replaced on the next
read, and one that has served READS_PER_CHILD reads is retired. (A separate interpreter rather than
multiprocessing: a forked or spawned child would inherit or re-import the web app's main module and threads.)
At most `size` reads run at once; others wait for a free child.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from intake import limits
from intake.child import OUT_OF_MEMORY, READY, Answer, Request, too_large
from intake.extract import ExtractedText
from policies.errors import BadInput

__all__ = ["ReadUsage", "Readers", "read_bounded"]

READS_PER_CHILD = 200
STARTUP_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class ReadUsage:
    """What one read cost: wall-clock seconds seen by the caller, the child's peak resident memory so far and the
    CPU seconds the read took in it (0 for both when the child was killed before it answered)."""

    seconds: float
    peak_rss_bytes: int
    cpu_seconds: float


class _Child:
    """One reading process (`python -m intake.child`) and the parent's end of the socket it answers on."""

    def __init__(self, memory_bytes: int, cpu_seconds: int) -> None:
        ours, theirs = socket.socketpair()
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
        command = [sys.executable, "-m", "intake.child", str(theirs.fileno()), str(memory_bytes), str(cpu_seconds)]
        self.process = subprocess.Popen(
            command, pass_fds=(theirs.fileno(),), env=environment, stdin=subprocess.DEVNULL, close_fds=True
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.reads = 0
        try:
            ready = self.connection.poll(STARTUP_SECONDS) and self.connection.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise ChildProcessError("the intake child process did not start")

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.process.poll() is None

    def stop(self) -> None:
        """Kill the process and close the socket."""
        self.connection.close()
        if self.alive():
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


class Readers:
    """A few child processes that read files within the limits of intake.limits (or the ones given)."""

    def __init__(
        self,
        *,
        size: int = 2,
        seconds: float = limits.READ_SECONDS,
        cpu_seconds: int = limits.READ_CPU_SECONDS,
        memory_bytes: int = limits.READ_MEMORY_BYTES,
    ) -> None:
        self.seconds = seconds
        self.cpu_seconds = cpu_seconds
        self.memory_bytes = memory_bytes
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)

    def read(self, data: bytes, filename: str, *, max_bytes: int) -> tuple[ExtractedText, ReadUsage]:
        """The file's text and what reading it cost, or BadInput: its refusal, or the limit it passed."""
        answer, usage = self.attempt(data, filename, max_bytes=max_bytes)
        if isinstance(answer, str):
            raise BadInput(answer)
        return answer, usage

    def attempt(self, data: bytes, filename: str, *, max_bytes: int) -> tuple[ExtractedText | str, ReadUsage]:
        """The file's text or its refusal, and what it cost."""
        started = time.perf_counter()
        with self._slots:
            child = self._take()
            try:
                answer, peak, cpu = self._ask(child, Request(data, filename, max_bytes))
            except BaseException:
                child.stop()
                raise
            self._give_back(child)
        return answer, ReadUsage(time.perf_counter() - started, peak, cpu)

    def close(self) -> None:
        """Stop the idle children (a busy one stops when its read ends)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.stop()

    def _take(self) -> _Child:
        with self._lock:
            while self._idle:
                child = self._idle.pop()
                if child.alive():
                    return child
                child.stop()
        return _Child(self.memory_bytes, self.cpu_seconds)

    def _give_back(self, child: _Child) -> None:
        child.reads += 1
        if child.reads >= READS_PER_CHILD or not child.alive():
            child.stop()
            return
        with self._lock:
            self._idle.append(child)

    def _ask(self, child: _Child, request: Request) -> Answer:
        """Send the file and wait for the answer, at most `seconds`; a child that dies or overruns is refused."""
        try:
            child.connection.send(request)
            if child.connection.poll(self.seconds):
                answer: Answer = child.connection.recv()
                return answer
        except (EOFError, OSError):
            pass
        child.stop()
        return self._death(child, request.filename), 0, 0.0

    def _death(self, child: _Child, filename: str) -> str:
        """Why the child stopped answering, as the refusal of the file it was reading."""
        code = child.process.returncode
        if code is None or code in (-signal.SIGKILL, -signal.SIGXCPU):
            return f"无法读取文件 {filename}：读取超过 {self.seconds:g} 秒上限（文件过于复杂）"
        if code in (OUT_OF_MEMORY, -signal.SIGSEGV):
            return too_large(filename, self.memory_bytes)
        return f"无法读取文件 {filename}：文件已损坏（读取进程异常退出）"


_readers: Readers | None = None
_readers_lock = threading.Lock()


def read_bounded(data: bytes, filename: str, *, max_bytes: int = limits.MAX_UPLOAD_BYTES) -> ExtractedText:
    """Read a submitted file in one of this process's reading children (started on first use)."""
    global _readers
    with _readers_lock:
        if _readers is None:
            _readers = Readers()
        readers = _readers
    return readers.read(data, filename, max_bytes=max_bytes)[0]
