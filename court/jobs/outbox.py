"""The outbox: enqueue a job inside the caller's transaction, claim it exactly once, record its outcome. Running a
job (looking its handler up among the features' jobs) is court.jobs.runners.run_job: the outbox sits below every
feature that enqueues, so it does not know their handlers."""

from __future__ import annotations

import logging
import traceback
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from court.db import current_engine
from court.jobs.tables import OutboxJob

log = logging.getLogger("court.jobs")

# A job claimed longer ago than this by a worker that never reported back is taken to be dead and run again.
STALE_AFTER = timedelta(minutes=10)
# A job handed to Redis that no worker started within this time is handed over again (Redis may have lost it).
REQUEUE_AFTER = timedelta(minutes=5)
MAX_BACKOFF = timedelta(minutes=30)


async def enqueue(
    name: str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    max_attempts: int = 5,
    court_code: str | None = None,
) -> int:
    """Record a job. Call it inside the transaction of the change that needs the job, so both commit or neither.

    A `dedupe_key` makes enqueueing idempotent: the same key returns the existing job. `court_code` names the
    court whose staff may see and retry the job.
    """
    key = dedupe_key or f"{name}:{uuid.uuid4().hex}"
    rows = await OutboxJob.raw(
        "INSERT INTO court_outbox_job (name, court_code, payload, dedupe_key, status, attempts, max_attempts, "
        "last_error, result, created_at, available_at) VALUES ({}, {}, {}, {}, 'pending', 0, {}, '', {}, {}, {}) "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        name,
        court_code,
        _json(payload),
        key,
        max_attempts,
        "{}",
        datetime.now(UTC),
        datetime.now(UTC),
    )
    if rows:
        return int(rows[0]["id"])
    existing = await OutboxJob.select(OutboxJob.id).where(OutboxJob.dedupe_key == key).first()
    assert existing is not None
    return int(existing["id"])


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


async def claim(job_id: int, *, now: datetime | None = None) -> dict[str, Any] | None:
    """Mark the job running if nobody else holds it; None when it is done, failed or held by a live worker."""
    now = now or datetime.now(UTC)
    rows = await OutboxJob.raw(
        "UPDATE court_outbox_job SET status = 'running', attempts = attempts + 1, started_at = {} "
        "WHERE id = {} AND (status IN ('pending', 'queued') OR (status = 'running' AND started_at < {})) "
        "RETURNING id, name, payload, attempts, max_attempts",
        now,
        job_id,
        now - STALE_AFTER,
    )
    return rows[0] if rows else None


def backoff(attempt: int) -> timedelta:
    return min(timedelta(seconds=2**attempt), MAX_BACKOFF)


async def record_failure(job_id: int, attempt: int, max_attempts: int, exc: BaseException) -> str:
    """A failed attempt: the job backs off and waits, or after its last attempt ends visibly failed."""
    final = attempt >= max_attempts
    status = "failed" if final else "pending"
    await OutboxJob.update(
        {
            OutboxJob.status: status,
            OutboxJob.last_error: "".join(traceback.format_exception_only(exc)).strip()[:4000],
            OutboxJob.available_at: datetime.now(UTC) + backoff(attempt),
            OutboxJob.finished_at: datetime.now(UTC) if final else None,
        }
    ).where(OutboxJob.id == job_id)
    return status


async def record_done(job_id: int, result: dict[str, Any] | None) -> None:
    await OutboxJob.update(
        {
            OutboxJob.status: "done",
            OutboxJob.result: result or {},
            OutboxJob.last_error: "",
            OutboxJob.finished_at: datetime.now(UTC),
        }
    ).where(OutboxJob.id == job_id)


async def due_job_ids(limit: int = 100, *, now: datetime | None = None) -> list[int]:
    """Jobs ready to hand out: pending and due, plus those whose worker or queue entry was lost."""
    now = now or datetime.now(UTC)
    condition = (
        ((OutboxJob.status == "pending") & (OutboxJob.available_at <= now))
        | ((OutboxJob.status == "queued") & (OutboxJob.available_at < now - REQUEUE_AFTER))
        | ((OutboxJob.status == "running") & (OutboxJob.started_at < now - STALE_AFTER))
    )
    rows = await OutboxJob.select(OutboxJob.id).where(condition).order_by(OutboxJob.id).limit(limit)
    return [int(r["id"]) for r in rows]


async def mark_queued(job_ids: list[int]) -> None:
    if job_ids:
        await OutboxJob.update({OutboxJob.status: "queued", OutboxJob.available_at: datetime.now(UTC)}).where(
            OutboxJob.id.is_in(job_ids) & OutboxJob.status.is_in(["pending", "queued"])
        )


async def retry(job_id: int) -> None:
    """A clerk's retry of a failed job: it runs again with a fresh allowance of attempts."""
    await OutboxJob.update(
        {OutboxJob.status: "pending", OutboxJob.attempts: 0, OutboxJob.available_at: datetime.now(UTC)}
    ).where((OutboxJob.id == job_id) & (OutboxJob.status == "failed"))


async def counts() -> dict[str, int]:
    rows = await OutboxJob.raw("SELECT status, COUNT(*) AS n FROM court_outbox_job GROUP BY status")
    return {r["status"]: int(r["n"]) for r in rows}


def engine_label() -> str:
    return type(current_engine()).__name__
