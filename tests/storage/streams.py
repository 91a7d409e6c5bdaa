"""Input streams for storage tests: bytes made on the fly (no big bytes object), optionally failing mid-way."""

from __future__ import annotations

import hashlib
import random
from typing import Protocol

BLOCK = 256 * 1024


class GeneratedStream:
    """A readable stream of `size` pseudo-random bytes from `seed`. After `fail_after` bytes it raises
    `error` instead (a link that drops). `sha256` is the hash of the bytes handed out so far."""

    def __init__(
        self, size: int, seed: int = 0, *, fail_after: int | None = None, error: BaseException | None = None
    ) -> None:
        self.size = size
        self.position = 0
        self._rng = random.Random(seed)
        self._block = b""
        self._fail_after = fail_after
        self._error = error or ConnectionResetError("the link dropped")
        self._digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        if self._fail_after is not None and self.position >= self._fail_after:
            raise self._error
        limit = self.size - self.position
        if self._fail_after is not None:
            limit = min(limit, self._fail_after - self.position)
        want = limit if n is None or n < 0 else min(n, limit)
        out = bytearray()
        while len(out) < want:
            if not self._block:
                self._block = self._rng.randbytes(BLOCK)
            take = self._block[: want - len(out)]
            self._block = self._block[len(take) :]
            out += take
        self.position += len(out)
        self._digest.update(out)
        return bytes(out)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


def sha256_of(*streams: Readable) -> str:
    """The sha256 of the streams' whole content, one after another, read in blocks."""
    digest = hashlib.sha256()
    for stream in streams:
        while chunk := stream.read(BLOCK):
            digest.update(chunk)
    return digest.hexdigest()
