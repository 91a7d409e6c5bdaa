"""Housekeeping jobs: the orphan-blob sweeper and the upload-spool sweeper."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from court.audit.chain import Actor, record
from court.jobs.context import JobContext

# Blobs are written before the row that refers to them commits; these prefixes hold such blobs.
SWEPT_PREFIXES = ("blobs/", "uploads/", "tmp/")


async def sweep_orphan_blobs(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Delete blobs that no row refers to and that are older than the grace period. A blob of a filing being
    written right now is young, so it survives until its row commits."""
    grace = timedelta(hours=ctx.runtime.settings.orphan_grace_hours)
    cutoff = datetime.now(UTC) - grace
    if ctx.referenced_blobs is None:
        raise RuntimeError(
            "the orphan sweeper needs every feature's blob references (JobContext.referenced_blobs)"
        )
    referenced = await ctx.referenced_blobs()
    # A reference ending in "/" keeps everything under it (the parts of an upload still in progress).
    kept_prefixes = tuple(k for k in referenced if k.endswith("/"))
    blobs = ctx.runtime.blobs

    def scan() -> list[str]:
        found = []
        for prefix in SWEPT_PREFIXES:
            for info in blobs.list(prefix):
                if info.key in referenced or info.key.startswith(kept_prefixes):
                    continue
                if info.last_modified <= cutoff:
                    found.append(info.key)
        return found

    orphans = await asyncio.to_thread(scan)
    for key in orphans:
        await asyncio.to_thread(blobs.delete, key)
    if orphans:
        await record(Actor.system(), "blobs.swept", detail={"count": len(orphans), "keys": orphans[:100]})
    return {"deleted": len(orphans)}


async def sweep_upload_spool(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Delete upload spool files (var/spool) that a crashed or killed request left behind, once they are older
    than the orphan grace period. Each process spools to the same folder, so any worker may sweep it."""
    from court.filing.uploads import spool_dir, sweep_spool

    cutoff = datetime.now(UTC) - timedelta(hours=ctx.runtime.settings.orphan_grace_hours)
    removed = await asyncio.to_thread(sweep_spool, spool_dir(ctx.runtime), cutoff)
    if removed:
        await record(Actor.system(), "spool.swept", detail={"count": len(removed), "files": removed[:100]})
    return {"deleted": len(removed)}
