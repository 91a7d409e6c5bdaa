"""The RQ side: `court worker` boots once (models loaded once per worker), then runs outbox jobs by id."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from court.bootstrap import Runtime, build_runtime
from court.jobs.runners import RqRelay, run_job
from court.settings import Settings

log = logging.getLogger("court.worker")

_runtime: Runtime | None = None


def boot(settings: Settings, *, warm: bool = True) -> Runtime:
    """Build the runtime for this process and load heavy models before any job, so no job pays for loading (with
    `--fork`, the forked work horses share them)."""
    global _runtime
    _runtime = build_runtime(settings)
    if warm:
        from court.jobs.warmup import warm_models

        warm_models()
    return _runtime


def perform(job_id: int) -> str:
    """RQ entry point. Takes an id, never an object; running it twice is harmless (the outbox claim)."""
    if _runtime is None:
        from court.settings import load_settings

        boot(load_settings())
    assert _runtime is not None
    return asyncio.run(run_job(int(job_id), _runtime))


def _relay_thread(runtime: Runtime, stop: threading.Event) -> threading.Thread:
    async def loop() -> None:
        relay = RqRelay(runtime)
        while not stop.is_set():
            try:
                await relay.relay_once()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the relay
                log.exception("relay round failed")
            await asyncio.sleep(relay.poll_seconds)

    thread = threading.Thread(target=lambda: asyncio.run(loop()), name="court-relay", daemon=True)
    thread.start()
    return thread


# RQ listens for commands (stop, kill-horse) on a pub/sub thread that polls Redis with a 60 s timeout (hard-coded in
# rq 3.0), and redis-py's PubSubWorkerThread.stop() waits for that poll to return: a stopping worker, or a burst
# worker with nothing left to do, sat out up to a minute. Polling each second lets it stop at once.
PUBSUB_POLL_SECONDS = 1.0


def rq_worker_class(*, simple: bool = True) -> type[Any]:
    """RQ's SimpleWorker (jobs in this process) or Worker (a forked work horse per job), stopping promptly."""
    from rq import SimpleWorker, Worker

    base: type[Any] = SimpleWorker if simple else Worker

    class CourtWorker(base):
        def subscribe(self) -> None:
            self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
            self.pubsub = self.connection.pubsub()
            self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
            self.pubsub_thread = self.pubsub.run_in_thread(
                sleep_time=PUBSUB_POLL_SECONDS, daemon=True, exception_handler=self._pubsub_exception_handler
            )

    return CourtWorker


def run_worker(settings: Settings, *, burst: bool = False, simple: bool = True, relay: bool = True) -> None:
    """Jobs run in this process by default (RQ's SimpleWorker): PDFs are already read in sandboxed children with
    their own CPU and memory limits, every job is claimed through the outbox and may run twice harmlessly, and a
    worker that dies is replaced while its claimed jobs are re-run once stale. In this process the sandbox pool
    stays warm between jobs; a forked work horse (`simple=False`, `court worker --fork`) starts with an empty pool
    and pays a fresh sandbox interpreter per document, ten times the PDF step's cost (bench/README.md)."""
    from rq.serializers import JSONSerializer

    runtime = boot(settings)
    if runtime.redis is None:
        raise SystemExit("court worker needs COURT_REDIS_URL (without Redis, jobs run inside `court serve`)")
    stop = threading.Event()
    if relay:
        _relay_thread(runtime, stop)
    worker = rq_worker_class(simple=simple)(
        [runtime.queue()], connection=runtime.redis, serializer=JSONSerializer
    )
    try:
        worker.work(burst=burst, with_scheduler=False)
    finally:
        stop.set()
