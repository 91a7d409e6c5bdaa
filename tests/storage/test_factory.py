"""open_blob_store: from a settings-like object (duck-typed, as the app's StorageLocation) to a working store."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from court.settings import StorageLocation as Location  # the app's own; storage reads it duck-typed
from storage.factory import open_blob_store
from storage.local import LocalBlobStore
from storage.s3 import S3BlobStore


def test_a_file_location_opens_a_local_store_in_that_folder(tmp_path: Path) -> None:
    store = open_blob_store(Location(kind="file", path=tmp_path / "blobs"))
    assert isinstance(store, LocalBlobStore)
    store.put("a/b", io.BytesIO(b"x"))
    assert (tmp_path / "blobs" / "a" / "b").read_bytes() == b"x"


@pytest.mark.s3
def test_an_s3_location_opens_a_store_on_that_bucket(s3_server: Any, s3_bucket: str) -> None:
    store = open_blob_store(
        Location(
            kind="s3",
            endpoint=s3_server.endpoint,
            access_key=s3_server.access_key,
            secret_key=s3_server.secret_key,
            bucket=s3_bucket,
            secure=False,
            region=s3_server.region,
        )
    )
    assert isinstance(store, S3BlobStore)
    store.check()
    store.put("a/b", io.BytesIO(b"x"))
    assert [
        o.object_name for o in s3_server.client().list_objects(bucket_name=s3_bucket, recursive=True)
    ] == ["a/b"]


def test_opening_a_store_does_not_connect(tmp_path: Path) -> None:
    # Nothing listens on port 9 of loopback: the store still opens, and /ready (check) is where it shows.
    open_blob_store(
        Location(kind="s3", endpoint="127.0.0.1:9", access_key="a", secret_key="b", bucket="court")
    )


@pytest.mark.parametrize(
    "location",
    [Location(kind="ftp"), Location(kind="file"), Location(kind="s3", endpoint="127.0.0.1:9")],
    ids=["unknown-kind", "file-without-path", "s3-without-bucket"],
)
def test_an_incomplete_location_is_refused(location: Location) -> None:
    with pytest.raises(ValueError):
        open_blob_store(location)


def test_the_apps_settings_object_is_accepted(tmp_path: Path) -> None:
    from court.settings import parse_storage_url

    assert isinstance(open_blob_store(parse_storage_url(f"file:{tmp_path}")), LocalBlobStore)
    s3 = open_blob_store(parse_storage_url("s3://key:secret@127.0.0.1:9000/court?secure=false"))
    assert isinstance(s3, S3BlobStore) and s3.bucket == "court"
