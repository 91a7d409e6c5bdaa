"""Nothing lost: a failure at any point leaves the complete document or none of it (plus an orphan blob)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from court.filing.tables import FilingDocument
from court.jobs.tables import OutboxJob
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload

pytestmark = pytest.mark.s3


@pytest.fixture
async def seeded(runtime: Any, s3_store: Any) -> Any:
    """The runtime with every blob in the S3 server (demo data included), on both database engines."""
    from court.demo import load_demo_data
    from court.reference.service import load_reference_data

    runtime.blobs = s3_store
    await load_reference_data()
    await load_demo_data(runtime, cases=False)
    return runtime


@pytest.fixture
async def s3_client(client: Any) -> Any:
    return client


async def _documents() -> int:
    return await FilingDocument.count()


async def test_s3_vanishing_mid_upload_gives_503_and_records_nothing(s3_client: Any, s3_server: Any) -> None:
    h = await sign_in(s3_client, "litigant.wang")
    fid = await create_filing(s3_client, h)
    before = await _documents()
    with s3_server.stopped():
        r = await upload(s3_client, h, fid, make_pdf(pages=2))
        assert r.status_code == 503, r.text
        body = r.json()
        assert body["code"] == "service_unavailable" and body["title"] == "服务暂时不可用，请稍后重试"
        assert await _documents() == before
    # moto keeps its data in memory, so its restart lost the bucket; a real MinIO outage would not.
    seeded_store = s3_client._transport.app.state.runtime.blobs
    seeded_store.ensure_bucket()
    r = await upload(s3_client, h, fid, make_pdf(pages=2))  # the same upload, retried once S3 is back
    assert r.status_code == 201
    assert await _documents() == before + 1


async def test_database_failure_at_commit_leaves_only_an_orphan_that_is_swept(
    s3_client: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from court.features import referenced_blob_keys
    from court.filing import service
    from court.filing.integrity import verify_blobs
    from court.jobs.context import JobContext
    from court.jobs.maintenance import sweep_orphan_blobs

    h = await sign_in(s3_client, "litigant.wang")
    fid = await create_filing(s3_client, h)
    before_docs, before_jobs = await _documents(), await OutboxJob.count()

    async def database_gone(*args: Any, **kwargs: Any) -> int:
        raise ConnectionError("the database connection was lost at commit")

    monkeypatch.setattr(service, "enqueue", database_gone)
    pdf = make_pdf(["只写进对象存储的一份文件"])
    r = await upload(s3_client, h, fid, pdf)
    assert r.status_code == 503, r.text
    monkeypatch.undo()
    # Neither the document row nor its job was committed; the blob written first is an orphan.
    assert await _documents() == before_docs and await OutboxJob.count() == before_jobs
    report = await verify_blobs(seeded.blobs, referenced_blob_keys)
    assert report.ok and len(report.orphans) == 1

    seeded.settings = dataclasses.replace(seeded.settings, orphan_grace_hours=0)
    result = await sweep_orphan_blobs(
        {}, JobContext(runtime=seeded, job_id=0, attempt=1, referenced_blobs=referenced_blob_keys)
    )
    assert result == {"deleted": 1}
    assert (await verify_blobs(seeded.blobs, referenced_blob_keys)).orphans == []
    # Documents that rows refer to are never swept.
    r = await upload(s3_client, h, fid, pdf)
    assert r.status_code == 201
    assert (
        await sweep_orphan_blobs(
            {}, JobContext(runtime=seeded, job_id=0, attempt=1, referenced_blobs=referenced_blob_keys)
        )
    ) == {"deleted": 0}


async def test_verify_blobs_names_missing_and_altered_documents(s3_client: Any, seeded: Any) -> None:
    import io

    from court.features import referenced_blob_keys
    from court.filing.integrity import verify_blobs

    h = await sign_in(s3_client, "litigant.wang")
    fid = await create_filing(s3_client, h)
    a = (await upload(s3_client, h, fid, make_pdf(["文件甲"]))).json()
    b = (await upload(s3_client, h, fid, make_pdf(["文件乙"]))).json()
    seeded.blobs.delete(a["blob_key"])
    seeded.blobs.put(b["blob_key"], io.BytesIO(b"tampered"), content_type="application/pdf")
    report = await verify_blobs(seeded.blobs, referenced_blob_keys)
    assert report.missing == [a["blob_key"]] and report.altered == [b["blob_key"]] and not report.ok
