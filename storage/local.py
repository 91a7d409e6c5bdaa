"""Blobs as files under one folder: atomic writes (temporary file, fsync, rename) and keys that cannot escape."""

from __future__ import annotations

import errno
import os
import shutil
import stat as stat_mode
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from storage.base import (
    CHUNK_SIZE,
    DEFAULT_CONTENT_TYPE,
    TEMP_MARK,
    BlobInfo,
    BlobStore,
    HashingReader,
    StoredBlob,
    check_expiry,
    check_key,
    check_prefix,
    content_key,
    parts_prefix,
)
from storage.errors import BlobNotFound, InvalidKey, StorageError, StorageUnavailable

# A disk that is gone, full or read-only may come back (or be fixed by an operator): report it as unavailable.
_UNAVAILABLE_ERRNOS = {
    errno.EIO,
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.ESTALE,
    errno.ENODEV,
    errno.ENXIO,
}
_MISSING = (FileNotFoundError, NotADirectoryError, IsADirectoryError)


@contextmanager
def _translated(key: str, *, reading: bool = False, source: HashingReader | None = None) -> Iterator[None]:
    """OSError -> the storage error family; the caller's stream's own exceptions pass through unchanged."""
    try:
        yield
    except StorageError:
        raise
    except OSError as exc:
        if source is not None and exc is source.source_error:
            raise
        if reading and isinstance(exc, _MISSING):
            raise BlobNotFound(key) from exc
        if exc.errno in _UNAVAILABLE_ERRNOS:
            raise StorageUnavailable(f"{key}: {exc}") from exc
        raise StorageError(f"{key}: {exc}") from exc


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: the directory entry must reach the disk too."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalBlobStore(BlobStore):
    """Blobs as files under `root` (the embedded default). Has no presigned URLs and records no metadata, so
    `stat` gives size and modification time only."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalBlobStore({str(self.root)!r})"

    def _base(self) -> Path:
        return self.root.resolve()

    def _path(self, key: str) -> Path:
        """The file of a key, resolved (symlinks included) and checked to stay inside the root."""
        check_key(key)
        base = self._base()
        path = (base / key).resolve()
        if path == base or not path.is_relative_to(base):
            raise InvalidKey(key, "resolves outside the store's folder")
        return path

    def _spool(self, folder: Path, reader: HashingReader) -> Path:
        """Write the stream to a new temporary file in `folder`, flushed to disk; the caller renames or removes it."""
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=TEMP_MARK)
        temp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := reader.read(CHUNK_SIZE):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return temp

    def _put(
        self, key: str, stream: BinaryIO, length: int | None, content_type: str, expect_sha256: str | None
    ) -> StoredBlob:
        path = self._path(key)
        reader = HashingReader(stream, length, expect_sha256=expect_sha256)
        with _translated(key, source=reader):
            temp = self._spool(path.parent, reader)
            try:
                os.replace(temp, path)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
            _fsync_dir(path.parent)
        return StoredBlob(key=key, size=reader.size, sha256=reader.hexdigest())

    def put_content_addressed(
        self, stream: BinaryIO, *, prefix: str = "blobs/", content_type: str = DEFAULT_CONTENT_TYPE
    ) -> StoredBlob:
        check_prefix(prefix)
        reader = HashingReader(stream)
        with _translated(prefix, source=reader):
            base = self._base()
            # The final folder depends on the hash, known only at the end: spool in the root (same file system,
            # so the rename stays atomic).
            temp = self._spool(base, reader)
            try:
                sha256 = reader.hexdigest()
                key = content_key(prefix, sha256)
                path = self._path(key)
                if path.is_file() and path.stat().st_size == reader.size:
                    temp.unlink()
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(temp, path)
                    _fsync_dir(path.parent)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
        return StoredBlob(key=key, size=reader.size, sha256=sha256)

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        with _translated(key, reading=True):
            return path.open("rb")

    def stat(self, key: str) -> BlobInfo:
        path = self._path(key)
        with _translated(key, reading=True):
            st = path.stat()
        if not stat_mode.S_ISREG(st.st_mode):
            raise BlobNotFound(key)
        return BlobInfo(key=key, size=st.st_size, last_modified=datetime.fromtimestamp(st.st_mtime, UTC))

    def delete(self, key: str) -> None:
        path = self._path(key)
        with _translated(key):
            if path.is_dir():
                return  # a folder is not a blob
            try:
                path.unlink()
            except (FileNotFoundError, NotADirectoryError):
                pass

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        check_prefix(prefix)
        folder, _, _ = prefix.rpartition("/")
        base = self._base()
        start = (base / folder).resolve() if folder else base
        if not start.is_relative_to(base):
            raise InvalidKey(prefix, "resolves outside the store's folder")
        with _translated(prefix):
            yield from self._walk(start, f"{folder}/" if folder else "", prefix)

    def _walk(self, folder: Path, key_prefix: str, prefix: str) -> Iterator[BlobInfo]:
        try:
            entries = {entry.name: entry for entry in os.scandir(folder)}
        except (FileNotFoundError, NotADirectoryError):
            return
        # A folder sorts as name + "/": then this depth-first walk yields keys in plain string order, as S3 does.
        order = sorted(entries, key=lambda n: n + "/" if entries[n].is_dir(follow_symlinks=False) else n)
        for name in order:
            entry = entries[name]
            if name.startswith(TEMP_MARK):
                continue
            key = key_prefix + name
            if entry.is_dir(follow_symlinks=False):
                sub = key + "/"
                if sub.startswith(prefix) or prefix.startswith(sub):
                    yield from self._walk(Path(entry.path), sub, prefix)
            elif entry.is_file(follow_symlinks=False) and key.startswith(prefix):
                st = entry.stat(follow_symlinks=False)
                yield BlobInfo(
                    key=key, size=st.st_size, last_modified=datetime.fromtimestamp(st.st_mtime, UTC)
                )

    def presigned_url(self, key: str, expires: timedelta) -> str | None:
        check_key(key)
        check_expiry(expires)
        return None

    def complete_parts(self, upload_id: str, key: str, part_numbers: Sequence[int]) -> StoredBlob:
        self._path(key)
        _, joined = self._concatenated_parts(upload_id, part_numbers)
        try:
            return self.put(key, joined)  # type: ignore[arg-type]
        finally:
            joined.close()

    def abort_parts(self, upload_id: str) -> None:
        prefix = parts_prefix(upload_id)
        path = self._path(prefix.rstrip("/"))
        with _translated(prefix):
            try:
                shutil.rmtree(path)
            except FileNotFoundError:
                pass

    def check(self) -> None:
        try:
            base = self._base()
            base.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=base, prefix=f"{TEMP_MARK}check-")
            os.close(fd)
            os.unlink(name)
        except OSError as exc:
            raise StorageUnavailable(f"the blob folder {self.root} cannot be written: {exc}") from exc
