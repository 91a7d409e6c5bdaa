"""The S3 server answering with its own 5xx errors (SlowDown, InternalError), not just vanishing.

A transient error is absorbed by the store's retries; a lasting one becomes a 503 problem on the request that
needed storage, nothing is recorded half-way, and the same request succeeds once S3 answers again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from court.filing.tables import FilingDocument
from court.jobs.tables import OutboxJob
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.faults.s3_errors import S3ErrorProxy
from tests.filing.test_filing_api import create_filing, upload

pytestmark = pytest.mark.s3


@pytest.fixture
def s3_errors(s3_server: Any) -> Iterator[S3ErrorProxy]:
    with S3ErrorProxy(s3_server.host, s3_server.port) as proxy:
        yield proxy


@pytest.fixture
async def seeded(runtime: Any, s3_server: Any, s3_bucket: str, s3_errors: S3ErrorProxy) -> Any:
    """The runtime with its blobs in the S3 server behind the error proxy (the store's own retry settings)."""
    from court.demo import load_demo_data
    from court.reference.service import load_reference_data
    from storage.s3 import S3BlobStore

    store = S3BlobStore(
        endpoint=f"127.0.0.1:{s3_errors.port}",
        access_key=s3_server.access_key,
        secret_key=s3_server.secret_key,
        bucket=s3_bucket,
        secure=False,
        region=s3_server.region,
    )
    store.ensure_bucket()
    runtime.blobs = store
    await load_reference_data()
    await load_demo_data(runtime, cases=False)
    try:
        yield runtime
    finally:
        store.close()


async def test_a_transient_slowdown_is_absorbed_by_retries(client: Any, s3_errors: S3ErrorProxy) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    s3_errors.fail(503, "SlowDown", times=2)
    r = await upload(client, h, fid, make_pdf(["重试之后照常收下"]), kind="complaint")
    assert r.status_code == 201, r.text
    assert [status for _, status in s3_errors.answered].count(
        503
    ) == 2  # the errors did happen, and were retried


@pytest.mark.parametrize(("status", "code"), [(503, "SlowDown"), (500, "InternalError")])
async def test_a_lasting_s3_error_is_a_503_problem_and_the_retry_succeeds(
    client: Any, seeded: Any, s3_errors: S3ErrorProxy, status: int, code: str
) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    docs, jobs = await FilingDocument.count(), await OutboxJob.count()
    pdf = make_pdf([f"对象存储答 {status}"])
    s3_errors.fail(status, code)
    r = await upload(client, h, fid, pdf, kind="complaint")
    assert r.status_code == 503, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "service_unavailable"
    assert (await FilingDocument.count(), await OutboxJob.count()) == (docs, jobs)  # nothing half-recorded

    s3_errors.heal()
    r = await upload(client, h, fid, pdf, kind="complaint")
    assert r.status_code == 201, r.text
    document = r.json()
    assert document["sha256"] == hashlib.sha256(pdf).hexdigest()

    # Reading the document back while S3 errs is a 503 problem too, not a broken or empty 200.
    s3_errors.fail(status, code)
    read = await client.get(f"/api/v1/filings/{fid}/documents/{document['id']}/content", headers=h)
    assert read.status_code == 503, (read.status_code, read.content[:200])
    s3_errors.heal()
    read = await client.get(f"/api/v1/filings/{fid}/documents/{document['id']}/content", headers=h)
    assert read.status_code == 200 and read.content.startswith(b"%PDF")
