"""The direct upload path: the spool hashes what it writes, and a filing submitted meanwhile takes no document."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from court.errors import Conflict
from court.filing.tables import FilingDocument
from court.filing.uploads import SPOOL_WRITE_BYTES, spool
from tests.conftest import sign_in
from tests.filing.pdfs import make_pdf
from tests.filing.test_filing_api import create_filing, upload


async def _chunks(data: bytes, sizes: list[int]) -> AsyncIterator[bytes]:
    at = 0
    for size in sizes:
        yield data[at : at + size]
        at += size
    yield data[at:]


async def test_the_spool_hashes_exactly_the_bytes_it_writes(tmp_path: Path) -> None:
    data = os.urandom(2 * SPOOL_WRITE_BYTES + 12_345)
    # Network-sized pieces, an empty one, and pieces that straddle the 1 MiB write boundary.
    sizes = [65_536] * 20 + [0, 1, 700_000, 3]
    spooled = await spool(_chunks(data, sizes), tmp_path, max_bytes=len(data))
    try:
        assert spooled.complete and spooled.size == len(data)
        assert spooled.path.read_bytes() == data
        assert spooled.sha256 == hashlib.sha256(data).hexdigest()
    finally:
        spooled.path.unlink()


async def test_an_upload_stores_the_digest_of_its_bytes(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    pdf = make_pdf(pages=2, padding=3 * SPOOL_WRITE_BYTES // 2)  # more than one spool write
    r = await upload(client, h, fid, pdf)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["sha256"] == hashlib.sha256(pdf).hexdigest() and doc["size"] == len(pdf)
    assert doc["docket"] == {} and doc["position"] == 0
    runtime = client._transport.app.state.runtime
    assert b"".join(runtime.blobs.iter_chunks(doc["blob_key"])) == pdf


async def test_a_filing_submitted_while_its_document_was_checked_takes_no_document(
    client: Any, tmp_path: Path
) -> None:
    from court.accounts.service import authenticate
    from court.filing import service

    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    assert (await upload(client, h, fid, make_pdf(pages=1))).status_code == 201
    principal, _ = await authenticate(h["Authorization"].removeprefix("Bearer "))
    # The handler read the filing as a draft before the body arrived ...
    filing = await service.editable_filing(principal, fid)
    # ... and the filer submitted it from another tab while the body was being checked.
    assert (await client.post(f"/api/v1/filings/{fid}/submit", headers=h)).status_code == 200
    before = await FilingDocument.count().where(FilingDocument.filing == fid)
    path = tmp_path / "late.pdf"
    path.write_bytes(make_pdf(["迟到的证据"]))
    runtime = client._transport.app.state.runtime
    with pytest.raises(Conflict):
        await service.add_document(principal, runtime, fid, path, filename="late.pdf", filing=filing)
    assert await FilingDocument.count().where(FilingDocument.filing == fid) == before
    # And through the API the refusal comes before a byte of the body is read.
    r = await upload(client, h, fid, make_pdf(pages=1))
    assert r.status_code == 409, r.text


async def test_concurrent_uploads_to_one_filing_get_distinct_positions(client: Any) -> None:
    import asyncio

    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    pdfs = [make_pdf([f"并发上传的第{i}份证据"]) for i in range(4)]
    answers = await asyncio.gather(*(upload(client, h, fid, pdf, name=f"证据{i}.pdf") for i, pdf in enumerate(pdfs)))
    assert [r.status_code for r in answers] == [201] * 4, [r.text for r in answers]
    assert sorted(r.json()["position"] for r in answers) == [0, 1, 2, 3]
