"""The blob store interface (sync: the app calls it from a thread pool), its data types and the key rules.

Reading a blob: `open(key)` returns a readable binary stream that the caller must close (use `with`);
`iter_chunks(key)` yields its bytes in chunks and closes the stream when exhausted or closed.
"""

from __future__ import annotations

import builtins
import hashlib
import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import BinaryIO

from storage.errors import BlobNotFound, InvalidKey, StorageError

DEFAULT_CONTENT_TYPE = "application/octet-stream"
CHUNK_SIZE = 1 << 20
# S3 limits, kept for both backends so a key valid on one is valid on the other.
MAX_KEY_BYTES = 1024
MAX_PART_NUMBER = 10_000
MAX_PRESIGN = timedelta(days=7)
# Names starting with this are a backend's in-flight temporary files; no key may use them.
TEMP_MARK = ".tmp-"
UPLOADS_PREFIX = "uploads/"
TEMP_PREFIX = "tmp/"


@dataclass(frozen=True, slots=True)
class StoredBlob:
    """A blob just written: its key, size in bytes and the sha256 (hex) of its content."""

    key: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class HashedBytes:
    """Bytes held in memory with their sha256, which is computed here, from these very bytes, when the value is made.

    Only `bytes` are taken (a bytearray or memoryview could change after it was hashed) and the value is frozen, so
    the digest stays true for as long as the value lives: a content-addressed put of it needs no second pass over
    the bytes to be sure that what it sends hashes to the key (`BlobStore.put_bytes_content_addressed`).
    """

    data: bytes = field(repr=False)
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        if type(self.data) is not bytes:
            raise TypeError(f"HashedBytes takes immutable bytes, not {type(self.data).__name__}")
        object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())


@dataclass(frozen=True, slots=True)
class BlobInfo:
    """What a store knows of a blob without reading it. `sha256` is None where the backend did not record it."""

    key: str
    size: int
    last_modified: datetime  # aware, UTC
    sha256: str | None = None
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class PartInfo:
    """One stored part of a resumable upload."""

    upload_id: str
    part_number: int
    key: str
    size: int
    sha256: str


def _bad_char(text: str) -> str | None:
    for ch in text:
        if ch == "\\":
            return "backslash"
        if ord(ch) < 0x20 or ord(ch) == 0x7F:
            return f"control character {ch!r}"
    return None


def check_key(key: str) -> str:
    """Return `key` if it is a valid blob key, else raise InvalidKey."""
    if not isinstance(key, str) or not key:
        raise InvalidKey(str(key), "empty")
    if len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        raise InvalidKey(key, f"longer than {MAX_KEY_BYTES} bytes")
    if key.startswith("/"):
        raise InvalidKey(key, "absolute")
    bad = _bad_char(key)
    if bad:
        raise InvalidKey(key, bad)
    for segment in key.split("/"):
        if segment in ("", ".", ".."):
            raise InvalidKey(key, f"segment {segment!r}")
        if segment.startswith(TEMP_MARK):
            raise InvalidKey(key, f"segments starting with {TEMP_MARK!r} are reserved")
    return key


def check_prefix(prefix: str) -> str:
    """A listing prefix: "" or the start of a key (its last segment may be partial or empty)."""
    if prefix == "":
        return prefix
    if prefix.startswith("/"):
        raise InvalidKey(prefix, "absolute")
    bad = _bad_char(prefix)
    if bad:
        raise InvalidKey(prefix, bad)
    *folders, last = prefix.split("/")
    if any(s in ("", ".", "..") for s in folders) or last in (".", ".."):
        raise InvalidKey(prefix, "empty, '.' or '..' segment")
    return prefix


def check_upload_id(upload_id: str) -> str:
    if "/" in upload_id:
        raise InvalidKey(upload_id, "an upload id is a single segment")
    return check_key(upload_id)


def part_key(upload_id: str, part_number: int) -> str:
    """Where a part of a resumable upload is staged: uploads/{upload_id}/{part_number:06d}."""
    check_upload_id(upload_id)
    if not 1 <= part_number <= MAX_PART_NUMBER:
        raise ValueError(f"part number must be 1..{MAX_PART_NUMBER}, not {part_number}")
    return f"{UPLOADS_PREFIX}{upload_id}/{part_number:06d}"


def parts_prefix(upload_id: str) -> str:
    check_upload_id(upload_id)
    return f"{UPLOADS_PREFIX}{upload_id}/"


def content_key(prefix: str, sha256: str) -> str:
    """The key of content-addressed blob: {prefix}{sha256[:2]}/{sha256}."""
    return check_key(f"{prefix}{sha256[:2]}/{sha256}")


def check_part_numbers(part_numbers: Sequence[int]) -> list[int]:
    numbers = list(part_numbers)
    if not numbers:
        raise ValueError("complete_parts needs at least one part")
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"duplicate part numbers: {numbers}")
    return numbers


def check_expiry(expires: timedelta) -> timedelta:
    if not timedelta(seconds=1) <= expires <= MAX_PRESIGN:
        raise ValueError(f"a presigned URL lives 1 second to {MAX_PRESIGN.days} days, not {expires}")
    return expires


class HashingReader:
    """Reads a source stream, hashing and counting what passes through.

    With `length`, exactly that many bytes are read and a source that ends earlier is an error. An exception
    raised by the source is remembered in `source_error`, so the backend can re-raise it unchanged instead of
    mistaking it for a storage failure.

    With `expect_sha256` (and `length`), the read that takes the last byte checks the digest first and raises
    StorageError instead of handing over the end of a mismatching stream: a backend stores a blob only after
    it has read the whole stream (S3: the single PUT is sent, or a multipart upload completed, only then; the
    local store renames its temporary file only then), so bytes that do not hash to the expected digest never
    reach the key.
    """

    def __init__(
        self, source: BinaryIO, length: int | None = None, *, expect_sha256: str | None = None
    ) -> None:
        if length is not None and length < 0:
            raise ValueError(f"length must be >= 0, not {length}")
        if expect_sha256 is not None and length is None:
            raise ValueError("checking the digest needs the length")
        self._source = source
        self._length = length
        self._expect = expect_sha256
        self._digest = hashlib.sha256()
        self.size = 0
        self.source_error: BaseException | None = None

    def read(self, n: int = -1) -> bytes:
        if self._length is not None:
            remaining = self._length - self.size
            if remaining == 0:
                self._verify()  # an empty stream has no last byte to check it by
                return b""
            n = remaining if n < 0 else min(n, remaining)
        try:
            chunk = self._source.read(n)
        except BaseException as exc:
            self.source_error = exc
            raise
        if not isinstance(chunk, bytes):
            chunk = bytes(chunk)
        if not chunk and self._length is not None:
            error = StorageError(
                f"the stream ended after {self.size} bytes; its length was given as {self._length}"
            )
            self.source_error = error
            raise error
        self._digest.update(chunk)
        self.size += len(chunk)
        if self.size == self._length:
            self._verify()
        return chunk

    def _verify(self) -> None:
        if self._expect is not None and self._digest.hexdigest() != self._expect:
            error = StorageError(
                "the bytes do not match their expected sha256 (the file changed?); nothing stored"
            )
            self.source_error = error
            raise error

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class ChainedReader:
    """One readable stream over several blobs read one after another (a part is opened when it is reached)."""

    def __init__(self, openers: Sequence[Callable[[], BinaryIO]]) -> None:
        self._openers = list(openers)
        self._current: BinaryIO | None = None

    def read(self, n: int = -1) -> bytes:
        if n == 0:
            return b""
        while True:
            if self._current is None:
                if not self._openers:
                    return b""
                self._current = self._openers.pop(0)()
            chunk = self._current.read(n) if n >= 0 else self._current.read()
            if chunk:
                return chunk
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        self._openers.clear()


class BlobStore(ABC):
    """Object storage behind one small interface. Every method is synchronous and may block on I/O.

    Failures are StorageError subclasses: BlobNotFound, StorageUnavailable, InvalidKey. An exception raised by
    the caller's own input stream is passed through unchanged.
    """

    # put_file_content_addressed: look for the blob before putting it. Worth it where a look is cheaper than a
    # write (a local stat against a write and fsync); an S3 HEAD costs a round trip and the server's CPU, and an
    # identical re-put under a content key is harmless there, since put(expect_sha256=...) stores only bytes
    # that hash to the key. A re-put also renews the object's modification time, so the orphan sweeper cannot
    # take an old unreferenced blob that a new document has just been given.
    STAT_BEFORE_CONTENT_PUT = True

    def put(
        self,
        key: str,
        stream: BinaryIO,
        *,
        length: int | None = None,
        content_type: str = DEFAULT_CONTENT_TYPE,
        expect_sha256: str | None = None,
    ) -> StoredBlob:
        """Store the stream's bytes under `key` (replacing what was there), streaming and hashing as it reads.
        Either the whole blob is stored or nothing is. With `expect_sha256` (needs `length`), a stream whose bytes
        do not hash to it raises StorageError and stores nothing: what was under `key` stays as it was."""
        return self._put(key, stream, length, content_type, expect_sha256)

    @abstractmethod
    def _put(
        self, key: str, stream: BinaryIO, length: int | None, content_type: str, expect_sha256: str | None
    ) -> StoredBlob:
        """The store's own `put`, every argument given (the signature and its defaults are put's alone)."""

    @abstractmethod
    def put_content_addressed(
        self, stream: BinaryIO, *, prefix: str = "blobs/", content_type: str = DEFAULT_CONTENT_TYPE
    ) -> StoredBlob:
        """Store under {prefix}{sha256[:2]}/{sha256}; identical content is stored once, so a retry is harmless."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """A readable stream of the blob; the caller closes it. Raises BlobNotFound."""

    @abstractmethod
    def stat(self, key: str) -> BlobInfo:
        """Size, last modification and (where recorded) sha256 and content type. Raises BlobNotFound."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the blob; removing a missing blob is not an error."""

    @abstractmethod
    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        """Blobs whose key starts with `prefix`, in key order."""

    @abstractmethod
    def presigned_url(self, key: str, expires: timedelta) -> str | None:
        """A URL that fetches the blob without credentials until `expires` passes, or None if the backend has none."""

    @abstractmethod
    def complete_parts(self, upload_id: str, key: str, part_numbers: Sequence[int]) -> StoredBlob:
        """Join the staged parts, in the order given, into `key`. The parts stay until `abort_parts`, so a
        completion that failed half-way can simply be called again."""

    @abstractmethod
    def abort_parts(self, upload_id: str) -> None:
        """Remove everything staged for the upload (idempotent)."""

    @abstractmethod
    def check(self) -> None:
        """Raise StorageUnavailable unless the backend can be used now."""

    def append_part(self, upload_id: str, part_number: int, stream: BinaryIO) -> PartInfo:
        """Stage one part of a resumable upload. Uploading the same part number again replaces it, so a
        terminal whose link dropped resends the part it was on."""
        key = part_key(upload_id, part_number)
        stored = self.put(key, stream)
        return PartInfo(
            upload_id=upload_id, part_number=part_number, key=key, size=stored.size, sha256=stored.sha256
        )

    def iter_chunks(self, key: str, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        """The blob's bytes in chunks of at most `chunk_size`. Raises BlobNotFound at the first `next`."""
        with self.open(key) as stream:
            while chunk := stream.read(chunk_size):
                yield chunk

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except BlobNotFound:
            return False
        return True

    def put_file_content_addressed(
        self,
        path: Path,
        *,
        prefix: str = "blobs/",
        content_type: str = DEFAULT_CONTENT_TYPE,
        sha256: str | None = None,
    ) -> StoredBlob:
        """`put_content_addressed` for a file already on local disk: hash it here first, so the key is known before
        anything is sent — at most one stat and one put, instead of a temporary object copied into place. The
        store hashes the bytes again as they stream and stores them only if they still hash to the key
        (`put(..., expect_sha256=...)`): a file that changed in between is refused, and whatever was already
        under the key stays as it was.

        `sha256`: the digest of the file's bytes when the caller hashed them as it wrote the file (an upload
        spool), which saves reading the file once more here. Where the store looks for the blob first
        (`STAT_BEFORE_CONTENT_PUT`) and finds one of that key and size, nothing is read; otherwise a wrong digest
        is caught like a changed file."""
        check_prefix(prefix)
        if sha256 is None:
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                while chunk := fh.read(CHUNK_SIZE):
                    digest.update(chunk)
            sha256 = digest.hexdigest()
        size = path.stat().st_size
        key = content_key(prefix, sha256)
        if self.STAT_BEFORE_CONTENT_PUT:
            try:
                if self.stat(key).size == size:
                    return StoredBlob(key=key, size=size, sha256=sha256)
            except BlobNotFound:
                pass
        with path.open("rb") as fh:
            stored = self.put(key, fh, length=size, content_type=content_type, expect_sha256=sha256)
        if stored.sha256 != sha256 or stored.size != size:  # put has refused this already; never delete here
            raise StorageError(f"{path.name} changed while it was being stored")
        return stored

    def put_bytes_content_addressed(
        self, content: HashedBytes, *, prefix: str = "blobs/", content_type: str = DEFAULT_CONTENT_TYPE
    ) -> StoredBlob:
        """`put_content_addressed` for bytes already in memory and hashed (an upload of at most one S3 part, kept
        by the spool): the key is their digest, and since `HashedBytes` took that digest from the very bytes that
        are sent, nothing is read or hashed again to make sure that what reaches the key hashes to it."""
        check_prefix(prefix)
        key = content_key(prefix, content.sha256)
        size = len(content.data)
        if self.STAT_BEFORE_CONTENT_PUT:
            try:
                if self.stat(key).size == size:
                    return StoredBlob(key=key, size=size, sha256=content.sha256)
            except BlobNotFound:
                pass
        return self._put_hashed(key, content, content_type=content_type)

    def _put_hashed(self, key: str, content: HashedBytes, *, content_type: str) -> StoredBlob:
        """Store `content` under `key`. This default streams it through `put`, which hashes it once more on the way;
        a backend that can hand the bytes over whole overrides it."""
        return self.put(
            key,
            io.BytesIO(content.data),
            length=len(content.data),
            content_type=content_type,
            expect_sha256=content.sha256,
        )

    def _concatenated_parts(
        self, upload_id: str, part_numbers: Sequence[int]
    ) -> tuple[builtins.list[str], ChainedReader]:  # `list` here is the method below
        """The parts' keys (each checked to exist, so a missing part fails before anything is written) and one
        stream over them."""
        keys = [part_key(upload_id, n) for n in check_part_numbers(part_numbers)]
        for key in keys:
            self.stat(key)
        return keys, ChainedReader([partial(self.open, k) for k in keys])
