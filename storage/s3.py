"""Blobs in an S3 bucket (MinIO in production) through the minio SDK, called with keyword arguments only."""

from __future__ import annotations

import hashlib
import inspect
import io
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from typing import Any, BinaryIO

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import ComposeSource
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError

from storage.base import (
    CHUNK_SIZE,
    DEFAULT_CONTENT_TYPE,
    MAX_PART_NUMBER,
    TEMP_PREFIX,
    BlobInfo,
    BlobStore,
    ChainedReader,
    HashedBytes,
    HashingReader,
    StoredBlob,
    check_expiry,
    check_key,
    check_part_numbers,
    check_prefix,
    content_key,
    part_key,
    parts_prefix,
)
from storage.errors import BlobNotFound, StorageError, StorageUnavailable

# S3 multipart rules: every part but the last is at least 5 MiB (AWS S3 "Multipart upload limits").
MIN_PART_SIZE = 5 * 1024 * 1024
SHA256_META = "x-amz-meta-sha256"
_NOT_FOUND_CODES = {"NoSuchKey", "NoSuchUpload", "NoSuchVersion"}
_TRANSIENT_CODES = {
    "SlowDown",
    "ServiceUnavailable",
    "InternalError",
    "RequestTimeout",
    "RequestTimeTooSkewed",
}


def _translate(exc: BaseException, key: str) -> StorageError | None:
    """The storage error for a minio/urllib3/socket exception, or None for anything else (a bug: let it raise)."""
    if isinstance(exc, S3Error):
        if exc.code in _NOT_FOUND_CODES:
            return BlobNotFound(key)
        if exc.code == "NoSuchBucket":
            return StorageUnavailable(f"the bucket {exc.bucket_name!r} does not exist")
        detail = f"{key}: {exc.code}: {exc.message}"
        return StorageUnavailable(detail) if exc.code in _TRANSIENT_CODES else StorageError(detail)
    if isinstance(exc, ServerError | InvalidResponseError):
        return StorageUnavailable(f"{key}: {exc}")
    if isinstance(exc, MinioException):
        return StorageError(f"{key}: {exc}")
    if isinstance(exc, urllib3.exceptions.HTTPError | OSError):
        return StorageUnavailable(f"{key}: {type(exc).__name__}: {exc}")
    return None


@contextmanager
def _translated(key: str, source: HashingReader | None = None) -> Iterator[None]:
    """The edge where minio's exceptions become ours; the caller's stream's own exceptions pass unchanged."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        if source is not None and exc is source.source_error:
            raise
        translated = _translate(exc, key)
        if translated is None:
            raise
        raise translated from exc


# minio 7.2 computes a request's payload hash in `Minio._build_headers(host, headers, body, creds)`; `_Client` relies on
# that (see there) and stands aside if the method is not what it was.
_SIGNS_KNOWN_DIGESTS = tuple(inspect.signature(Minio._build_headers).parameters) == (
    "self",
    "host",
    "headers",
    "body",
    "creds",
)


class _Client(Minio):
    """minio's client, told the sha256 of a request body it already knows.

    Over plain HTTP, SigV4 signs every request with the sha256 of its body (`x-amz-content-sha256`), and minio 7.2
    computes it with a full pass over the body — for a single PUT, over the whole object. For `HashedBytes` that
    pass is a second one: `signing(content)` names their bytes for the calling thread, and a request whose body is
    that very object is signed with the digest `HashedBytes` took from it, without hashing it again. Any other
    request (another thread's, a part of a multipart upload, HTTPS, where the payload goes unsigned) is left to
    minio. This leans on a private method; the guard above makes it a no-op if its signature changes, and
    tests/storage/test_s3.py fails if minio stops calling it or signs such a body with anything else.
    A wrong digest could not store wrong bytes anyway: an S3 server refuses a body that does not hash to it.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._known = threading.local()

    @contextmanager
    def signing(self, content: HashedBytes) -> Iterator[None]:
        self._known.content = content
        try:
            yield
        finally:
            self._known.content = None

    def _build_headers(
        self, host: str, headers: Any = None, body: bytes | None = None, creds: Any = None
    ) -> Any:
        known: HashedBytes | None = getattr(self._known, "content", None)
        if (
            not _SIGNS_KNOWN_DIGESTS
            or known is None
            or not body
            or body is not known.data
            or creds is None
            or self._base_url.is_https
        ):
            return super()._build_headers(host, headers, body, creds)
        # Without a body minio hashes nothing (the digest of b""), sets no length, and adds no Content-MD5 over plain
        # HTTP; both are then set here, as minio would set them for this body.
        built, date = super()._build_headers(host, headers, None, creds)
        built["Content-Length"] = str(len(body))
        built["x-amz-content-sha256"] = known.sha256
        return built, date


class _WholeBytes:
    """A stream over bytes that hands them over whole, not copied, when asked for all of them at once (as minio
    asks for the one part of a single PUT), so the body minio sends is the `HashedBytes` object itself."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def read(self, n: int = -1) -> bytes:
        data, at = self._data, self._at
        end = len(data) if n < 0 else min(len(data), at + n)
        self._at = end
        return data if at == 0 and end == len(data) else data[at:end]


class _ObjectReader(io.RawIOBase):
    """A GET response as a raw stream: errors while reading become StorageUnavailable, close releases it."""

    def __init__(self, response: Any, key: str) -> None:
        super().__init__()
        self._response = response
        self._key = key

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        with _translated(self._key):
            data = self._response.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n

    def close(self) -> None:
        if not self.closed:
            try:
                self._response.close()
                self._response.release_conn()
            finally:
                super().close()


class S3BlobStore(BlobStore):
    """Blobs in one bucket of an S3 server. The bucket is created on first write (or `check`) if missing.

    Timeouts and retries are short on purpose: a vanished server must turn into StorageUnavailable within
    seconds, not hang a request thread for minutes (minio's own default is 5 minutes and 5 retries).
    """

    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = True,
        region: str | None = None,
        part_size: int = 8 * 1024 * 1024,
        *,
        connect_timeout: float = 3.0,
        read_timeout: float = 60.0,
        retries: int = 2,
    ) -> None:
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes (S3's minimum part size)")
        self.endpoint = endpoint
        self.bucket = bucket
        self.part_size = part_size
        self._region = region
        self._http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
            maxsize=10,
            cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
            retries=urllib3.Retry(total=retries, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504)),
        )
        self._client = _Client(
            endpoint=endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region,
            http_client=self._http,
        )
        self._bucket_ready = False

    def __repr__(self) -> str:
        return f"S3BlobStore(endpoint={self.endpoint!r}, bucket={self.bucket!r})"

    def close(self) -> None:
        self._http.clear()

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist (idempotent)."""
        with _translated(f"bucket {self.bucket}"):
            if not self._client.bucket_exists(bucket_name=self.bucket):
                try:
                    self._client.make_bucket(bucket_name=self.bucket, location=self._region)
                except S3Error as exc:
                    if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        raise
        self._bucket_ready = True

    def _writable(self) -> None:
        if not self._bucket_ready:
            self.ensure_bucket()

    STAT_BEFORE_CONTENT_PUT = (
        False  # see BlobStore: the put checks the bytes against the key before it commits
    )

    def _put(
        self, key: str, stream: Any, length: int | None, content_type: str, expect_sha256: str | None
    ) -> StoredBlob:
        check_key(key)
        self._writable()
        # minio reads each part whole before sending it, and completes a multipart upload (or sends the single
        # PUT) only after the last read: a digest mismatch raised by that read aborts the upload, so nothing is
        # stored (and an object already under the key is untouched).
        reader = HashingReader(stream, length, expect_sha256=expect_sha256)
        with _translated(key, reader):
            if length == 0:
                reader.read(0)  # minio does not read an empty stream at all: check its digest here
            # Unknown length: minio reads part_size bytes at a time and switches to a multipart upload (aborted
            # on failure, so nothing partial remains). One upload thread: parts are not queued in memory.
            self._client.put_object(
                bucket_name=self.bucket,
                object_name=key,
                data=reader,  # type: ignore[arg-type]
                length=-1 if length is None else length,
                content_type=content_type,
                metadata={SHA256_META: expect_sha256} if expect_sha256 else None,
                part_size=self.part_size,
                num_parallel_uploads=1,
            )
        return StoredBlob(key=key, size=reader.size, sha256=reader.hexdigest())

    def _put_hashed(self, key: str, content: HashedBytes, *, content_type: str) -> StoredBlob:
        check_key(key)
        self._writable()
        # No HashingReader: the bytes were hashed when `content` was made and cannot have changed since. Up to one
        # part they go out as a single PUT whose body is `content.data` itself, signed with its known digest.
        with _translated(key), self._client.signing(content):
            self._client.put_object(
                bucket_name=self.bucket,
                object_name=key,
                data=_WholeBytes(content.data),  # type: ignore[arg-type]
                length=len(content.data),
                content_type=content_type,
                metadata={SHA256_META: content.sha256},
                part_size=self.part_size,
                num_parallel_uploads=1,
            )
        return StoredBlob(key=key, size=len(content.data), sha256=content.sha256)

    def put_content_addressed(
        self, stream: BinaryIO, *, prefix: str = "blobs/", content_type: str = DEFAULT_CONTENT_TYPE
    ) -> StoredBlob:
        check_prefix(prefix)
        # The key needs the hash, known only after the last byte: upload under tmp/ (swept if we die), then copy.
        temp_key = f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        temp = self.put(temp_key, stream, content_type=content_type)
        key = content_key(prefix, temp.sha256)
        try:
            with _translated(key):
                if not self._holds(key, temp.size):
                    self._client.compose_object(
                        bucket_name=self.bucket,
                        object_name=key,
                        sources=[ComposeSource(bucket_name=self.bucket, object_name=temp_key)],
                        metadata={SHA256_META: temp.sha256, "Content-Type": content_type},
                    )
        finally:
            self.delete(temp_key)
        return StoredBlob(key=key, size=temp.size, sha256=temp.sha256)

    def _holds(self, key: str, size: int) -> bool:
        try:
            return self._client.stat_object(bucket_name=self.bucket, object_name=key).size == size
        except S3Error as exc:
            if exc.code in _NOT_FOUND_CODES:
                return False
            raise

    def open(self, key: str) -> BinaryIO:
        return self._open(key)

    def _open(self, key: str, etag: str | None = None) -> BinaryIO:
        check_key(key)
        with _translated(key):
            response = self._client.get_object(
                bucket_name=self.bucket, object_name=key, request_headers={"If-Match": etag} if etag else None
            )
        return io.BufferedReader(_ObjectReader(response, key), buffer_size=CHUNK_SIZE)

    def stat(self, key: str) -> BlobInfo:
        check_key(key)
        with _translated(key):
            obj = self._client.stat_object(bucket_name=self.bucket, object_name=key)
        assert obj.last_modified is not None and obj.size is not None
        metadata = obj.metadata or {}
        return BlobInfo(
            key=key,
            size=obj.size,
            last_modified=obj.last_modified,
            sha256=metadata.get(SHA256_META),
            content_type=obj.content_type,
        )

    def delete(self, key: str) -> None:
        check_key(key)
        with _translated(key):
            self._client.remove_object(bucket_name=self.bucket, object_name=key)

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        check_prefix(prefix)
        with _translated(prefix):
            for obj in self._client.list_objects(
                bucket_name=self.bucket, prefix=prefix or None, recursive=True
            ):
                assert obj.object_name is not None and obj.last_modified is not None
                yield BlobInfo(key=obj.object_name, size=obj.size or 0, last_modified=obj.last_modified)

    def presigned_url(self, key: str, expires: timedelta) -> str | None:
        check_key(key)
        check_expiry(expires)
        with _translated(key):
            return self._client.presigned_get_object(
                bucket_name=self.bucket, object_name=key, expires=expires
            )

    def complete_parts(self, upload_id: str, key: str, part_numbers: Sequence[int]) -> StoredBlob:
        check_key(key)
        keys = [part_key(upload_id, n) for n in check_part_numbers(part_numbers)]
        stats = []
        for k in keys:
            with _translated(k):
                stats.append(self._client.stat_object(bucket_name=self.bucket, object_name=k))
        sizes = [int(s.size or 0) for s in stats]
        composable = (
            len(keys) <= MAX_PART_NUMBER and all(sizes) and all(n >= MIN_PART_SIZE for n in sizes[:-1])
        )
        if not composable:
            # Small parts cannot be joined server-side: stream them through, hashing on the way.
            joined = ChainedReader([partial(self.open, k) for k in keys])
            try:
                return self._put(key, joined, None, DEFAULT_CONTENT_TYPE, None)
            finally:
                joined.close()
        # Hash by reading each part once, then join server-side; the ETag condition makes the join fail rather
        # than join a part that changed after it was hashed.
        etags = [str(s.etag) for s in stats]
        digest = hashlib.sha256()
        for k, etag in zip(keys, etags, strict=True):
            with self._open(k, etag) as part:
                while chunk := part.read(CHUNK_SIZE):
                    digest.update(chunk)
        sha256 = digest.hexdigest()
        self._writable()
        with _translated(key):
            self._client.compose_object(
                bucket_name=self.bucket,
                object_name=key,
                sources=[
                    ComposeSource(bucket_name=self.bucket, object_name=k, match_etag=etag)
                    for k, etag in zip(keys, etags, strict=True)
                ],
                metadata={SHA256_META: sha256},
            )
        return StoredBlob(key=key, size=sum(sizes), sha256=sha256)

    def abort_parts(self, upload_id: str) -> None:
        prefix = parts_prefix(upload_id)
        with _translated(prefix):
            names = [
                obj.object_name
                for obj in self._client.list_objects(bucket_name=self.bucket, prefix=prefix, recursive=True)
            ]
            for name in names:
                if name is not None:
                    self._client.remove_object(bucket_name=self.bucket, object_name=name)

    def check(self) -> None:
        try:
            self.ensure_bucket()
        except StorageUnavailable:
            raise
        except StorageError as exc:
            raise StorageUnavailable(str(exc)) from exc
