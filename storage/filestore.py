"""The file store: bytes content-addressed by SHA-256 under any fsspec URL (a folder by default)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from policies.errors import NotFound
from storage.private import PRIVATE_FILE, private_dir


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
        sha256 = hashlib.sha256(data).hexdigest()
        self._write_new(sha256, data)
        return sha256

    @contextmanager
    def keeping(self, *contents: bytes) -> Iterator[None]:
        """Store the files of a transaction about to commit inside this block; if the block fails, the files this
        call wrote are removed again, so a refused or failed step leaves nothing behind."""
        written = [sha256 for data in contents if self._write_new(sha256 := hashlib.sha256(data).hexdigest(), data)]
        try:
            yield
        except BaseException:
            for sha256 in written:
                self.fs.rm(self._path(sha256))
            raise

    def _write_new(self, sha256: str, data: bytes) -> bool:
        """Write the bytes under their SHA-256 unless already there; whether they were written now."""
        path = self._path(sha256)
        if self.fs.exists(path):
            return False
        self._makedirs(path.rsplit("/", 1)[0])
        partial = f"{path}.partial"
        with self.fs.open(partial, "wb") as handle:
            handle.write(data)
        if self.local:
            Path(partial).chmod(PRIVATE_FILE)
        self.fs.mv(partial, path)
        return True

    def get(self, sha256: str) -> bytes:
        """The bytes stored under this SHA-256, or NotFound."""
        path = self._path(sha256)
        if not self.fs.exists(path):
            raise NotFound(f"文件 {sha256[:12]}… 不在文件库中")
        with self.fs.open(path, "rb") as handle:
            data: bytes = handle.read()
        return data

    def exists(self, sha256: str) -> bool:
        """Whether these bytes are stored."""
        return bool(self.fs.exists(self._path(sha256)))
