"""Which stored blobs the database still refers to — each feature that keeps blob keys declares a query
(court.feature.Feature.blob_references; court.features.referenced_blob_keys asks them all)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any

# A query for the blob keys some feature's rows still refer to (court.feature.Feature.blob_references).
BlobReferences = Callable[[], Awaitable[set[str]]]


async def referenced_keys(providers: Iterable[BlobReferences]) -> set[str]:
    keys: set[str] = set()
    for provider in providers:
        keys |= await provider()
    return keys


async def opened_blob(blobs: Any, key: str, chunk_size: int = 1024 * 1024) -> AsyncIterator[bytes]:
    """A blob as an async stream whose first chunk is already read.

    A response streams after its status line is sent: storage that fails (S3 answering 5xx, gone, the key missing)
    must fail here, while the handler can still answer with a problem, not a 200 cut short.
    """
    chunks: Iterator[bytes] = blobs.iter_chunks(key, chunk_size)
    end = object()
    first = await asyncio.to_thread(next, chunks, end)

    async def rest() -> AsyncIterator[bytes]:
        chunk: Any = first
        try:
            while chunk is not end:
                yield chunk
                chunk = await asyncio.to_thread(next, chunks, end)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # a client that went away releases the storage connection

    return rest()
