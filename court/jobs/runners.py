"""Running outbox jobs: one job by id (run_job), and two ways to run them all: in-process (the embedded default)
and RQ on Redis (production)."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime

from court.bootstrap import Runtime
from court.features import referenced_blob_keys
from court.jobs import outbox
from court.jobs.context import JobContext
from court.jobs.registry import handler_for
from court.jobs.schedule import enqueue_periodic

log = logging.getLogger("court.jobs")

RQ_ENTRYPOINT = "court.jobs.worker.perform"


async def run_job(job_id: int, runtime: Runtime) -> str:
    """Run one job if it can be claimed. Returns the status it ends in ('skipped' when not claimed)."""
    row = await outbox.claim(job_id)
    if row is None:
        return "skipped"
    payload = row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"])
    attempt = int(row["attempts"])
    context = JobContext(
        runtime=runtime, job_id=job_id, attempt=attempt, referenced_blobs=referenced_blob_keys
    )
    try:
        handler = handler_for(row["name"])
        result = await handler(payload, context)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the job, never lost
        log.warning("job %s (%s) attempt %s failed: %s", job_id, row["name"], attempt, exc)
        return await outbox.record_failure(job_id, attempt, int(row["max_attempts"]), exc)
    await outbox.record_done(job_id, result)
    return "done"


class InProcessRunner:
    """Runs due outbox jobs in the web process's event loop. Nothing is held only in memory: the outbox
    table is the queue, so a restart picks up where it stopped."""

    def __init__(self, runtime: Runtime, *, poll_seconds: float = 0.5) -> None:
        self.runtime = runtime
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def drain(self, *, max_rounds: int = 100) -> int:
        """Run due jobs until none is left (or max_rounds); returns how many were run."""
        ran = 0
        for _ in range(max_rounds):
            ids = await outbox.due_job_ids()
            if not ids:
                break
            for job_id in ids:
                if await run_job(job_id, self.runtime) != "skipped":
                    ran += 1
        return ran

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await enqueue_periodic(datetime.now(UTC))
                await self.drain(max_rounds=1)
            except Exception:  # noqa: BLE001 - the loop must survive a database hiccup
                log.exception("in-process job runner round failed")
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass


class RqRelay:
    """Hands committed outbox jobs to RQ. When Redis is down the jobs stay pending and go out once it is back."""

    def __init__(self, runtime: Runtime, *, poll_seconds: float = 1.0) -> None:
        if runtime.redis is None:
            raise ValueError("RqRelay needs COURT_REDIS_URL")
        self.runtime = runtime
        self.poll_seconds = poll_seconds

    async def relay_once(self) -> int:
        from redis.exceptions import RedisError

        await enqueue_periodic(datetime.now(UTC))
        ids = await outbox.due_job_ids()
        if not ids:
            return 0
        queue = self.runtime.queue()
        handed: list[int] = []
        try:
            for job_id in ids:
                # RQ's job id is derived from the outbox id, so handing the same job over twice is harmless;
                # the claim in outbox.run_job makes sure it runs once.
                await asyncio.to_thread(
                    queue.enqueue,
                    RQ_ENTRYPOINT,
                    job_id,
                    job_id=f"court-outbox-{job_id}",
                    retry=None,
                    failure_ttl=7 * 24 * 3600,
                    result_ttl=3600,
                )
                handed.append(job_id)
        except (RedisError, OSError) as exc:
            log.warning("Redis unavailable; %d job(s) wait in the outbox: %s", len(ids) - len(handed), exc)
        await outbox.mark_queued(handed)
        return len(handed)

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.relay_once()
            except Exception:  # noqa: BLE001
                log.exception("relay round failed")
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass
