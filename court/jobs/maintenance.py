"""Housekeeping jobs: the orphan-blob sweeper."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from court.audit.chain import Actor, record
from court.blobs import referenced_keys
from court.jobs.registry import JobContext, job

# Blobs are written before the row that refers to them commits; these prefixes hold such blobs.
SWEPT_PREFIXES = ("blobs/", "uploads/", "tmp/")


@job("sweep_orphan_blobs")
async def sweep_orphan_blobs(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Delete blobs that no row refers to and that are older than the grace period. A blob of a filing being
    written right now is young, so it survives until its row commits."""
    grace = timedelta(hours=ctx.runtime.settings.orphan_grace_hours)
    cutoff = datetime.now(UTC) - grace
    referenced = await referenced_keys()
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


@job("sweep_upload_spool")
async def sweep_upload_spool(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Delete spool files (`<var>/spool/upload-*.part`, `complete-*.bin`) older than the grace period. A request
    deletes its own spool file when it ends; only a process killed mid-upload (kill -9, OOM) leaves one behind. A
    live upload's file is younger than the grace period (its request has not ended), so it is never touched. The
    spool is per machine: this sweeps the folder of the machine whose worker runs it (one machine's var dir in the
    one-machine cluster; on separate web hosts, run `court worker` there too or share COURT_VAR_DIR)."""
    from court.filing.uploads import spool_dir

    folder = spool_dir(ctx.runtime)
    cutoff = datetime.now(UTC).timestamp() - ctx.runtime.settings.orphan_grace_hours * 3600

    def scan() -> list[str]:
        removed: list[str] = []
        for path in [*folder.glob("upload-*.part"), *folder.glob("complete-*.bin")]:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path.name)
            except FileNotFoundError:  # its request ended, or another sweeper took it
                continue
        return removed

    removed = await asyncio.to_thread(scan)
    return {"deleted": len(removed)}
