"""Periodic work runs once per period however many schedulers (web processes, workers) enqueue and run it."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from court.bootstrap import Runtime
from court.feature import Periodic
from court.jobs import outbox, registry, schedule
from court.jobs.context import JobContext
from court.jobs.runners import run_job
from court.jobs.tables import OutboxJob

RUNS: Counter[str] = Counter()


async def _count_run(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    RUNS[payload["period"]] += 1
    await asyncio.sleep(0.01)  # another claimant gets a turn while this one holds the job
    return {}


async def test_three_schedulers_run_each_period_once(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = timedelta(hours=1)
    monkeypatch.setattr(schedule, "PERIODIC", (Periodic("test_periodic_once", every),))
    monkeypatch.setitem(registry.handlers(), "test_periodic_once", _count_run)
    RUNS.clear()
    memories: list[dict[str, datetime]] = [{}, {}, {}]  # three processes' schedulers
    start = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
    # Each scheduler wakes several times in each of two periods; all three at once each time.
    for now in (start, start + timedelta(minutes=20), start + every, start + every + timedelta(minutes=59)):
        await asyncio.gather(*(schedule.enqueue_periodic(now, memory=m) for m in memories))
        ids = await outbox.due_job_ids()
        # Three workers race for every due job.
        await asyncio.gather(*(run_job(i, runtime) for i in ids for _ in range(3)))

    periods = {schedule.period_key(schedule.PERIODIC[0], t) for t in (start, start + every)}
    assert RUNS == Counter({p: 1 for p in periods})
    rows = await OutboxJob.select(OutboxJob.dedupe_key, OutboxJob.status).where(
        OutboxJob.name == "test_periodic_once"
    )
    assert sorted(r["dedupe_key"] for r in rows) == sorted(periods)
    assert all(r["status"] == "done" for r in rows)


async def test_period_keys_change_at_the_period_boundary() -> None:
    job_ = Periodic("x", timedelta(hours=6))
    t = datetime(2026, 12, 6, 6, 0, tzinfo=UTC)  # 06:00 UTC is a multiple of six hours since the epoch
    assert schedule.period_key(job_, t - timedelta(seconds=1)) != schedule.period_key(job_, t)
    assert schedule.period_key(job_, t) == schedule.period_key(job_, t + timedelta(hours=5, minutes=59))


async def test_the_spool_sweeper_removes_only_what_a_killed_upload_left_behind(runtime: Runtime) -> None:
    import os

    from court.filing.uploads import spool_dir
    from court.jobs import maintenance

    assert "sweep_upload_spool" in {p.name for p in schedule.PERIODIC}
    folder = spool_dir(runtime)
    old, young, other = folder / "upload-left.part", folder / "upload-live.part", folder / "keep.txt"
    for path in (old, young, other):
        path.write_bytes(b"%PDF-1.7 partial")
    past = datetime.now(UTC).timestamp() - (runtime.settings.orphan_grace_hours + 1) * 3600
    os.utime(old, (past, past))
    os.utime(other, (past, past))
    result = await maintenance.sweep_upload_spool({}, JobContext(runtime=runtime, job_id=0, attempt=1))
    assert result == {"deleted": 1}
    assert not old.exists() and young.exists() and other.exists()
