"""The reading child: `python -m intake.child FD MEMORY_BYTES CPU_SECONDS` answers on socket FD, read after read,
each file's ExtractedText or its one-line refusal, with its peak resident memory; intake.sandbox starts it.

Its address space is capped at MEMORY_BYTES once the parsers are imported, and before each read its CPU limit is
set to CPU_SECONDS past what it has used (the kernel ends it with SIGXCPU past that).
"""

from __future__ import annotations

import os
import resource
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection

from intake.extract import ExtractedText, extract_text
from intake.limits import readable_size
from policies.errors import BadInput

Answer = tuple[ExtractedText | str, int, float]
"""The text or the refusal, the peak resident memory in bytes, the CPU seconds the read took."""
READY = "ready"
OUT_OF_MEMORY = 3


@dataclass(frozen=True, slots=True)
class Request:
    """A file to read and the size limit it is read within."""

    data: bytes
    filename: str
    max_bytes: int


def too_large(filename: str, memory_bytes: int) -> str:
    """The refusal of a file whose reading would pass the memory limit."""
    return f"无法读取文件 {filename}：读取所需内存超过 {readable_size(memory_bytes)} 上限（文件过于复杂）"


def answer(request: Request, memory_bytes: int) -> ExtractedText | str:
    """The file's text, or why it is refused."""
    try:
        return extract_text(request.data, request.filename, max_bytes=request.max_bytes)
    except BadInput as refused:
        return str(refused)
    except MemoryError:
        return too_large(request.filename, memory_bytes)
    except RecursionError:
        return f"无法读取文件 {request.filename}：结构嵌套过深"


def serve(connection: Connection, memory_bytes: int, cpu_seconds: int) -> None:
    """Say it is ready, then read each file sent until the parent closes the socket; memory running out outside
    a read (receiving the file, sending the text) ends the process with OUT_OF_MEMORY."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    connection.send(READY)
    try:
        _serve_reads(connection, memory_bytes, cpu_seconds)
    except MemoryError:
        os._exit(OUT_OF_MEMORY)


def _serve_reads(connection: Connection, memory_bytes: int, cpu_seconds: int) -> None:
    while True:
        try:
            request: Request = connection.recv()
        except (EOFError, OSError):
            return
        before = _cpu_seconds()
        resource.setrlimit(resource.RLIMIT_CPU, (int(before) + cpu_seconds + 1, -1))
        result = answer(request, memory_bytes)
        del request
        connection.send((result, peak_rss_bytes(), _cpu_seconds() - before))


def _cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def peak_rss_bytes() -> int:
    """This process's peak resident memory (VmHWM: ru_maxrss would count the parent's peak from before exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3]))
