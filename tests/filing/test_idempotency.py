"""Idempotency-Key (issue 15, finding 7): bound to the user, the action and a hash of the body — a retry returns the
first result, the same key with another body is a 409 problem, and document uploads honour keys. Both engines."""

from __future__ import annotations

import asyncio
from typing import Any

from court.filing.tables import Filing, FilingDocument, UploadSession
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import FILING, create_filing, upload


def _reused(r: Any) -> None:
    assert r.status_code == 409, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == "idempotency_key_reused" and "幂等键" in body["detail"]


async def test_a_retried_create_returns_the_first_filing_and_another_body_is_a_409(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    key = {"Idempotency-Key": "create-1"}
    first = await client.post("/api/v1/filings/", json=FILING, headers=h | key)
    again = await client.post("/api/v1/filings/", json=FILING, headers=h | key)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    _reused(await client.post("/api/v1/filings/", json=FILING | {"amount_in_dispute": "1"}, headers=h | key))
    assert await Filing.count() == 1
    # Bound to the user: another user's identical key is another request.
    other = await sign_in(client, "lawyer.li")
    theirs = await client.post("/api/v1/filings/", json=FILING, headers=other | key)
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]


async def test_a_retried_document_upload_returns_the_same_document(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    pdf = make_pdf(pages=2)
    key = {"Idempotency-Key": "doc-1"}
    answers = [await upload(client, h | key, fid, pdf) for _ in range(3)]
    assert [r.status_code for r in answers] == [201, 201, 201], [r.text for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    assert answers[2].json()["sha256"] == answers[0].json()["sha256"]
    assert await FilingDocument.count().where(FilingDocument.filing == fid) == 1
    # The same key with another file, or the same file under another name, is another request.
    _reused(await upload(client, h | key, fid, make_pdf(pages=3)))
    _reused(await upload(client, h | key, fid, pdf, name="证据.pdf"))
    # Without a key every upload is a new document, as before.
    await upload(client, h, fid, pdf)
    assert await FilingDocument.count().where(FilingDocument.filing == fid) == 2


async def test_parallel_uploads_with_one_key_make_one_document(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    pdf = make_pdf()
    answers = await asyncio.gather(
        *(upload(client, h | {"Idempotency-Key": "doc-race"}, fid, pdf) for _ in range(5))
    )
    assert {r.status_code for r in answers} == {201}, [r.text[:200] for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    assert await FilingDocument.count().where(FilingDocument.filing == fid) == 1


async def test_parallel_creates_with_one_key_make_one_filing_and_answer_it_to_all(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    answers = await asyncio.gather(
        *(
            client.post("/api/v1/filings/", json=FILING, headers=h | {"Idempotency-Key": "c-race"})
            for _ in range(10)
        )
    )
    assert {r.status_code for r in answers} == {201}, [r.text[:200] for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    assert await Filing.count() == 1


async def test_a_retried_upload_session_is_the_same_session_and_another_file_is_a_409(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    key = {"Idempotency-Key": "session-1"}
    opened = {"filename": "scan.pdf", "size": 1000, "kind": "evidence"}
    first = await client.post(f"/api/v1/filings/{fid}/uploads", json=opened, headers=h | key)
    again = await client.post(f"/api/v1/filings/{fid}/uploads", json=opened, headers=h | key)
    assert first.status_code == again.status_code == 201
    assert again.json()["token"] == first.json()["token"]
    _reused(
        await client.post(f"/api/v1/filings/{fid}/uploads", json=opened | {"size": 2000}, headers=h | key)
    )
    assert await UploadSession.count() == 1


async def test_an_overlong_key_is_a_422(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    r = await client.post("/api/v1/filings/", json=FILING, headers=h | {"Idempotency-Key": "k" * 300})
    assert r.status_code == 422 and r.json()["field"] == "Idempotency-Key"
