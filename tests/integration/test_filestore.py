"""The file store keeps a step's files with its transaction: written before the commit, gone if it fails."""

from pathlib import Path

import pytest

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
