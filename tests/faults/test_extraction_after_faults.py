"""After Redis was down, a worker died holding a job and S3 failed, every accepted filing still ends extracted.

The filings are accepted through the API while Redis is down; the outbox relay and an RQ worker (burst) are then
driven through a worker that died after claiming a job, an object store that refuses connections, and a job that
ran out of attempts (visible to a clerk, retried by one). When the services are back, every document of every
accepted filing has its docket and every outbox job is done.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from court.bootstrap import Runtime, open_redis
from court.db import close_pool
from court.demo.filings import _complaint_pdf
from court.filing.tables import Filing, FilingDocument
from court.jobs import outbox, worker
from court.jobs.runners import RqRelay
from court.jobs.tables import OutboxJob
from tests.conftest import app_for, sign_in
from tests.faults.proxy import ThreadedProxy
from tests.filing.test_filing_api import create_filing, upload
from tests.jobs.test_rq import PrivateRedis, _work_burst

pytestmark = [pytest.mark.redis, pytest.mark.s3]

FILINGS = 3


def _complaint(n: int) -> bytes:
    return _complaint_pdf(
        [
            "民事起诉状",
            f"原告：王丽华，女，1983年7月16日出生，汉族，住浙江省杭州市西湖区文三路{100 + n}号。",
            f"被告：陈建国{n}，男，1979年3月2日出生，汉族，住浙江省杭州市西湖区天目山路{200 + n}号。",
            "诉讼请求：",
            f"一、判令被告归还借款人民币{50000 + n}元；",
            "事实与理由：被告向原告借款，到期未还。",
            "此致",
            "浙江省杭州市西湖区人民法院",
        ]
    )


@pytest.fixture
async def s3_proxy(s3_server: Any) -> AsyncIterator[ThreadedProxy]:
    with ThreadedProxy(s3_server.host, s3_server.port) as proxy:
        yield proxy


@pytest.fixture
async def faulty(
    seeded: Runtime, s3_server: Any, s3_bucket: str, s3_proxy: ThreadedProxy, private_redis: PrivateRedis
) -> AsyncIterator[Runtime]:
    """The seeded runtime with its blobs in the S3 server behind a proxy, and its queue on a Redis not yet started."""
    from storage.s3 import S3BlobStore

    store = S3BlobStore(
        endpoint=f"127.0.0.1:{s3_proxy.port}",
        access_key=s3_server.access_key,
        secret_key=s3_server.secret_key,
        bucket=s3_bucket,
        secure=False,
        region=s3_server.region,
        connect_timeout=1.0,
        retries=1,
    )
    store.ensure_bucket()
    seeded.blobs = store
    seeded.redis = open_redis(private_redis.url)
    try:
        yield seeded
    finally:
        store.close()


async def _burst(runtime: Runtime) -> None:
    """One RQ worker, burst mode, in its own thread and event loop as a worker process would be."""
    await close_pool(runtime.engine)  # the pool belongs to this loop; the worker opens its own connections
    worker._runtime = runtime
    try:
        await asyncio.to_thread(_work_burst, runtime)
    finally:
        worker._runtime = None


async def _statuses() -> dict[int, str]:
    return {int(r["id"]): r["status"] for r in await OutboxJob.select(OutboxJob.id, OutboxJob.status)}


async def test_every_accepted_filing_ends_extracted_after_redis_down_a_dead_worker_and_s3_failing(
    faulty: Runtime, s3_proxy: ThreadedProxy, private_redis: PrivateRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(faulty)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        # 1. Redis is down: filings are still accepted; their jobs wait in the outbox.
        litigant = await sign_in(client, "litigant.wang")
        accepted = []
        for n in range(FILINGS):
            fid = await create_filing(client, litigant)
            r = await upload(client, litigant, fid, _complaint(n), kind="complaint")
            assert r.status_code == 201, r.text
            r = await client.post(f"/api/v1/filings/{fid}/submit", headers=litigant)
            assert r.status_code == 200, r.text
            accepted.append(fid)
        relay = RqRelay(faulty)
        assert await relay.relay_once() == 0
        extract_ids = [
            int(r["id"])
            for r in await OutboxJob.select(OutboxJob.id).where(OutboxJob.name == "extract_document")
        ]
        assert len(extract_ids) == FILINGS
        assert {(await _statuses())[i] for i in extract_ids} == {"pending"}

        # 2. Redis is back and the jobs go out; one worker claims the first extraction and dies (SIGKILL leaves
        #    exactly this row: running, one attempt; tests/security/test_faults.py kills a real process).
        private_redis.start()
        assert await relay.relay_once() >= FILINGS
        dead = extract_ids[0]
        assert await outbox.claim(dead) is not None

        # 3. The object store fails while the worker runs: extractions fail, are recorded, and wait to retry.
        #    One job is on its last attempt, so it ends `failed` where a clerk sees it.
        last = extract_ids[1]
        await OutboxJob.update({OutboxJob.max_attempts: 1}).where(OutboxJob.id == last)
        # A failed attempt waits out its backoff before it is due again; half a second here rather than the first
        # attempt's 2 s (outbox.backoff), which step 4 would only sit out.
        monkeypatch.setattr(outbox, "backoff", lambda attempt: timedelta(milliseconds=500))
        s3_proxy.down()
        await _burst(faulty)
        rows = {int(r["id"]): r for r in await OutboxJob.select().where(OutboxJob.id.is_in(extract_ids))}
        assert (
            rows[dead]["status"] == "running" and rows[dead]["attempts"] == 1
        )  # a live worker might hold it
        assert rows[last]["status"] == "failed" and rows[last]["last_error"]
        for job_id in extract_ids[2:]:
            assert rows[job_id]["status"] == "pending" and rows[job_id]["attempts"] == 1, rows[job_id]
            assert "Storage" in rows[job_id]["last_error"] or "storage" in rows[job_id]["last_error"], rows[
                job_id
            ]["last_error"]
        assert await FilingDocument.count().where(FilingDocument.extraction_status == "done") == 0

        clerk = await sign_in(client, "clerk.xihu")
        failed = (await client.get("/api/v1/jobs", params={"status": "failed"}, headers=clerk)).json()
        assert [j["id"] for j in failed] == [last] and failed[0]["last_error"]
        r = await client.post(f"/api/v1/jobs/{last}/retry", headers=clerk)
        assert r.status_code == 202 and r.json()["status"] == "pending"

    # 4. Everything is back: the dead worker's claim goes stale, the backoff passes, the relay and a worker finish.
    s3_proxy.back()
    monkeypatch.setattr(outbox, "STALE_AFTER", timedelta(milliseconds=500))
    deadline = time.monotonic() + 30
    while not set(extract_ids) <= set(await outbox.due_job_ids()):
        assert time.monotonic() < deadline, (extract_ids, await _statuses())
        await asyncio.sleep(0.05)
    for _ in range(3):  # the relay hands over what is due; route jobs may enqueue nothing more, but allow it
        await relay.relay_once()
        await _burst(faulty)
        if set((await _statuses()).values()) == {"done"}:
            break
    statuses = await _statuses()
    assert set(statuses.values()) == {"done"}, statuses
    rows = {int(r["id"]): r for r in await OutboxJob.select().where(OutboxJob.id.is_in(extract_ids))}
    assert rows[dead]["attempts"] == 2 and rows[last]["attempts"] == 1  # the clerk's retry started afresh

    documents = (
        await FilingDocument.select().where(FilingDocument.filing.is_in(accepted)).output(load_json=True)
    )
    assert len(documents) == FILINGS
    for doc in documents:
        assert doc["extraction_status"] == "done", doc
        assert doc["docket"] and doc["docket"].get("parties"), doc["docket"]
    for filing in (
        await Filing.select(Filing.id, Filing.docket).where(Filing.id.is_in(accepted)).output(load_json=True)
    ):
        names = {p.get("name") for p in filing["docket"].get("parties", [])}
        assert "王丽华" in names, filing
    from court.features import referenced_blob_keys
    from court.filing.integrity import verify_blobs

    report = await verify_blobs(faulty.blobs, referenced_blob_keys)
    assert report.ok and not report.missing
