"""The file store: bytes content-addressed by SHA-256 under any fsspec URL (a folder by default).

A file is written whole before its name appears: on a local disk into a temporary file of its own in the same
folder (0600 from its creation, fsynced), then linked to its SHA-256 name — the link fails if the name exists, so
of any callers storing the same bytes at once exactly one creates the file and the others find it, complete.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from policies.errors import NotFound
from storage.private import private_dir

SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(slots=True)
class _Kept:
    """A file some `keeping` blocks of this process are using: how many, whether one of them created the file,
    whether one of them committed."""

    blocks: int = 0
    created: bool = False
    committed: bool = False


_kept: dict[str, _Kept] = {}
_kept_lock = threading.Lock()


class FileStore:
    """Keeps each distinct file once, at <root>/<first two hex digits>/<sha256>; on a local disk its folders are
    0700 and its files 0600."""

    def __init__(self, url: str) -> None:
        self.fs, self.root = fsspec.core.url_to_fs(url)
        self.local = isinstance(self.fs, LocalFileSystem)
        self._makedirs(self.root)

    def _makedirs(self, path: str) -> None:
        if self.local:
            private_dir(Path(path))
        else:
            self.fs.makedirs(path, exist_ok=True)

    def _path(self, sha256: str) -> str:
        return f"{self.root.rstrip('/')}/{sha256[:2]}/{sha256}"

    def put(self, data: bytes) -> str:
        """Store bytes (once) and return their SHA-256."""
        with self.keeping(data):
            return hashlib.sha256(data).hexdigest()

    @contextmanager
    def keeping(self, *contents: bytes) -> Iterator[None]:
        """Store the files of a transaction about to commit inside this block; if the block fails, the files this
        call wrote are removed again, so a refused or failed step leaves nothing behind.

        A file is removed only when every block that used it while it was new failed: a step that finds the bytes
        another step has just written, and commits, keeps them even if the writer fails. (Steps in other processes
        are ordered by their transactions: the stored-file row of the same bytes waits for the first to end.)"""
        files = {self._path(hashlib.sha256(data).hexdigest()): data for data in contents}
        entered: list[str] = []
        try:
            for path, data in files.items():
                with _kept_lock:
                    kept = _kept.setdefault(path, _Kept())
                    kept.blocks += 1
                entered.append(path)
                if self._write_new(path, data):
                    with _kept_lock:
                        kept.created = True
            yield
        except BaseException:
            self._leave(entered, committed=False)
            raise
        self._leave(entered, committed=True)

    def _leave(self, paths: list[str], *, committed: bool) -> None:
        """A `keeping` block ends: the last block to leave a file removes it if one created it and none committed."""
        with _kept_lock:
            for path in paths:
                kept = _kept[path]
                kept.blocks -= 1
                kept.committed |= committed
                if kept.blocks:
                    continue
                del _kept[path]
                if kept.created and not kept.committed:
                    self._remove(path)

    def _remove(self, path: str) -> None:
        if self.local:
            with suppress(FileNotFoundError):
                os.unlink(path)
        elif self.fs.exists(path):
            self.fs.rm(path)

    def _write_new(self, path: str, data: bytes) -> bool:
        """Write the bytes under their SHA-256 unless already there; whether this call created the file."""
        folder = path.rsplit("/", 1)[0]
        if self.local:
            if os.path.exists(path) and os.path.getsize(path) == len(data):
                return False
            private_dir(Path(folder))
            return _write_local(path, data)
        if self.fs.exists(path):
            return False
        self.fs.makedirs(folder, exist_ok=True)
        partial = f"{path}.{uuid.uuid4().hex}.partial"
        self.fs.pipe_file(partial, data)
        self.fs.mv(partial, path)
        return True

    def get(self, sha256: str) -> bytes:
        """The bytes stored under this SHA-256, or NotFound."""
        if not self.exists(sha256):
            raise NotFound(f"文件 {sha256[:12]}… 不在文件库中")
        with self.fs.open(self._path(sha256), "rb") as handle:
            data: bytes = handle.read()
        return data

    def exists(self, sha256: str) -> bool:
        """Whether these bytes are stored (a name that is not a SHA-256 names nothing)."""
        return SHA256.fullmatch(sha256) is not None and bool(self.fs.exists(self._path(sha256)))


def _write_local(path: str, data: bytes) -> bool:
    """Write `data` to a temporary file of its own beside `path` (0600, fsynced) and link it to `path`; whether
    this call created `path`. An existing file of the wrong size (torn by a crash) is replaced whole."""
    folder, name = os.path.split(path)
    descriptor, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(partial, path)
            created = True
        except FileExistsError:
            if os.path.getsize(path) != len(data):
                os.replace(partial, path)
            created = False
        _sync_folder(folder)
        return created
    finally:
        with suppress(FileNotFoundError):
            os.unlink(partial)


def _sync_folder(folder: str) -> None:
    """Make a new name in the folder durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
