"""Reading in a child process with limits (intake.sandbox), and the CLI reading only regular files: the
limits are asserted by the refusal each one gives, never by how long anything took."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake.extract import extract_text
from intake.limits import MAX_UPLOAD_BYTES
from intake.sandbox import Readers
from policies.errors import BadInput
from tests.fixtures_docs import SAMPLE_NOTICE, make_docx, make_ofd, make_pdf
from tests.hostile_files import inflating_docx, shared_content_ofd, shared_stream_pdf

LINES = [line for line in SAMPLE_NOTICE.splitlines() if line.strip()]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def readers() -> Iterator[Readers]:
    """Two reading children with the limits of intake.limits."""
    pool = Readers()
    yield pool
    pool.close()


def refused(readers: Readers, data: bytes, filename: str) -> str:
    with pytest.raises(BadInput) as refusal:
        readers.read(data, filename, max_bytes=MAX_UPLOAD_BYTES)
    assert "\n" not in str(refusal.value)
    return str(refusal.value)


@pytest.mark.parametrize(
    ("filename", "data"),
    [("a.docx", make_docx(LINES)), ("a.pdf", make_pdf(LINES)), ("a.ofd", make_ofd(LINES)), ("a.txt", b"\xd5\xfe")],
)
def test_a_file_reads_the_same_in_the_child_as_in_process(readers: Readers, filename: str, data: bytes) -> None:
    extracted, usage = readers.read(data, filename, max_bytes=MAX_UPLOAD_BYTES)
    assert extracted == extract_text(data, filename)
    assert usage.peak_rss_bytes > 0


def test_a_refusal_in_the_child_is_the_same_line(readers: Readers) -> None:
    assert refused(readers, b"", "a.pdf") == "文件为空"
    assert refused(readers, "第\x00一".encode(), "a.txt") == "无法读取文本：文件含有空字符（NUL），不是文本文档"


def test_the_hostile_files_of_the_issue_are_refused_by_their_budgets_in_the_child() -> None:
    readers = Readers(size=1, seconds=120, cpu_seconds=120)  # the budgets are asserted here, not the clock
    bomb = inflating_docx(200 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    assert refused(readers, bomb, "膨胀.docx") == "无法读取 DOCX：XML 元素超过 1,000,000 个"
    assert refused(readers, shared_stream_pdf(300, 1_000_000), "共享.pdf") == (
        "无法读取 PDF：页面内容超过 16 MiB（多个页面重复引用同一内容流）"
    )
    ofd = shared_content_ofd(pages=1000, codes=100_000)
    assert len(ofd) < 120 * 1024
    assert refused(readers, ofd, "共享.ofd") == "无法读取 OFD：XML 元素超过 1,000,000 个"
    readers.close()


def test_a_read_past_the_wall_clock_limit_is_killed_and_the_next_read_gets_a_new_child() -> None:
    pool = Readers(size=1, seconds=0.05)
    try:
        message = refused(pool, inflating_docx(24 * 1024 * 1024), "慢.docx")
        assert message == "无法读取文件 慢.docx：读取超过 0.05 秒上限（文件过于复杂）"
        pool.seconds = 60
        assert pool.read(b"ok", "a.txt", max_bytes=10)[0].text == "ok"
    finally:
        pool.close()


def test_a_read_past_the_memory_limit_is_refused_and_the_child_replaced() -> None:
    pool = Readers(size=1, memory_bytes=96 * 1024 * 1024)
    try:
        message = refused(pool, b"x" * (45 * 1024 * 1024), "大.txt")
        assert message == "无法读取文件 大.txt：读取所需内存超过 96 MiB 上限（文件过于复杂）"
        assert pool.read(b"ok", "a.txt", max_bytes=10)[0].text == "ok"
    finally:
        pool.close()


def gongkai(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI (no server is needed: the file is refused before anything is sent)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    environment.update(GONGKAI_HOME=str(home), PYTHONPATH=str(REPO), **env)
    command = [sys.executable, "-m", "app.cli", *args]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)


def test_the_cli_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.docx"
    os.mkfifo(fifo)
    done = gongkai(tmp_path, "submit", str(fifo), "--as", "王芳")
    assert done.returncode == 2
    assert done.stderr.strip() == f"错误：{fifo} 不是普通文件（如管道或设备），无法提交"


def test_the_cli_refuses_dev_zero(tmp_path: Path) -> None:
    done = gongkai(tmp_path, "submit", "/dev/zero", "--as", "王芳")
    assert (done.returncode, done.stderr.strip()) == (2, "错误：/dev/zero 不是普通文件（如管道或设备），无法提交")


def test_the_cli_refuses_a_file_past_the_upload_limit_and_a_directory(tmp_path: Path) -> None:
    large = tmp_path / "大.txt"
    large.write_bytes(b"x" * 2048)
    done = gongkai(tmp_path, "amend", "1", str(large), "--as", "王芳", GONGKAI_MAX_UPLOAD_BYTES="1024")
    assert (done.returncode, done.stderr.strip()) == (2, f"错误：文件 {large} 超过 1 KiB 上限")
    done = gongkai(tmp_path, "resubmit", "1", str(tmp_path), "--as", "王芳")
    assert (done.returncode, done.stderr.strip()) == (2, f"错误：{tmp_path} 是目录，不是文件")
