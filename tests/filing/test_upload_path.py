"""The direct upload path: the spool hashes what it writes (and keeps a small upload in memory to store it from
there), a filing submitted meanwhile takes no document, and authorisation reads the filing in one statement."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from court.errors import Conflict, NotFound
from court.filing import uploads
from court.filing.tables import FilingDocument
from court.filing.uploads import SPOOL_WRITE_BYTES, spool
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
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
    answers = await asyncio.gather(
        *(upload(client, h, fid, pdf, name=f"证据{i}.pdf") for i, pdf in enumerate(pdfs))
    )
    assert [r.status_code for r in answers] == [201] * 4, [r.text for r in answers]
    assert sorted(r.json()["position"] for r in answers) == [0, 1, 2, 3]


async def test_an_upload_of_at_most_one_part_is_kept_as_the_very_bytes_written_and_hashed(
    tmp_path: Path,
) -> None:
    data = os.urandom(2 * SPOOL_WRITE_BYTES + 777)
    for keep in (len(data), len(data) + 1):
        spooled = await spool(
            _chunks(data, [65_536] * 40 + [0, 5]), tmp_path, max_bytes=len(data), keep_in_memory=keep
        )
        try:
            assert spooled.content is not None and spooled.content.data == data
            assert spooled.content.sha256 == spooled.sha256 == hashlib.sha256(data).hexdigest()
            assert spooled.path.read_bytes() == data  # the sandbox reads the file
        finally:
            spooled.release()
            spooled.path.unlink()


async def test_uploads_together_keep_no_more_than_the_process_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "KEPT_BYTES_BUDGET", 3 * SPOOL_WRITE_BYTES)
    assert uploads.KEPT_BUDGET.held == 0
    data = os.urandom(2 * SPOOL_WRITE_BYTES)
    keep = uploads.KEEP_IN_MEMORY_BYTES
    first = await spool(_chunks(data, [65_536] * 40), tmp_path, max_bytes=len(data), keep_in_memory=keep)
    # the second would pass the budget part-way: it goes to its file, whole and hashed, and gives back what it held
    second = await spool(_chunks(data, [65_536] * 40), tmp_path, max_bytes=len(data), keep_in_memory=keep)
    try:
        assert first.content is not None and uploads.KEPT_BUDGET.held == len(data)
        assert second.content is None and second.path.read_bytes() == data
        assert second.sha256 == hashlib.sha256(data).hexdigest()
        first.release()
        first.release()  # once only
        assert uploads.KEPT_BUDGET.held == 0 and first.content is None
        third = await spool(_chunks(data, [65_536] * 40), tmp_path, max_bytes=len(data), keep_in_memory=keep)
        assert third.content is not None  # the budget was given back
        third.release()
        third.path.unlink()
    finally:
        first.path.unlink()
        second.path.unlink()
    assert uploads.KEPT_BUDGET.held == 0


async def test_an_upload_refused_as_too_large_gives_its_kept_bytes_back(tmp_path: Path) -> None:
    data = os.urandom(SPOOL_WRITE_BYTES)
    with pytest.raises(uploads.PayloadTooLarge):
        await spool(
            _chunks(data, [65_536] * 16),
            tmp_path,
            max_bytes=len(data) - 1,
            keep_in_memory=uploads.KEEP_IN_MEMORY_BYTES,
        )
    assert uploads.KEPT_BUDGET.held == 0


async def test_a_larger_upload_is_not_kept_and_goes_to_disk_a_block_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks: list[int] = []
    real_write = uploads._write_block

    def spy(out: Any, digest: Any, block: bytearray) -> None:
        blocks.append(len(block))
        real_write(out, digest, block)

    monkeypatch.setattr(uploads, "_write_block", spy)
    data = os.urandom(5 * SPOOL_WRITE_BYTES + 4321)
    keep = 3 * SPOOL_WRITE_BYTES  # passed part-way: what was kept so far is written out in blocks too
    spooled = await spool(_chunks(data, [65_536] * 80), tmp_path, max_bytes=len(data), keep_in_memory=keep)
    try:
        assert spooled.content is None
        assert spooled.path.read_bytes() == data and spooled.sha256 == hashlib.sha256(data).hexdigest()
        assert sum(blocks) == len(data) and max(blocks) < SPOOL_WRITE_BYTES + 65_536
    finally:
        spooled.path.unlink()


async def test_a_small_upload_is_stored_from_memory_and_a_large_one_from_its_spool_file(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = client._transport.app.state.runtime
    calls: list[str] = []

    def recorded(name: str) -> Any:
        real = getattr(runtime.blobs, name)

        def put(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return put

    for name in ("put_bytes_content_addressed", "put_file_content_addressed"):
        monkeypatch.setattr(runtime.blobs, name, recorded(name))
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    small = make_pdf(["小于一个分块的证据"], padding=200_000)
    large = make_pdf(["大于保留上限的证据"], padding=200_000)
    for pdf, keep, path in (
        (small, 300_000, "put_bytes_content_addressed"),
        (large, 150_000, "put_file_content_addressed"),
    ):
        monkeypatch.setattr(uploads, "KEEP_IN_MEMORY_BYTES", keep)
        calls.clear()
        r = await upload(client, h, fid, pdf, kind="evidence")
        assert r.status_code == 201, r.text
        assert calls == [path]
        doc = r.json()
        assert doc["sha256"] == hashlib.sha256(pdf).hexdigest() and doc["size"] == len(pdf)
        assert b"".join(runtime.blobs.iter_chunks(doc["blob_key"])) == pdf
        assert uploads.KEPT_BUDGET.held == 0  # given back once the document was stored


async def test_authorize_reads_the_filing_and_its_party_users_in_one_statement(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from court.accounts.policy import Action
    from court.accounts.service import authenticate
    from court.accounts.tables import User
    from court.filing import service
    from court.filing.tables import Filing, FilingParty

    h = await sign_in(client, "litigant.wang")
    principal, _ = await authenticate(h["Authorization"].removeprefix("Bearer "))
    other = await User.select(User.id).where(User.username != "litigant.wang").first()
    alone = await create_filing(client, h)
    linked = await create_filing(client, h)
    for user_id in (principal.user_id, other["id"]):
        r = await client.post(
            f"/api/v1/filings/{linked}/parties",
            headers=h,
            json={"role": "defendant", "name": f"关联用户{user_id}", "user_id": user_id},
        )
        assert r.status_code == 201, r.text
    expected = {}
    for fid in (alone, linked):
        filing = await service.load_filing(fid)
        expected[fid] = (filing, (await service.resource_of(filing)).party_user_ids)
    assert expected[alone][1] == frozenset() and expected[linked][1] == {principal.user_id, other["id"]}

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("authorize ran a query of its own for the filing or its parties")

    monkeypatch.setattr(Filing, "select", refused)
    monkeypatch.setattr(FilingParty, "select", refused)
    for fid in (alone, linked):
        assert await service._filing_and_party_users(fid) == expected[fid]
        assert await service.authorize(principal, Action.EDIT, fid) == expected[fid][0]
    with pytest.raises(NotFound):
        await service.authorize(principal, Action.VIEW, 10**9)
