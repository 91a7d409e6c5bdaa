"""The local-folder backend: what only a file system can get wrong (escapes, symlinks, temporary files, disks)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.errors import BlobNotFound, InvalidKey, StorageError, StorageUnavailable
from storage.local import LocalBlobStore
from tests.storage.streams import GeneratedStream


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_symlink_inside_the_root_cannot_lead_out_of_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"not yours")
    store = LocalBlobStore(tmp_path / "blobs")
    (tmp_path / "blobs").mkdir()
    (tmp_path / "blobs" / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InvalidKey):
        store.open("link/secret")
    with pytest.raises(InvalidKey):
        store.put("link/new", io.BytesIO(b"x"))
    assert files_under(outside) == ["secret"]


def test_a_crash_mid_write_leaves_no_file_at_all_on_disk(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    with pytest.raises(ConnectionResetError):
        store.put("docs/a.pdf", GeneratedStream(3_000_000, fail_after=2_000_000))  # type: ignore[arg-type]
    with pytest.raises(ConnectionResetError):
        store.put_content_addressed(GeneratedStream(3_000_000, fail_after=10))  # type: ignore[arg-type]
    assert files_under(tmp_path) == []


def test_temporary_files_of_writes_in_flight_are_not_listed(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    store.put("docs/a", io.BytesIO(b"a"))
    # What a process killed mid-write leaves behind (no Python exception handler ran).
    (tmp_path / "docs" / ".tmp-abc123").write_bytes(b"partial")
    (tmp_path / ".tmp-def456").write_bytes(b"partial")
    assert [i.key for i in store.list()] == ["docs/a"]
    assert [i.key for i in store.list("docs/")] == ["docs/a"]


def test_a_write_is_atomic_readers_see_old_or_new_never_half(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    store.put("k", io.BytesIO(b"old content"))
    seen: list[bytes] = []

    class Watching:
        """A source that looks at the stored blob while the new one is being written."""

        def __init__(self) -> None:
            self.parts = [b"new ", b"content"]

        def read(self, n: int = -1) -> bytes:
            with store.open("k") as f:
                seen.append(f.read())
            return self.parts.pop(0) if self.parts else b""

    store.put("k", Watching())  # type: ignore[arg-type]
    assert set(seen) == {b"old content"}
    assert store.open("k").read() == b"new content"


def test_a_key_under_an_existing_blob_is_a_storage_error_not_an_os_error(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    store.put("a", io.BytesIO(b"x"))
    with pytest.raises(StorageError):
        store.put("a/b", io.BytesIO(b"y"))
    with pytest.raises(BlobNotFound):
        store.stat("a/b")
    store.put("c/d", io.BytesIO(b"x"))
    with pytest.raises(StorageError):
        store.put("c", io.BytesIO(b"y"))


def test_check_reports_an_unusable_folder_as_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    with pytest.raises(StorageUnavailable):
        LocalBlobStore(blocker / "blobs").check()
    LocalBlobStore(tmp_path / "new" / "blobs").check()
    assert (tmp_path / "new" / "blobs").is_dir() and files_under(tmp_path / "new") == []


def test_put_fsyncs_the_file_before_it_becomes_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    LocalBlobStore(tmp_path).put("k", io.BytesIO(b"durable"))
    assert events == ["fsync", "replace", "fsync"]  # the file, the rename, then the folder


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    key=st.lists(
        st.sampled_from(["a", "é", "/", ".", "..", "\\", "\x00", " ", "-", ".tmp-", "~"]), max_size=10
    ).map("".join)
)
def test_any_key_is_refused_or_stays_inside_the_root(tmp_path: Path, key: str) -> None:
    root = tmp_path / "root"
    store = LocalBlobStore(root)
    try:
        store.put(key, io.BytesIO(b"x"))
    except InvalidKey:
        return
    except StorageError:
        return  # a clash with an earlier example's key (file vs folder); still inside the root
    written = (root / key).resolve()
    assert written.is_relative_to(root.resolve()) and written.read_bytes() == b"x"
    assert key in [i.key for i in store.list()]
    store.delete(key)
