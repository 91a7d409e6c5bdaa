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
    Periodic("service_settle_due", timedelta(hours=1)),  # publications deemed served; judgments taking effect
    Periodic("sweep_upload_spool", timedelta(hours=1)),  # spool files of requests that died (a crash, a kill)
    Periodic("fee_payment_sweep", timedelta(hours=1)),  # fee reminder, then 按撤诉处理 (CPL-Interp Art 213)
    Periodic("deadline_reminders", timedelta(hours=6)),  # once per party deadline, N days before it lapses
]

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
