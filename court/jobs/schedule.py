"""Periodic jobs (sweeper, reminders, warnings): enqueued once per period through the outbox's dedupe key."""

from __future__ import annotations

from datetime import datetime

from court.db import write_transaction
from court.feature import Periodic
from court.features import FEATURES
from court.jobs.outbox import enqueue

# Each feature declares its periodic jobs (Feature.schedules); this is the whole schedule, read in one place.
PERIODIC: tuple[Periodic, ...] = tuple(p for feature in FEATURES for p in feature.schedules)

_last_check: dict[str, datetime] = {}


def period_key(job: Periodic, now: datetime) -> str:
    seconds = int(job.every.total_seconds())
    slot = int(now.timestamp()) // seconds
    return f"periodic:{job.name}:{slot}"


async def enqueue_periodic(now: datetime, *, memory: dict[str, datetime] | None = None) -> None:
    """Enqueue each periodic job once for the current period. Any number of processes (web processes, workers on
    any machine) may call this at once: the outbox's unique dedupe key (job, period) lets one INSERT win and makes
    the others no-ops, and the outbox claim runs the one row once. `memory` is what this scheduler already
    enqueued (one per process; a test passes its own to stand for several processes)."""
    seen = _last_check if memory is None else memory
    for job in PERIODIC:
        key = period_key(job, now)
        if seen.get(job.name) and period_key(job, seen[job.name]) == key:
            continue
        async with write_transaction():
            await enqueue(job.name, {"period": key}, dedupe_key=key, max_attempts=3)
        seen[job.name] = now
