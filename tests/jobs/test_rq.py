"""RQ on a real Redis: a job committed while Redis is down runs once Redis is back."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from court.db import close_pool, write_transaction
from court.jobs import outbox, registry, worker
from court.jobs.runners import RqRelay
from court.jobs.tables import OutboxJob
from testkit.services import free_port, port_open, redis_or_skip, service_missing
from tests.jobs.test_outbox import CALLS, record_call

pytestmark = pytest.mark.redis


@pytest.fixture(autouse=True)
def _test_job(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test job of tests/jobs/test_outbox.py beside the features' own (court.jobs.registry).
    monkeypatch.setitem(registry.handlers(), "test_record_call", record_call)


class PrivateRedis:
    """A redis-server of this test's own on a free port, so the test can stop and start it."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.tmp = tmp
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            service_missing("redis-server", "binary not found")
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not port_open("127.0.0.1", self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("private redis did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Any:
    redis_or_skip()  # the machine's Redis proves the service is installed here
    r = PrivateRedis(tmp_path)
    yield r
    r.stop()


async def _run_worker(runtime: Any) -> None:
    """A burst of the RQ worker in its own thread and event loop, as a worker process would run it (this loop's
    connection pool closed first: asyncpg pools belong to one loop)."""
    await close_pool(runtime.engine)
    worker._runtime = runtime
    try:
        await asyncio.to_thread(_work_burst, runtime)
    finally:
        worker._runtime = None


def _work_burst(runtime: Any) -> None:
    from rq.serializers import JSONSerializer
    from rq.timeouts import TimerDeathPenalty

    # court worker's own class: its command-channel thread stops at once, so the burst ends with the jobs.
    class ThreadWorker(worker.rq_worker_class(simple=True)):  # type: ignore[misc]
        """RQ's SimpleWorker, able to run off the main thread (no signal handlers, timer-based timeouts)."""

        death_penalty_class = TimerDeathPenalty

        def _install_signal_handlers(self) -> None:
            pass

    w = ThreadWorker([runtime.queue()], connection=runtime.redis, serializer=JSONSerializer)
    w.work(burst=True)


async def test_job_committed_while_redis_is_down_runs_when_it_is_back(
    runtime: Any, private_redis: PrivateRedis
) -> None:
    from court.bootstrap import open_redis

    CALLS.clear()
    runtime.redis = open_redis(private_redis.url)
    async with write_transaction():
        job_id = await outbox.enqueue("test_record_call", {"n": 7})
    relay = RqRelay(runtime)
    assert await relay.relay_once() == 0  # Redis is down: nothing handed over, nothing lost
    assert (await OutboxJob.select(OutboxJob.status).where(OutboxJob.id == job_id).first())[
        "status"
    ] == "pending"

    private_redis.start()
    assert await relay.relay_once() >= 1
    assert (await OutboxJob.select(OutboxJob.status).where(OutboxJob.id == job_id).first())[
        "status"
    ] == "queued"

    # The worker runs in its own thread and event loop, as an RQ worker process would.
    await _run_worker(runtime)
    row = await OutboxJob.select().where(OutboxJob.id == job_id).first()
    assert row["status"] == "done", row["last_error"]
    assert CALLS == [{"n": 7}]


async def test_handing_a_job_over_twice_runs_it_once(runtime: Any, private_redis: PrivateRedis) -> None:
    from court.bootstrap import open_redis

    CALLS.clear()
    private_redis.start()
    runtime.redis = open_redis(private_redis.url)
    async with write_transaction():
        job_id = await outbox.enqueue("test_record_call", {"n": 8})
    queue = runtime.queue()
    # A relay that crashed after handing over but before marking the job queued hands it over again.
    for _ in range(2):
        queue.enqueue("court.jobs.worker.perform", job_id)
    await _run_worker(runtime)
    assert CALLS == [{"n": 8}]
