"""`court verify-blobs`: every stored document against its recorded sha256 and size; missing, altered, orphans."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from court.filing.tables import FilingDocument
from court.jobs.maintenance import SWEPT_PREFIXES


@dataclass
class BlobReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.altered)

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "missing": self.missing,
            "altered": self.altered,
            "orphans": self.orphans,
            "ok": self.ok,
        }


async def verify_blobs(blobs: Any, referenced_blobs: Callable[[], Awaitable[set[str]]]) -> BlobReport:
    """`referenced_blobs`: every feature's blob references (court.features.referenced_blob_keys), to tell orphans."""
    from storage.errors import BlobNotFound

    report = BlobReport()
    rows = await FilingDocument.select(FilingDocument.blob_key, FilingDocument.sha256, FilingDocument.size)
    expected: dict[str, tuple[str, int]] = {r["blob_key"]: (r["sha256"], int(r["size"])) for r in rows}

    def check(key: str, sha: str, size: int) -> str | None:
        digest = hashlib.sha256()
        seen = 0
        try:
            for chunk in blobs.iter_chunks(key):
                digest.update(chunk)
                seen += len(chunk)
        except BlobNotFound:
            return "missing"
        return None if (digest.hexdigest() == sha and seen == size) else "altered"

    for key, (sha, size) in expected.items():
        problem = await asyncio.to_thread(check, key, sha, size)
        report.checked += 1
        if problem == "missing":
            report.missing.append(key)
        elif problem == "altered":
            report.altered.append(key)
    referenced = await referenced_blobs()
    kept = tuple(k for k in referenced if k.endswith("/"))

    def scan() -> list[str]:
        return [
            info.key
            for prefix in SWEPT_PREFIXES
            for info in blobs.list(prefix)
            if info.key not in referenced and not info.key.startswith(kept)
        ]

    report.orphans = await asyncio.to_thread(scan)
    return report
