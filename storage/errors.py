"""The storage error family: what a caller of a blob store may catch. No backend's own exception gets past it."""

from __future__ import annotations


class StorageError(Exception):
    """A blob store operation failed (the base of every storage error)."""


class BlobNotFound(StorageError):
    """No blob under this key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no blob under key {key!r}")
        self.key = key


class StorageUnavailable(StorageError):
    """The backend did not answer (network down, server stopped, disk gone); the operation can be retried."""


class InvalidKey(StorageError, ValueError):
    """A key that is not allowed: empty segments, `..`, absolute, backslashes, control characters, too long."""

    def __init__(self, key: str, why: str) -> None:
        super().__init__(f"invalid key {key!r}: {why}")
        self.key = key
        self.why = why
