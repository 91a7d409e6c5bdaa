"""Periodic jobs (sweeper, reminders, warnings): enqueued once per period through the outbox's dedupe key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from court.db import write_transaction
from court.jobs.outbox import enqueue


@dataclass(frozen=True, slots=True)
class Periodic:
    name: str
    every: timedelta


# Features add their periodic jobs here (one list, so the schedule can be read in one place).
PERIODIC: list[Periodic] = [
    Periodic("sweep_orphan_blobs", timedelta(hours=1)),
    Periodic("case_time_limit_reminders", timedelta(hours=6)),  # idempotent per case, deadline and level
    Periodic("poll_agency_tasks", timedelta(minutes=5)),  # sends due agency tasks, polls sent ones
    Periodic("measure_lapse_warnings", timedelta(hours=6)),  # idempotent per measure and expiry date
    Periodic("fee_payment_sweep", timedelta(hours=1)),  # fee reminder, then 按撤诉处理 (CPL-Interp Art 213)
]

_last_check: dict[str, datetime] = {}


def period_key(job: Periodic, now: datetime) -> str:
    seconds = int(job.every.total_seconds())
    slot = int(now.timestamp()) // seconds
    return f"periodic:{job.name}:{slot}"


async def enqueue_periodic(now: datetime) -> None:
    """Enqueue each periodic job once for the current period. Several processes may call this: the dedupe key
    makes the second call a no-op, so no job runs twice in a period."""
    for job in PERIODIC:
        key = period_key(job, now)
        if _last_check.get(job.name) and period_key(job, _last_check[job.name]) == key:
            continue
        async with write_transaction():
            await enqueue(job.name, {"period": key}, dedupe_key=key, max_attempts=3)
        _last_check[job.name] = now
