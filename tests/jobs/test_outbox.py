"""The outbox: jobs commit with the change that needs them, run once, retry with backoff, end visibly failed."""

from __future__ import annotations

from typing import Any

import pytest

from court.db import write_transaction
from court.jobs import outbox, registry
from court.jobs.context import JobContext
from court.jobs.runners import InProcessRunner, run_job
from court.jobs.tables import OutboxJob

CALLS: list[dict[str, Any]] = []


async def record_call(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    CALLS.append(payload)
    if payload.get("fail"):
        raise ValueError("agency gateway timed out")
    return {"seen": payload["n"]}


@pytest.fixture(autouse=True)
def _clear_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    # A test job beside the features' own (the worker's table of jobs, court.jobs.registry).
    monkeypatch.setitem(registry.handlers(), "test_record_call", record_call)
    CALLS.clear()


async def _status(job_id: int) -> dict[str, Any]:
    row = await OutboxJob.select().where(OutboxJob.id == job_id).first()
    assert row is not None
    return row


async def test_a_committed_job_runs_once(runtime: Any) -> None:
    async with write_transaction():
        job_id = await outbox.enqueue("test_record_call", {"n": 1})
    runner = InProcessRunner(runtime)
    assert await runner.drain() == 1
    assert await runner.drain() == 0
    assert await run_job(job_id, runtime) == "skipped"  # a duplicate delivery changes nothing
    row = await _status(job_id)
    assert row["status"] == "done" and CALLS == [{"n": 1}]


async def test_a_rolled_back_change_leaves_no_job(runtime: Any) -> None:
    with pytest.raises(RuntimeError):
        async with write_transaction():
            await outbox.enqueue("test_record_call", {"n": 2})
            raise RuntimeError("the filing failed to commit")
    assert (
        await OutboxJob.count() == 0
        or await OutboxJob.count().where(OutboxJob.name == "test_record_call") == 0
    )


async def test_dedupe_key_makes_enqueue_idempotent(runtime: Any) -> None:
    async with write_transaction():
        a = await outbox.enqueue("test_record_call", {"n": 3}, dedupe_key="extract:document:42")
        b = await outbox.enqueue("test_record_call", {"n": 3}, dedupe_key="extract:document:42")
    assert a == b


async def test_failures_retry_with_backoff_then_fail_visibly_and_can_be_retried(runtime: Any) -> None:
    async with write_transaction():
        job_id = await outbox.enqueue("test_record_call", {"n": 4, "fail": True}, max_attempts=2)
    assert await run_job(job_id, runtime) == "pending"
    row = await _status(job_id)
    assert row["attempts"] == 1 and "agency gateway timed out" in row["last_error"]
    assert job_id not in await outbox.due_job_ids()  # backing off
    await OutboxJob.update({OutboxJob.available_at: row["created_at"]}).where(OutboxJob.id == job_id)
    assert await run_job(job_id, runtime) == "failed"
    assert (await _status(job_id))["status"] == "failed"
    await outbox.retry(job_id)
    row = await _status(job_id)
    assert row["status"] == "pending" and row["attempts"] == 0


async def test_a_job_whose_worker_died_is_run_again(runtime: Any) -> None:
    from datetime import UTC, datetime

    async with write_transaction():
        job_id = await outbox.enqueue("test_record_call", {"n": 5})
    assert await outbox.claim(job_id) is not None  # a worker claimed it ... and was killed
    assert job_id not in await outbox.due_job_ids()
    later = datetime.now(UTC) + outbox.STALE_AFTER * 2
    assert job_id in await outbox.due_job_ids(now=later)
    assert await outbox.claim(job_id, now=later) is not None
