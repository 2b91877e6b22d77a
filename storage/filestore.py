"""The file store: bytes content-addressed by SHA-256 under any fsspec URL (a folder by default)."""

from __future__ import annotations

import hashlib
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
        path = self._path(sha256)
        if not self.fs.exists(path):
            self._makedirs(path.rsplit("/", 1)[0])
            partial = f"{path}.partial"
            with self.fs.open(partial, "wb") as handle:
                handle.write(data)
            if self.local:
                Path(partial).chmod(PRIVATE_FILE)
            self.fs.mv(partial, path)
        return sha256

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
