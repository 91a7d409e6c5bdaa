"""Which stored blobs the database still refers to — each feature that keeps blob keys registers a query."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

BlobReferences = Callable[[], Awaitable[set[str]]]

_providers: list[BlobReferences] = []


def blob_references(fn: BlobReferences) -> BlobReferences:
    _providers.append(fn)
    return fn


async def referenced_keys() -> set[str]:
    import court.jobs.catalog  # noqa: F401 - features register their providers on import

    keys: set[str] = set()
    for provider in _providers:
        keys |= await provider()
    return keys
