"""The S3 backend on the moto server: metadata, and S3 vanishing (our errors, quickly, never minio's)."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from storage.base import HashedBytes
from storage.errors import StorageError, StorageUnavailable
from storage.s3 import S3BlobStore
from tests.storage.streams import GeneratedStream

pytestmark = pytest.mark.s3
MiB = 1024 * 1024
# With a 3 s connect timeout and 2 retries, a refused connection fails in well under a second; allow slack.
UNAVAILABLE_WITHIN_SECONDS = 8.0


def test_content_addressed_blobs_carry_their_sha256_and_content_type(s3_store: S3BlobStore) -> None:
    stored = s3_store.put_content_addressed(io.BytesIO(b"%PDF-1.7"), content_type="application/pdf")
    info = s3_store.stat(stored.key)
    assert info.sha256 == hashlib.sha256(b"%PDF-1.7").hexdigest() == stored.sha256
    assert info.content_type == "application/pdf"


def test_joined_large_parts_carry_their_sha256(s3_store: S3BlobStore) -> None:
    first, second = GeneratedStream(5 * MiB, seed=1), GeneratedStream(MiB, seed=2)
    s3_store.append_part("big", 1, first)  # type: ignore[arg-type]
    s3_store.append_part("big", 2, second)  # type: ignore[arg-type]
    done = s3_store.complete_parts("big", "joined", [1, 2])
    expected = hashlib.sha256()
    for chunk in s3_store.iter_chunks("joined"):
        expected.update(chunk)
    assert s3_store.stat("joined").sha256 == done.sha256 == expected.hexdigest()


def test_the_bucket_is_created_on_first_write(s3_server: Any, s3_bucket: str) -> None:
    store = s3_server.store(s3_bucket)
    store.put("k", io.BytesIO(b"x"))
    assert s3_server.client().bucket_exists(bucket_name=s3_bucket)


def test_part_size_below_the_s3_minimum_is_refused(s3_server: Any) -> None:
    with pytest.raises(ValueError):
        s3_server.store("court-any", part_size=MiB)


def _operations(store: S3BlobStore) -> dict[str, Callable[[], object]]:
    return {
        "put": lambda: store.put("k2", io.BytesIO(b"x")),
        "put_content_addressed": lambda: store.put_content_addressed(io.BytesIO(b"x")),
        "open": lambda: store.open("k"),
        "iter_chunks": lambda: next(store.iter_chunks("k")),
        "stat": lambda: store.stat("k"),
        "exists": lambda: store.exists("k"),
        "delete": lambda: store.delete("k"),
        "list": lambda: list(store.list("")),
        "append_part": lambda: store.append_part("u", 1, io.BytesIO(b"x")),
        "complete_parts": lambda: store.complete_parts("u", "joined", [1]),
        "abort_parts": lambda: store.abort_parts("u"),
        "check": store.check,
    }


def test_when_s3_vanishes_every_operation_raises_storage_unavailable_quickly(
    s3_server: Any, s3_store: S3BlobStore
) -> None:
    s3_store.put("k", io.BytesIO(b"x"))
    with s3_server.stopped():
        for name, operation in _operations(s3_store).items():
            started = time.monotonic()
            with pytest.raises(StorageUnavailable):
                operation()
            assert time.monotonic() - started < UNAVAILABLE_WITHIN_SECONDS, name


def test_a_read_cut_off_by_s3_vanishing_raises_storage_unavailable(
    s3_server: Any, s3_store: S3BlobStore
) -> None:
    s3_store.put("big", GeneratedStream(20 * MiB))  # type: ignore[arg-type]
    stream = s3_store.open("big")
    try:
        stream.read(MiB)
        with s3_server.stopped(), pytest.raises(StorageUnavailable):
            while stream.read(MiB):
                pass
    finally:
        stream.close()


def test_check_creates_a_missing_bucket_once_s3_is_back(s3_server: Any, s3_bucket: str) -> None:
    store = s3_server.store(s3_bucket)
    with s3_server.stopped(), pytest.raises(StorageUnavailable):
        store.check()
    store.check()
    assert s3_server.client().bucket_exists(bucket_name=s3_bucket)


def test_a_refused_request_is_a_storage_error_not_a_minio_error(s3_store: S3BlobStore) -> None:
    # moto refuses a copy whose ETag condition fails (a part changed after it was hashed).
    s3_store.append_part("cond", 1, GeneratedStream(5 * MiB))  # type: ignore[arg-type]
    with pytest.raises(StorageError) as caught:
        s3_store._open("uploads/cond/000001", etag="not-the-etag")
    assert type(caught.value).__module__ == "storage.errors"


def test_a_presigned_url_expires(s3_store: S3BlobStore) -> None:
    url = s3_store.presigned_url("k", timedelta(seconds=90))
    assert url is not None and "X-Amz-Expires=90" in url


def test_a_single_put_of_hashed_bytes_is_signed_with_their_digest_and_not_hashed_again(
    s3_store: S3BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import minio.api

    hashed: list[int] = []  # sizes of the bodies minio hashed for their signatures
    signed: list[tuple[str, str]] = []  # (method, payload digest) of each signed request
    real_hash, real_sign = minio.api.sha256_hash, minio.api.sign_v4_s3

    def spy_hash(data: Any) -> str:
        hashed.append(len(data or b""))
        return real_hash(data)

    def spy_sign(**kwargs: Any) -> Any:
        signed.append((kwargs["method"], kwargs["content_sha256"]))
        return real_sign(**kwargs)

    monkeypatch.setattr(minio.api, "sha256_hash", spy_hash)
    monkeypatch.setattr(minio.api, "sign_v4_s3", spy_sign)
    s3_store.ensure_bucket()
    data = bytes(range(256)) * (2 * MiB // 256)  # one part (the fixture's part size is 5 MiB)
    content = HashedBytes(data)
    stored = s3_store.put_bytes_content_addressed(content)
    assert len(data) not in hashed  # minio did not hash the body again ...
    assert ("PUT", content.sha256) in signed  # ... and signed the PUT with the digest HashedBytes took
    assert b"".join(s3_store.iter_chunks(stored.key)) == data
    # Any other body is hashed by minio as usual (and the spies see it).
    s3_store.put("plain", io.BytesIO(data), length=len(data))
    assert len(data) in hashed and ("PUT", hashlib.sha256(data).hexdigest()) in signed


def test_bytes_larger_than_a_part_are_signed_part_by_part_as_minio_does(
    s3_store: S3BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import minio.api

    signed: list[str] = []
    real_sign = minio.api.sign_v4_s3

    def spy_sign(**kwargs: Any) -> Any:
        signed.append(kwargs["content_sha256"])
        return real_sign(**kwargs)

    monkeypatch.setattr(minio.api, "sign_v4_s3", spy_sign)
    data = bytes(range(256)) * (6 * MiB // 256)  # two parts: neither body is the HashedBytes object
    stored = s3_store.put_bytes_content_addressed(HashedBytes(data))
    assert hashlib.sha256(data[: 5 * MiB]).hexdigest() in signed
    assert hashlib.sha256(data[5 * MiB :]).hexdigest() in signed
    assert HashedBytes(data).sha256 not in signed
    assert b"".join(s3_store.iter_chunks(stored.key)) == data
