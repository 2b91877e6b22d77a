"""Files and folders readable by their owner only: the database, the file store, the logs hold applicants'
names and contacts and withheld texts (0700 folders, 0600 files, whatever the umask)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

PRIVATE_DIR: Final = 0o700
PRIVATE_FILE: Final = 0o600


def private_dir(path: Path) -> Path:
    """Make the folder (and missing parents, those also 0700) if needed; the folder itself ends up 0700."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        folder.chmod(PRIVATE_DIR)
    if path.stat().st_uid == os.getuid():
        path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create the file empty and 0600 if it does not exist yet (an existing one is left as it is)."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
        path.chmod(PRIVATE_FILE)
    return path


def private_opener(path: str, flags: int) -> int:
    """An `opener` for open(): a file it creates is 0600."""
    return os.open(path, flags, PRIVATE_FILE)
