"""Build the blob store a configuration names: a local folder ("file") or an S3 bucket ("s3")."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from storage.base import BlobStore


class StorageLocationLike(Protocol):
    """Any object with these attributes (the app's StorageLocation settings, or a test's own)."""

    @property
    def kind(self) -> str: ...
    @property
    def path(self) -> Path | None: ...
    @property
    def endpoint(self) -> str: ...
    @property
    def access_key(self) -> str: ...
    @property
    def secret_key(self) -> str: ...
    @property
    def bucket(self) -> str: ...
    @property
    def secure(self) -> bool: ...
    @property
    def region(self) -> str | None: ...


def open_blob_store(location: StorageLocationLike) -> BlobStore:
    """The store for `location`. Opens no connection: an S3 server that is down shows in `check()`, not here."""
    if location.kind == "file":
        from storage.local import LocalBlobStore

        if location.path is None:
            raise ValueError("a file blob store needs a folder (path)")
        return LocalBlobStore(Path(location.path))
    if location.kind == "s3":
        from storage.s3 import S3BlobStore

        if not (location.endpoint and location.bucket):
            raise ValueError("an s3 blob store needs an endpoint and a bucket")
        return S3BlobStore(
            endpoint=location.endpoint,
            access_key=location.access_key,
            secret_key=location.secret_key,
            bucket=location.bucket,
            secure=location.secure,
            region=location.region,
        )
    raise ValueError(f"unknown blob store kind {location.kind!r}: expected 'file' or 's3'")
