"""Liveness (/health) and readiness (/ready: database, storage and queue, each with its state)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from litestar import Request, Response, get

from court.db import ping


async def _check(name: str, fn: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = await asyncio.wait_for(fn(), timeout=3)
        return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1), **(detail or {})}
    except Exception as exc:  # noqa: BLE001 - readiness reports any failure as "down"
        return {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}


@get("/health", tags=["health"])
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/ready", tags=["health"])
async def ready(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    runtime = request.app.state.runtime

    async def database() -> dict[str, Any]:
        await ping(runtime.engine)
        return {"engine": "sqlite" if runtime.settings.database.engine == "sqlite" else "postgres"}

    async def storage() -> dict[str, Any]:
        await asyncio.to_thread(runtime.blobs.check)
        return {"backend": runtime.settings.storage.kind}

    async def queue() -> dict[str, Any]:
        from court.jobs.outbox import counts

        waiting = await counts()
        if runtime.redis is None:
            return {"backend": "in-process", "jobs": waiting}
        await asyncio.to_thread(runtime.redis.ping)
        return {"backend": "redis", "jobs": waiting}

    checks = dict(
        zip(
            ("database", "storage", "queue"),
            await asyncio.gather(
                _check("database", database), _check("storage", storage), _check("queue", queue)
            ),
            strict=True,
        )
    )
    ok = all(c["status"] == "ok" for c in checks.values())
    return Response({"status": "ok" if ok else "degraded", "checks": checks}, status_code=200 if ok else 503)
