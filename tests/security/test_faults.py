"""Faults: a worker killed mid-job, and PostgreSQL dropping every connection while filings are being made."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from court.bootstrap import Runtime
from court.db import write_transaction
from court.jobs import outbox, registry
from court.jobs.context import JobContext
from court.jobs.runners import run_job
from court.jobs.tables import OutboxJob
from tests.conftest import sign_in

RUNS: list[int] = []


async def slow_job(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    # In this process the job is quick; the killed worker below runs a slow body under the same name.
    RUNS.append(ctx.attempt)
    return {"attempt": ctx.attempt}


WORKER = textwrap.dedent("""
    import asyncio, sys, time
    from pathlib import Path
    from court.bootstrap import build_runtime
    from court.db import start_pool
    from court.jobs import registry
    from court.jobs.runners import run_job
    from testkit.settings import make_settings

    marker = Path(sys.argv[3])

    async def slow(payload, ctx):
        marker.write_text("started")
        await asyncio.sleep(120)  # killed long before this ends

    registry.handlers()["test_fault_slow_job"] = slow

    async def main():
        runtime = build_runtime(make_settings(sys.argv[1], marker.parent))
        await start_pool(runtime.engine)
        await run_job(int(sys.argv[2]), runtime)

    asyncio.run(main())
""")


async def test_a_job_whose_worker_was_killed_is_run_again_after_the_stale_timeout(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    RUNS.clear()
    monkeypatch.setitem(registry.handlers(), "test_fault_slow_job", slow_job)
    async with write_transaction():
        job_id = await outbox.enqueue("test_fault_slow_job", {"n": 1})
    marker = tmp_path / "started"
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, runtime.settings.database_url, str(job_id), str(marker)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker never started the job"
            await asyncio.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    row = await OutboxJob.select().where(OutboxJob.id == job_id).first()
    assert row["status"] == "running" and row["attempts"] == 1  # claimed, never finished
    assert job_id not in await outbox.due_job_ids()  # a live worker might still hold it
    assert await run_job(job_id, runtime) == "skipped"
    monkeypatch.setattr(outbox, "STALE_AFTER", timedelta(milliseconds=300))
    await asyncio.sleep(0.4)
    assert job_id in await outbox.due_job_ids()
    assert await run_job(job_id, runtime) == "done"
    row = await OutboxJob.select().where(OutboxJob.id == job_id).first()
    assert row["status"] == "done" and row["attempts"] == 2 and RUNS == [2]


def _filing(n: int) -> dict[str, Any]:
    return {
        "receiving_court_code": "浙0106",
        "cause_name": "民间借贷纠纷",
        "summary": f"fault-{n}",
        "parties": [{"role": "plaintiff", "name": f"原告{n}"}, {"role": "defendant", "name": f"被告{n}"}],
        "claims": [{"text": f"归还借款{n}元", "amount": str(1000 + n)}],
    }


@pytest.mark.postgres
async def test_postgres_dropping_connections_during_filing_loses_nothing_half_written(
    client: Any, seeded: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncpg

    from court.db import is_sqlite
    from court.filing.tables import Filing, FilingClaim, FilingParty
    from court.web import ratelimit

    if is_sqlite(seeded.engine):
        pytest.skip("a PostgreSQL fault")
    database = seeded.settings.database_url.rsplit("/", 1)[1]
    headers = await sign_in(client, "litigant.wang")
    stop = asyncio.Event()
    killed = 0

    async def terminate() -> None:
        nonlocal killed
        admin = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
        try:
            while not stop.is_set():
                killed += await admin.fetchval(
                    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = $1 AND pid <> pg_backend_pid()) t",
                    database,
                )
                await asyncio.sleep(0.03)
        finally:
            await admin.close()

    async def file(n: int) -> tuple[int, Any]:
        r = await client.post("/api/v1/filings", json=_filing(n), headers=headers)
        return r.status_code, r

    monkeypatch.setitem(ratelimit.LIMITS, "filing", ratelimit.Limit(10_000, 60))
    killer = asyncio.create_task(terminate())
    results = []
    for wave in range(6):
        results += await asyncio.gather(*(file(wave * 10 + i) for i in range(10)))
    stop.set()
    await killer
    assert killed > 0
    statuses = [s for s, _ in results]
    assert all(s == 201 or s == 503 for s in statuses), statuses
    for status, r in results:
        if status == 503:
            assert r.headers["content-type"].startswith("application/problem+json")
    assert 503 in statuses or killed < 3, "the fault never reached a request"
    # Afterwards every filing that exists is whole, and every one acknowledged exists.
    ok_ids = {r.json()["id"] for s, r in results if s == 201}
    rows: list[dict[str, Any]] | None = None
    for _ in range(50):  # the pool may still be handing out connections killed above for a moment
        try:
            rows = await Filing.select(Filing.id, Filing.summary).where(Filing.summary.like("fault-%"))
            break
        except Exception:  # noqa: BLE001 - a connection killed above
            await asyncio.sleep(0.1)
    assert rows is not None, "the database never answered again after the fault"
    assert ok_ids <= {r["id"] for r in rows}
    # No connection leaked out of the pool: once the requests are over, all its slots can be taken at once.
    pool = seeded.engine.pool
    try:
        held = await asyncio.wait_for(
            asyncio.gather(*(pool.acquire() for _ in range(pool.get_max_size()))), timeout=10
        )
    except TimeoutError:
        pytest.fail("database connections leaked out of the pool after the fault")
    for connection in held:
        await pool.release(connection)
    # And more requests than the pool has slots (20) still complete.
    after = await asyncio.wait_for(asyncio.gather(*(file(1000 + n) for n in range(25))), timeout=60)
    assert [s for s, _ in after] == [201] * 25
    for row in rows:
        parties = await FilingParty.count().where(FilingParty.filing == row["id"])
        claims = await FilingClaim.count().where(FilingClaim.filing == row["id"])
        assert (parties, claims) == (2, 1), f"half-written filing {row}"
