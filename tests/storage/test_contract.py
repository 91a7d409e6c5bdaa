"""The blob store contract, run on both backends: a local folder and an S3 bucket on the moto server."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.base import BlobStore, HashedBytes, StoredBlob
from storage.errors import BlobNotFound, InvalidKey, StorageError
from storage.local import LocalBlobStore
from tests.storage.streams import GeneratedStream, sha256_of

MiB = 1024 * 1024
PART = 5 * MiB  # the s3_store fixture's part size, S3's minimum


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> BlobStore:
    if backend == "local":
        return LocalBlobStore(tmp_path / "blobs")
    s3: BlobStore = request.getfixturevalue("s3_store")
    return s3


def read_all(store: BlobStore, key: str) -> bytes:
    with store.open(key) as stream:
        return stream.read()


def keys(store: BlobStore, prefix: str = "") -> list[str]:
    return [info.key for info in store.list(prefix)]


@pytest.mark.parametrize("size", [0, 1, MiB + 3], ids=["empty", "one-byte", "over-a-chunk"])
def test_put_then_read_back_gives_the_same_bytes_size_and_sha256(store: BlobStore, size: int) -> None:
    data = GeneratedStream(size, seed=size).read()
    stored = store.put("docs/a.pdf", io.BytesIO(data), content_type="application/pdf")
    assert (stored.key, stored.size, stored.sha256) == ("docs/a.pdf", size, hashlib.sha256(data).hexdigest())
    assert read_all(store, "docs/a.pdf") == data
    assert b"".join(store.iter_chunks("docs/a.pdf", chunk_size=4096)) == data
    assert store.stat("docs/a.pdf").size == size
    assert store.exists("docs/a.pdf")


def test_chunks_are_no_larger_than_asked(store: BlobStore) -> None:
    store.put("k", io.BytesIO(b"x" * 10_000))
    sizes = [len(c) for c in store.iter_chunks("k", chunk_size=4096)]
    assert sizes == [4096, 4096, 1808]


def test_put_with_its_length_declared(store: BlobStore) -> None:
    stored = store.put("k", io.BytesIO(b"hello world"), length=11)
    assert stored.size == 11 and read_all(store, "k") == b"hello world"


def test_a_stream_shorter_than_its_declared_length_stores_nothing(store: BlobStore) -> None:
    with pytest.raises(StorageError, match="ended after 5 bytes"):
        store.put("k", io.BytesIO(b"hello"), length=6)
    assert not store.exists("k")


def test_put_replaces_what_was_under_the_key(store: BlobStore) -> None:
    store.put("k", io.BytesIO(b"first version"))
    stored = store.put("k", io.BytesIO(b"second"))
    assert read_all(store, "k") == b"second" and stored.size == store.stat("k").size == 6


def test_stat_gives_an_aware_utc_modification_time(store: BlobStore) -> None:
    store.put("k", io.BytesIO(b"x"))
    modified = store.stat("k").last_modified
    assert modified.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - modified) < timedelta(minutes=2)


def test_content_addressed_put_stores_identical_content_once(store: BlobStore) -> None:
    data = GeneratedStream(300_000, seed=7).read()
    digest = hashlib.sha256(data).hexdigest()
    first = store.put_content_addressed(io.BytesIO(data), prefix="blobs/", content_type="application/pdf")
    again = store.put_content_addressed(io.BytesIO(data), prefix="blobs/", content_type="application/pdf")
    assert first == again
    assert first.key == f"blobs/{digest[:2]}/{digest}" and first.size == len(data) and first.sha256 == digest
    assert keys(store) == [first.key]  # no temporary object left anywhere
    assert read_all(store, first.key) == data


def test_content_addressed_put_of_different_content_gives_different_keys(store: BlobStore) -> None:
    a = store.put_content_addressed(io.BytesIO(b"complaint"), prefix="filings/")
    b = store.put_content_addressed(io.BytesIO(b"evidence"), prefix="filings/")
    assert a.key != b.key and sorted(keys(store, "filings/")) == sorted([a.key, b.key])


def test_delete_is_idempotent(store: BlobStore) -> None:
    store.put("k", io.BytesIO(b"x"))
    store.delete("k")
    store.delete("k")
    store.delete("never-was")
    assert not store.exists("k") and keys(store) == []


def test_list_gives_the_keys_under_a_prefix_in_key_order(store: BlobStore) -> None:
    for key in ["docs/b/c", "docs/a", "docs-x/d", "other/e", "docs/b-z"]:
        store.put(key, io.BytesIO(key.encode()))
    assert keys(store, "docs/") == ["docs/a", "docs/b-z", "docs/b/c"]
    assert keys(store, "docs") == ["docs-x/d", "docs/a", "docs/b-z", "docs/b/c"]
    assert keys(store, "docs/b") == ["docs/b-z", "docs/b/c"]
    assert keys(store, "nothing/") == []
    assert keys(store) == ["docs-x/d", "docs/a", "docs/b-z", "docs/b/c", "other/e"]
    assert {i.key: i.size for i in store.list("other/")} == {"other/e": 7}


def test_a_missing_key_raises_blob_not_found(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound):
        store.stat("missing/key")
    with pytest.raises(BlobNotFound):
        store.open("missing/key")
    with pytest.raises(BlobNotFound):
        next(store.iter_chunks("missing/key"))
    assert not store.exists("missing/key")


def test_a_folder_is_not_a_blob(store: BlobStore) -> None:
    store.put("a/b", io.BytesIO(b"x"))
    with pytest.raises(BlobNotFound):
        store.stat("a")


def test_a_stream_of_unknown_length_larger_than_a_part_is_stored_whole(store: BlobStore) -> None:
    source = GeneratedStream(12 * MiB + 5, seed=12)
    stored = store.put("big/file.bin", source)  # type: ignore[arg-type]
    assert stored.size == 12 * MiB + 5 and stored.sha256 == source.sha256
    assert store.stat("big/file.bin").size == stored.size
    digest = hashlib.sha256()
    for chunk in store.iter_chunks("big/file.bin"):
        digest.update(chunk)
    assert digest.hexdigest() == source.sha256


def test_a_stream_that_fails_mid_write_leaves_nothing_and_its_error_passes_unchanged(
    store: BlobStore,
) -> None:
    store.put("keep", io.BytesIO(b"old"))
    failing = GeneratedStream(12 * MiB, fail_after=6 * MiB)  # past the first part on S3
    with pytest.raises(ConnectionResetError):
        store.put("keep", failing)  # type: ignore[arg-type]
    with pytest.raises(ConnectionResetError):
        store.put_content_addressed(GeneratedStream(MiB, fail_after=1000))  # type: ignore[arg-type]
    assert read_all(store, "keep") == b"old"  # the old blob is intact
    assert keys(store) == ["keep"]


def test_a_dropped_chunked_upload_resumes_and_completes_with_the_right_sha256(store: BlobStore) -> None:
    upload = "u-1f3a"
    part1 = store.append_part(upload, 1, GeneratedStream(PART, seed=1))  # type: ignore[arg-type]
    assert part1.key == "uploads/u-1f3a/000001" and part1.size == PART
    with pytest.raises(ConnectionResetError):  # the terminal's link drops during part 2
        store.append_part(upload, 2, GeneratedStream(PART, seed=2, fail_after=MiB))  # type: ignore[arg-type]
    for _ in range(2):  # resent, and resent again because the answer was lost
        part2 = store.append_part(upload, 2, GeneratedStream(PART, seed=2))  # type: ignore[arg-type]
    assert part2.sha256 == sha256_of(GeneratedStream(PART, seed=2))
    store.append_part(upload, 3, io.BytesIO(b"last bytes"))
    done = store.complete_parts(upload, "docs/upload.bin", [1, 2, 3])
    expected = sha256_of(
        GeneratedStream(PART, seed=1), GeneratedStream(PART, seed=2), io.BytesIO(b"last bytes")
    )
    assert (done.key, done.size, done.sha256) == ("docs/upload.bin", 2 * PART + 10, expected)
    assert store.stat("docs/upload.bin").size == done.size
    digest = hashlib.sha256()
    for chunk in store.iter_chunks("docs/upload.bin"):
        digest.update(chunk)
    assert digest.hexdigest() == expected
    # Completing again (a retry after a lost answer) gives the same blob.
    assert store.complete_parts(upload, "docs/upload.bin", [1, 2, 3]) == done


@pytest.mark.parametrize("order", [[1, 2, 3], [3, 1, 2]])
def test_small_parts_are_joined_in_the_order_given(store: BlobStore, order: list[int]) -> None:
    parts = {1: b"alpha-", 2: b"beta-", 3: b"gamma"}
    for number, data in parts.items():
        store.append_part("small", number, io.BytesIO(data))
    done = store.complete_parts("small", "joined", order)
    whole = b"".join(parts[n] for n in order)
    assert read_all(store, "joined") == whole
    assert (done.size, done.sha256) == (len(whole), hashlib.sha256(whole).hexdigest())


def test_completing_with_a_missing_part_writes_nothing(store: BlobStore) -> None:
    store.append_part("gap", 1, io.BytesIO(b"one"))
    store.append_part("gap", 3, io.BytesIO(b"three"))
    with pytest.raises(BlobNotFound) as caught:
        store.complete_parts("gap", "joined", [1, 2, 3])
    assert caught.value.key == "uploads/gap/000002"
    assert not store.exists("joined")


def test_complete_needs_distinct_parts(store: BlobStore) -> None:
    store.append_part("dup", 1, io.BytesIO(b"one"))
    with pytest.raises(ValueError):
        store.complete_parts("dup", "joined", [1, 1])
    with pytest.raises(ValueError):
        store.complete_parts("dup", "joined", [])


def test_abort_removes_the_staged_parts_only_and_is_idempotent(store: BlobStore) -> None:
    store.append_part("gone", 1, io.BytesIO(b"one"))
    store.append_part("gone", 2, io.BytesIO(b"two"))
    store.append_part("gone-too-not", 1, io.BytesIO(b"other upload"))
    store.abort_parts("gone")
    store.abort_parts("gone")
    store.abort_parts("never-started")
    assert keys(store, "uploads/") == ["uploads/gone-too-not/000001"]


@pytest.mark.parametrize("number", [0, -1, 10_001])
def test_part_numbers_are_1_to_10000(store: BlobStore, number: int) -> None:
    with pytest.raises(ValueError):
        store.append_part("u", number, io.BytesIO(b"x"))


@pytest.mark.parametrize("upload_id", ["a/b", "..", "", "a\\b"])
def test_an_upload_id_is_one_plain_segment(store: BlobStore, upload_id: str) -> None:
    with pytest.raises(InvalidKey):
        store.append_part(upload_id, 1, io.BytesIO(b"x"))


def test_a_presigned_url_fetches_the_bytes_on_s3_and_is_none_locally(store: BlobStore, backend: str) -> None:
    store.put("docs/dossier.pdf", io.BytesIO(b"%PDF-1.7 dossier"), content_type="application/pdf")
    url = store.presigned_url("docs/dossier.pdf", timedelta(minutes=5))
    if backend == "local":
        assert url is None
        return
    assert url is not None and url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback test server
        assert response.read() == b"%PDF-1.7 dossier"


@pytest.mark.parametrize("expires", [timedelta(0), timedelta(days=8)])
def test_a_presigned_url_lives_one_second_to_seven_days(store: BlobStore, expires: timedelta) -> None:
    with pytest.raises(ValueError):
        store.presigned_url("k", expires)


ESCAPING_KEYS = [
    "../x",
    "/etc/passwd",
    "a/../../b",
    "a\\b",
    "a\x00b",
    "",
    "a//b",
    "a/",
    "./a",
    "a/.",
    "a/\nb",
    ".tmp-123",
    "x/.tmp-abc/y",
    "é" * 600,
]


@pytest.mark.parametrize("key", ESCAPING_KEYS)
def test_keys_that_could_escape_or_clash_are_refused_everywhere(store: BlobStore, key: str) -> None:
    for operation in (
        lambda: store.put(key, io.BytesIO(b"x")),
        lambda: store.open(key),
        lambda: store.stat(key),
        lambda: store.delete(key),
        lambda: store.exists(key),
        lambda: store.presigned_url(key, timedelta(minutes=1)),
        lambda: store.complete_parts("u", key, [1]),
    ):
        with pytest.raises(InvalidKey):
            operation()
    assert keys(store) == []


@pytest.mark.parametrize("prefix", ["../", "/etc", "a\\", "a//", "a/../"])
def test_list_refuses_escaping_prefixes(store: BlobStore, prefix: str) -> None:
    with pytest.raises(InvalidKey):
        list(store.list(prefix))


def test_check_passes_on_a_working_store(store: BlobStore) -> None:
    store.check()


def test_a_local_file_is_stored_once_under_its_content_address(store: BlobStore, tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "scan.pdf"
    data = b"%PDF-1.7\n" + bytes(range(256)) * 5000
    path.write_bytes(data)
    first = store.put_file_content_addressed(path)
    sha = hashlib.sha256(data).hexdigest()
    assert first.sha256 == sha and first.size == len(data) and first.key == f"blobs/{sha[:2]}/{sha}"
    again = store.put_file_content_addressed(path)
    assert again == first
    assert [i.key for i in store.list("blobs/")] == [first.key]
    assert b"".join(store.iter_chunks(first.key)) == data


def test_a_digest_taken_while_spooling_spares_a_second_read_and_a_wrong_one_keeps_nothing(
    store: BlobStore, tmp_path: Path
) -> None:
    path = tmp_path / "upload.part"
    data = b"%PDF-1.7\n" + bytes(range(256)) * 3000
    path.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    stored = store.put_file_content_addressed(path, sha256=sha)
    assert stored.key == f"blobs/{sha[:2]}/{sha}" and stored.size == len(data)
    assert read_all(store, stored.key) == data
    wrong = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(StorageError):
        store.put_file_content_addressed(path, sha256=wrong)
    assert [i.key for i in store.list("blobs/")] == [stored.key]


@pytest.mark.parametrize("size", [0, 3000, 2 * PART + 3], ids=["empty", "single-put", "multipart"])
def test_a_put_whose_bytes_do_not_match_the_declared_sha256_leaves_the_key_as_it_was(
    store: BlobStore, size: int
) -> None:
    good = bytes(range(256)) * (size // 256) + b"g" * (size % 256)
    sha = hashlib.sha256(good).hexdigest()
    key = f"blobs/{sha[:2]}/{sha}"
    assert store.put(key, io.BytesIO(good), length=size, expect_sha256=sha).sha256 == sha
    before = store.stat(key)
    # The same length, the last byte different: the mismatch shows only at the very end of the stream.
    bad = good[:-1] + b"x" if size else b""
    wrong = sha if size else hashlib.sha256(b"not empty").hexdigest()
    target = key if size else "blobs/empty-wrong"
    with pytest.raises(StorageError):
        store.put(target, io.BytesIO(bad), length=size, expect_sha256=wrong)
    assert read_all(store, key) == good
    assert store.stat(key).size == before.size
    assert keys(store, "blobs/") == [key]


def test_a_file_that_no_longer_matches_its_spool_digest_never_replaces_the_blob_of_that_digest(
    store: BlobStore, tmp_path: Path
) -> None:
    # An earlier document stored these bytes; a later upload was hashed to the same digest while spooling, then
    # its file changed (shorter, or the same size) before the store read it.
    data = b"%PDF-1.7\n" + bytes(range(256)) * 4000
    sha = hashlib.sha256(data).hexdigest()
    original = tmp_path / "first.pdf"
    original.write_bytes(data)
    stored = store.put_file_content_addressed(original)
    for changed in (data[:-10], data[:-1] + b"!"):
        path = tmp_path / "changed.part"
        path.write_bytes(changed)
        try:
            result = store.put_file_content_addressed(path, sha256=sha)
        except StorageError:
            pass
        else:  # only a store that looks first may answer from the blob already there, without reading the file
            assert store.STAT_BEFORE_CONTENT_PUT and len(changed) == len(data) and result == stored
        assert read_all(store, stored.key) == data
        assert keys(store, "blobs/") == [stored.key]


def test_hashed_bytes_take_their_digest_from_their_own_immutable_bytes() -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 100
    content = HashedBytes(data)
    assert content.sha256 == hashlib.sha256(data).hexdigest() and content.data is data
    # No way to pair bytes with a digest they do not have: the digest is not an argument, the value is frozen,
    # and a buffer that could change after hashing is refused.
    with pytest.raises(TypeError):
        HashedBytes(data, hashlib.sha256(b"other").hexdigest())  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.sha256 = hashlib.sha256(b"other").hexdigest()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.data = b"other"  # type: ignore[misc]
    for mutable in (bytearray(data), memoryview(data)):
        with pytest.raises(TypeError):
            HashedBytes(mutable)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [0, 3000, 2 * PART + 3], ids=["empty", "single-put", "multipart"])
def test_hashed_bytes_are_stored_once_under_their_own_digest(store: BlobStore, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"h" * (size % 256)
    content = HashedBytes(data)
    stored = store.put_bytes_content_addressed(content, content_type="application/pdf")
    sha = hashlib.sha256(data).hexdigest()
    assert stored == StoredBlob(key=f"blobs/{sha[:2]}/{sha}", size=size, sha256=sha)
    assert read_all(store, stored.key) == data and store.stat(stored.key).size == size
    assert (
        store.put_bytes_content_addressed(HashedBytes(bytes(data))) == stored
    )  # identical content: the same blob
    assert keys(store, "blobs/") == [stored.key]
