"""Intake throughput and its worst cases: typical .docx, .pdf and .ofd files read in process (the baseline) and
through the reading children (intake.sandbox); then the worst files within the size limit, each in a fresh child:
seconds to the answer and the child's peak resident memory.

Targets (issue 10): whatever the file, refused within 10 s and 512 MiB; a typical read through the child costs
little more than in process (the child's overhead per read, in ms, is printed).
"""

import contextlib
import time
from collections.abc import Callable

from intake import limits
from intake.extract import extract_text
from intake.sandbox import Readers
from policies.errors import BadInput
from tests.fixtures_docs import SAMPLE_NOTICE, make_docx, make_ofd, make_pdf
from tests.hostile_files import inflating_docx, shared_content_ofd, shared_stream_pdf

LINES = [line for line in SAMPLE_NOTICE.splitlines() if line.strip()] * 6  # a 5-page notice
READS = 60
MiB = 1024 * 1024


def per_second(run: Callable[[], object], reads: int = READS) -> float:
    """Reads per second over `reads` runs, after one warm-up."""
    run()
    started = time.perf_counter()
    for _ in range(reads):
        run()
    return reads / (time.perf_counter() - started)


def typical(readers: Readers) -> None:
    """Docs/s in process and through a warm child, and the child's overhead per read."""
    files = {"a.docx": make_docx(LINES), "a.pdf": make_pdf(LINES), "a.ofd": make_ofd(LINES)}
    print(f"{'typical file':<14}{'KiB':>7}{'in process/s':>14}{'in child/s':>12}{'overhead ms':>13}")
    for name, data in files.items():
        baseline = per_second(lambda: extract_text(data, name))  # noqa: B023
        bounded = per_second(lambda: readers.read(data, name, max_bytes=limits.MAX_UPLOAD_BYTES))  # noqa: B023
        overhead = (1 / bounded - 1 / baseline) * 1000
        print(f"{name:<14}{len(data) / 1024:>7.1f}{baseline:>14.1f}{bounded:>12.1f}{overhead:>13.1f}")


def at_size_limit() -> list[tuple[str, bytes]]:
    """The worst files the size limit lets in: each runs a budget or the time limit to the end."""
    chinese = ("关于做好政务公开工作的通知，" * 40 + "\n").encode("gb18030")
    text = chinese * (limits.MAX_UPLOAD_BYTES // len(chinese))
    return [
        ("inflating.docx (200 MB XML)", inflating_docx(200 * MiB)),
        ("shared-content.ofd", shared_content_ofd(pages=1000, codes=100_000)),
        ("shared-stream.pdf", shared_stream_pdf(pages=300, stream_bytes=1_000_000)),
        ("gb18030.txt (50 MiB)", text),
        ("gb18030.txt (19 MiB)", chinese * (19 * MiB // len(chinese))),
        ("page.html (50 MiB)", b"<p>" + text[: -len(chinese)]),
    ]


def worst_cases() -> None:
    """Seconds and peak memory for each worst file: in a fresh child, and in process (the baseline)."""
    print(f"\n{'worst case':<30}{'KiB':>8}{'child s':>9}{'CPU s':>7}{'child MiB':>11}{'in process s':>14}  answer")
    for name, data in at_size_limit():
        filename = name.split(" ")[0]
        readers = Readers(size=1)
        readers.read(b"warm", "a.txt", max_bytes=10)
        answer, usage = readers.attempt(data, filename, max_bytes=limits.MAX_UPLOAD_BYTES)
        readers.close()
        started = time.perf_counter()
        with contextlib.suppress(BadInput):
            extract_text(data, filename)
        in_process = time.perf_counter() - started
        shown = answer if isinstance(answer, str) else "read"
        peak = f"{usage.peak_rss_bytes / MiB:>11.0f}" if usage.peak_rss_bytes else f"{'(killed)':>11}"
        cpu = f"{usage.cpu_seconds:>7.2f}" if usage.peak_rss_bytes else f"{'-':>7}"
        print(f"{name:<30}{len(data) / 1024:>8.0f}{usage.seconds:>9.2f}{cpu}{peak}{in_process:>14.2f}  {shown}")


def main() -> None:
    """Print the throughput table and the worst-case table."""
    readers = Readers(size=1)
    started = time.perf_counter()
    readers.read(b"warm", "a.txt", max_bytes=10)
    print(f"child start (python -m intake.child, parsers imported): {time.perf_counter() - started:.2f} s\n")
    typical(readers)
    readers.close()
    worst_cases()
    limit = limits.READ_MEMORY_BYTES // MiB
    print(f"\nlimits: {limits.READ_SECONDS:g} s wall, {limits.READ_CPU_SECONDS} s CPU, {limit} MiB address space")
