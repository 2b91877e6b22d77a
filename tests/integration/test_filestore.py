"""The file store keeps a step's files with its transaction: written before the commit, gone if it fails; written
privately and atomically, so callers storing the same bytes at once all get the one complete file."""

import hashlib
import os
import stat
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from policies.errors import NotFound
from storage.filestore import FileStore


class CommitFailed(Exception):
    """The transaction the files were kept for did not commit."""


def stored(root: Path) -> set[str]:
    return {path.name for path in root.rglob("*") if path.is_file()}


def test_files_kept_with_a_commit_that_succeeds_stay(tmp_path: Path) -> None:
    store = FileStore(str(tmp_path))
    with store.keeping(b"first", b"second"):
        pass
    assert store.get(store.put(b"first")) == b"first"
    assert len(stored(tmp_path)) == 2


def test_files_kept_with_a_commit_that_fails_are_removed_but_files_stored_before_stay(tmp_path: Path) -> None:
    store = FileStore(str(tmp_path))
    earlier = store.put(b"an earlier version")
    with pytest.raises(CommitFailed), store.keeping(b"an earlier version", b"a new version"):
        raise CommitFailed
    assert stored(tmp_path) == {earlier}


UPLOAD = bytes(range(256)) * (4 * 4096)  # 4 MiB: long enough a write for callers to overlap
CALLERS = 16


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def at_once(callers: int, call: Callable[[], str]) -> list[str]:
    """`call` from `callers` threads released together; what each returned."""
    start = threading.Barrier(callers)

    def released() -> str:
        start.wait()
        return call()

    with ThreadPoolExecutor(callers) as pool:
        return [future.result() for future in [pool.submit(released) for _ in range(callers)]]


def test_many_callers_storing_the_same_bytes_at_once_all_get_the_one_complete_private_file(tmp_path: Path) -> None:
    store = FileStore(str(tmp_path))
    sha256 = hashlib.sha256(UPLOAD).hexdigest()

    def keep() -> str:
        with store.keeping(UPLOAD):
            assert store.get(sha256) == UPLOAD  # readable and whole inside the block, before the commit
        return sha256

    assert at_once(CALLERS, lambda: store.put(UPLOAD)) == [sha256] * CALLERS
    assert at_once(CALLERS, keep) == [sha256] * CALLERS
    assert stored(tmp_path) == {sha256}  # no temporary file left beside it
    assert store.get(sha256) == UPLOAD and mode(tmp_path / sha256[:2] / sha256) == 0o600


def test_a_new_file_is_written_privately_and_synced_to_disk_before_its_name_appears(tmp_path: Path) -> None:
    """Whatever the umask, the bytes are in a file nobody else may open, on disk (fsync), before the content's name
    points at them: a reader never sees a part of the file, a crash never leaves a torn one under that name."""
    store = FileStore(str(tmp_path))
    sha256 = hashlib.sha256(UPLOAD).hexdigest()
    synced: list[set[tuple[str, int, int]]] = []
    fsync = os.fsync

    def watched_fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            synced.append({(p.name, mode(p), p.stat().st_size) for p in tmp_path.rglob("*") if p.is_file()})
        fsync(fd)

    previous = os.umask(0)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "fsync", watched_fsync)
            assert store.put(UPLOAD) == sha256
    finally:
        os.umask(previous)
    assert len(synced) == 1
    ((name, file_mode, size),) = synced[0]
    assert name != sha256 and file_mode == 0o600 and size == len(UPLOAD)
    assert store.get(sha256) == UPLOAD and stored(tmp_path) == {sha256}


def test_a_failed_step_does_not_remove_a_file_another_step_kept_meanwhile(tmp_path: Path) -> None:
    """Two steps keep the same new bytes; the one that wrote them fails while the other is still in its block:
    the file stays for the one that commits."""
    store = FileStore(str(tmp_path))
    sha256 = hashlib.sha256(UPLOAD).hexdigest()
    written, second_inside, first_left = threading.Event(), threading.Event(), threading.Event()

    def failing() -> None:
        with pytest.raises(CommitFailed), store.keeping(UPLOAD):
            written.set()
            second_inside.wait()
            raise CommitFailed
        first_left.set()

    def committing() -> None:
        written.wait()
        with store.keeping(UPLOAD):  # the bytes are there: this step finds them and writes nothing
            second_inside.set()
            first_left.wait()

    writer = threading.Thread(target=failing)
    writer.start()
    with ThreadPoolExecutor(1) as pool:
        pool.submit(committing).result()
    writer.join()
    assert store.get(sha256) == UPLOAD and stored(tmp_path) == {sha256}


def test_bytes_every_step_failed_to_keep_leave_nothing_behind(tmp_path: Path) -> None:
    store = FileStore(str(tmp_path))

    def fail() -> str:
        with pytest.raises(CommitFailed), store.keeping(UPLOAD):
            raise CommitFailed
        return "failed"

    assert at_once(CALLERS, fail) == ["failed"] * CALLERS
    assert stored(tmp_path) == set()


@pytest.mark.parametrize("name", ["../../../etc/passwd", "..", "/etc/passwd", "ab/../../x", "A" * 64, ""])
def test_a_name_that_is_not_a_sha256_reaches_no_file(tmp_path: Path, name: str) -> None:
    store = FileStore(str(tmp_path / "files"))
    (tmp_path / "secret").write_bytes(b"outside the store")
    assert not store.exists(name)
    with pytest.raises(NotFound):
        store.get(name)
