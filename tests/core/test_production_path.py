"""The production path: `court serve` and `court worker` as processes on PostgreSQL, the S3 server and Redis."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from testkit.cluster_load import FILING
from testkit.pdfs import make_pdf
from testkit.services import free_port, fresh_postgres_database, port_open
from tests.conftest import build_template
from tests.jobs.test_rq import PrivateRedis
from tests.templates import Level, postgres_template

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.s3]

ROOT = Path(__file__).resolve().parents[2]


def _env(db_url: str, s3: Any, bucket: str, redis_url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")}
    env.update(
        {
            "COURT_DATABASE_URL": db_url,
            "COURT_STORAGE_URL": f"s3://{s3.access_key}:{s3.secret_key}@{s3.endpoint}/{bucket}?secure=false&region={s3.region}",
            "COURT_REDIS_URL": redis_url,
            "COURT_SECRET_KEY": "production-path-test-secret",
            "COURT_VAR_DIR": str(tmp / "var"),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _court(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "court.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# The extraction and routing jobs of the filing flow (an upload's extract_document, a submission's route_filing).
FLOW_JOBS = ("extract_document", "route_filing")


async def _flow_jobs(db_url: str) -> list[dict[str, Any]]:
    import asyncpg

    conn = await asyncpg.connect(db_url)
    try:
        rows = await conn.fetch(
            "SELECT id, name, status, last_error, payload::text AS payload FROM court_outbox_job "
            "WHERE name = ANY($1::text[]) ORDER BY id",
            list(FLOW_JOBS),
        )
    finally:
        await conn.close()
    return [dict(r) | {"payload": json.loads(r["payload"])} for r in rows]


def _of_filing(jobs: list[dict[str, Any]], filing_id: int, document_id: int) -> list[dict[str, Any]]:
    return [
        j
        for j in jobs
        if (j["name"] == "extract_document" and j["payload"].get("document_id") == document_id)
        or (j["name"] == "route_filing" and j["payload"].get("filing_id") == filing_id)
    ]


async def _all_handed_to_redis(db_url: str) -> list[dict[str, Any]]:
    """The flow jobs once the web process's relay has handed every one of them to Redis (none left pending), so
    a burst worker started now finds them all in the queue."""
    deadline = time.monotonic() + 60
    while True:
        jobs = await _flow_jobs(db_url)
        if all(j["status"] != "pending" for j in jobs):
            return jobs
        assert time.monotonic() < deadline, [j for j in jobs if j["status"] == "pending"]
        await asyncio.sleep(0.1)


async def _file(c: httpx.AsyncClient, h: dict[str, str], s3: Any, bucket: str) -> tuple[int, int]:
    """A litigant's filing through the web process: created, a PDF uploaded into the S3 bucket, submitted, and its
    dossier served as a presigned S3 redirect. Returns the filing's and the document's ids."""
    filing = await c.post(
        "/api/v1/filings/",
        headers=h,
        json=FILING,
    )
    fid = filing.json()["id"]
    doc = await c.post(
        f"/api/v1/filings/{fid}/documents",
        params={"filename": "起诉状.pdf"},
        content=make_pdf(pages=2),
        headers=h | {"content-type": "application/pdf"},
    )
    assert doc.status_code == 201, doc.text
    assert doc.json()["blob_key"] in {
        o.object_name for o in s3.client().list_objects(bucket_name=bucket, recursive=True)
    }
    receipt = await c.post(f"/api/v1/filings/{fid}/submit", headers=h)
    assert receipt.status_code == 200
    dossier = await c.get(f"/api/v1/filings/{fid}/dossier.pdf", headers=h, follow_redirects=False)
    assert dossier.status_code == 307 and "X-Amz-Signature" in dossier.headers["location"]
    return int(fid), int(doc.json()["id"])


async def test_serve_and_worker_run_the_filing_flow(
    s3_server: Any,
    s3_bucket: str,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    private_redis: PrivateRedis,
) -> None:
    """`court migrate`, `court seed --demo`, `court serve`, then both kinds of `court worker` on the one served
    court: the default worker (jobs in the worker process) runs the demo data's jobs and a first filing's; a
    `--fork` worker (a forked work horse per job) then runs a second filing's, which nothing else could have run.

    (These were two runs of the whole path, one per worker kind; the second repeated migrate, seed, serve and
    ran the demo data's ~35 jobs once more in forked horses, ~55 s of the suite's time for nothing the first
    had not shown. The forked worker's claim is that its horses run the filing flow's jobs to the end.)"""
    # A redis-server of this test's own: its queue "court" is shared with no other test, worker or test run.
    private_redis.start()
    redis_url = private_redis.url

    # A clone of this process's migrated template (tests/templates.py) instead of a new database migrated here: the
    # `court migrate` below still runs (and finds nothing left to do), `court seed --demo` loads the demo data and
    # puts its documents into the S3 bucket as in production.
    template = await postgres_template(
        Level.MIGRATED, tmp_path_factory.getbasetemp() / "court-templates", build_template
    )
    async with fresh_postgres_database(template) as db_url:
        env = _env(db_url, s3_server, s3_bucket, redis_url, tmp_path)
        s3_server.store(s3_bucket).ensure_bucket()
        for step in (("migrate",), ("seed", "--demo")):
            done = await asyncio.to_thread(_court, *step, env=env)
            assert done.returncode == 0, done.stderr[-3000:]
        port = free_port()
        serve = subprocess.Popen(
            [sys.executable, "-m", "court.cli", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while not port_open("127.0.0.1", port):
                assert serve.poll() is None, (
                    serve.stderr.read().decode()[-3000:] if serve.stderr else "serve died"
                )
                assert time.monotonic() < deadline, "court serve did not start"
                await asyncio.sleep(0.2)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
                ready = (await c.get("/ready")).json()
                assert ready["status"] == "ok", ready
                assert (
                    ready["checks"]["queue"]["backend"] == "redis"
                    and ready["checks"]["storage"]["backend"] == "s3"
                )
                token = (
                    await c.post(
                        "/api/v1/auth/sign-in",
                        json={"username": "litigant.wang", "password": "court-demo-2026"},
                    )
                ).json()["token"]
                h = {"authorization": f"Bearer {token}"}

                # The web process relays committed jobs to Redis; a worker process runs them.
                first = await _file(c, h, s3_server, s3_bucket)
                jobs = await _all_handed_to_redis(db_url)
                assert len(_of_filing(jobs, *first)) == 2, jobs
                worker = await asyncio.to_thread(_court, "worker", "--burst", "--no-relay", env=env)
                assert worker.returncode == 0, worker.stderr[-3000:]
                # Ours and the demo data's: every extraction and routing job ran to the end in the worker process.
                jobs = await _flow_jobs(db_url)
                assert {j["name"] for j in jobs} == set(FLOW_JOBS)
                assert all(j["status"] == "done" for j in jobs), [j for j in jobs if j["status"] != "done"]

                second = await _file(c, h, s3_server, s3_bucket)
                jobs = await _all_handed_to_redis(db_url)
                theirs = _of_filing(jobs, *second)
                assert len(theirs) == 2 and all(j["status"] == "queued" for j in theirs), theirs
                worker = await asyncio.to_thread(_court, "worker", "--burst", "--no-relay", "--fork", env=env)
                assert worker.returncode == 0, worker.stderr[-3000:]
        finally:
            serve.terminate()
            serve.wait(timeout=20)

        # The second filing's extraction and routing ran to the end in the forked work horses.
        theirs = _of_filing(await _flow_jobs(db_url), *second)
        assert {j["name"] for j in theirs} == set(FLOW_JOBS)
        assert all(j["status"] == "done" for j in theirs), theirs
