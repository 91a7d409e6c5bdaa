"""Court documents through the API on both engines: draft from the case, versions, signing once, public checks."""

from __future__ import annotations

import asyncio
import hashlib
import io
from typing import Any

import pytest
from pypdf import PdfReader

from court.audit.chain import verify as verify_audit
from court.audit.tables import AuditEvent
from court.cases import service as cases
from court.documents.tables import CourtDocumentVersion
from tests.cases.test_case_handling import registered, user_id
from tests.cases.test_registration import principal
from tests.conftest import sign_in


async def assigned_case() -> dict[str, Any]:
    case = await registered()
    await cases.assign_case(
        await principal("clerk.xihu"), case["id"], judge_id=await user_id("judge.xihu"), reason="指定承办"
    )
    return await cases.load_case(case["id"])


async def draft(client: Any, headers: dict[str, str], case_id: int, kind: str) -> Any:
    return await client.post(f"/api/v1/cases/{case_id}/court-documents", json={"kind": kind}, headers=headers)


async def test_a_judge_drafts_edits_and_signs_a_judgment_and_anyone_verifies_it(client: Any) -> None:
    case = await assigned_case()
    judge = await sign_in(client, "judge.xihu")
    r = await draft(client, judge, case["id"], "judgment")
    assert r.status_code == 201, r.text
    document = r.json()
    assert document["title"] == "民事判决书" and document["current_version"] == 1
    assert document["content"]["header"]["number"] == case["number"]
    sections = {s["key"]: s["text"] for s in document["content"]["sections"]}
    assert "王丽华" in sections["parties"] and "判令被告归还借款" in sections["claims"]
    # The fee on the draft is the one registration assessed (Fee Measures Art 13(1): 150,000 → 3,300 yuan).
    assert case["fee_notice"]["fee"] == "3300.00" and "3300.00元" in sections["fee"]

    r = await client.put(
        f"/api/v1/court-documents/{document['id']}",
        headers=judge,
        json={
            "base_version": 1,
            "sections": {"facts": "本院经审理认定事实如下：被告向原告借款150000元，至今未还。"},
        },
    )
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["current_version"] == 2 and [v["number"] for v in edited["versions"]] == [1, 2]
    assert edited["versions"][0]["sha256"] != edited["versions"][1]["sha256"]
    stale = await client.put(
        f"/api/v1/court-documents/{document['id']}",
        headers=judge,
        json={"base_version": 1, "sections": {"facts": "覆盖"}},
    )
    assert stale.status_code == 409  # saved from an old version: refused, not overwritten

    r = await client.post(
        f"/api/v1/court-documents/{document['id']}/sign", headers=judge, json={"version": 2}
    )
    assert r.status_code == 200, r.text
    signed = r.json()
    assert (
        signed["status"] == "signed"
        and signed["signed_version"] == 2
        and len(signed["verification_code"]) == 19
    )

    # Signed means frozen: no new version, no second signature.
    r = await client.put(
        f"/api/v1/court-documents/{document['id']}",
        headers=judge,
        json={"base_version": 2, "sections": {"facts": "改"}},
    )
    assert r.status_code == 409
    assert (
        await client.post(
            f"/api/v1/court-documents/{document['id']}/sign", headers=judge, json={"version": 2}
        )
    ).status_code == 409
    assert await CourtDocumentVersion.count().where(CourtDocumentVersion.document == document["id"]) == 2

    pdf = await client.get(f"/api/v1/court-documents/{document['id']}/pdf", headers=judge)
    assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == signed["pdf_sha256"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "被告向原告借款150000元" in text and signed["verification_code"] in text

    client.cookies.clear()
    by_code = await client.get(
        f"/api/v1/verify/{signed['verification_code'].lower().replace('-', '')}"
    )  # typed by hand
    assert by_code.status_code == 200, by_code.text
    answer = by_code.json()
    assert answer["valid"] is True and answer["signer_court"] == "杭州市西湖区人民法院"
    assert (
        answer["document"]["case_number"] == case["number"]
        and answer["document_sha256"] == signed["pdf_sha256"]
    )
    assert "王丽华" not in by_code.text  # the public check names no party

    uploaded = await client.post(
        "/api/v1/verify", content=pdf.content, headers={"content-type": "application/pdf"}
    )
    assert (
        uploaded.json()["valid"] is True
        and uploaded.json()["document"]["verification_code"] == signed["verification_code"]
    )
    tampered = bytearray(pdf.content)
    tampered[len(tampered) // 2] ^= 0x01
    bad = await client.post(
        "/api/v1/verify", content=bytes(tampered), headers={"content-type": "application/pdf"}
    )
    assert bad.status_code == 200 and bad.json()["valid"] is False and bad.json()["document"] is None
    assert (await client.get("/api/v1/verify/AAAA-BBBB-CCCC-DDDD")).status_code == 404

    actions = [
        r["action"]
        for r in await AuditEvent.select(AuditEvent.action).where(AuditEvent.subject_type == "court_document")
    ]
    assert actions[:3] == ["court_document.drafted", "court_document.edited", "court_document.signed"]
    assert not await verify_audit()


async def test_who_may_draft_sign_and_read(client: Any) -> None:
    case = await assigned_case()
    clerk, judge2, litigant = [
        await sign_in(client, u) for u in ("clerk.xihu", "judge2.xihu", "litigant.wang")
    ]
    # A clerk drafts and signs notices, not judgments; another judge of the court neither.
    assert (await draft(client, clerk, case["id"], "judgment")).status_code == 403
    assert (await draft(client, judge2, case["id"], "acceptance_notice")).status_code == 403
    notice = (await draft(client, clerk, case["id"], "fee_notice")).json()
    assert "3300.00" in notice["content"]["sections"][0]["text"]
    # The party does not see the draft ...
    assert (await client.get(f"/api/v1/court-documents/{notice['id']}", headers=litigant)).status_code == 403
    assert (await client.get(f"/api/v1/cases/{case['id']}/court-documents", headers=litigant)).json() == []
    r = await client.post(f"/api/v1/court-documents/{notice['id']}/sign", headers=clerk, json={"version": 1})
    assert r.status_code == 200, r.text
    # ... and reads it once signed.
    assert (
        await client.get(f"/api/v1/court-documents/{notice['id']}/pdf", headers=litigant)
    ).status_code == 200
    assert (await draft(client, clerk, case["id"], "no_such_kind")).status_code in (400, 422)
    assert (await draft(client, clerk, case["id"], "summons")).status_code == 409  # no hearing scheduled yet


@pytest.mark.postgres
async def test_two_signatures_at_once_give_one_signed_document(client: Any, runtime: Any) -> None:
    if runtime.settings.database.engine != "postgres":
        pytest.skip("the race is real on PostgreSQL; SQLite serialises writers")
    case = await assigned_case()
    judge = await sign_in(client, "judge.xihu")
    document = (await draft(client, judge, case["id"], "ruling")).json()
    answers = await asyncio.gather(
        *[
            client.post(f"/api/v1/court-documents/{document['id']}/sign", headers=judge, json={"version": 1})
            for _ in range(4)
        ]
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
    signed = [a.json() for a in answers if a.status_code == 200][0]
    final = (await client.get(f"/api/v1/court-documents/{document['id']}", headers=judge)).json()
    assert (
        final["verification_code"] == signed["verification_code"]
        and final["pdf_sha256"] == signed["pdf_sha256"]
    )
    assert await AuditEvent.count().where(AuditEvent.action == "court_document.signed") == 1


@pytest.mark.postgres
async def test_two_editors_saving_from_one_version_keep_one_new_version(client: Any, runtime: Any) -> None:
    if runtime.settings.database.engine != "postgres":
        pytest.skip("the race is real on PostgreSQL; SQLite serialises writers")
    case = await assigned_case()
    judge = await sign_in(client, "judge.xihu")
    document = (await draft(client, judge, case["id"], "judgment")).json()
    answers = await asyncio.gather(
        *[
            client.put(
                f"/api/v1/court-documents/{document['id']}",
                headers=judge,
                json={"base_version": 1, "sections": {"reasoning": f"本院认为，第{i}稿。"}},
            )
            for i in range(4)
        ]
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
    assert await CourtDocumentVersion.count().where(CourtDocumentVersion.document == document["id"]) == 2


async def test_a_hostile_upload_is_refused_by_the_sandbox_before_the_signature_is_parsed(client: Any) -> None:
    for body in (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", b"not a pdf at all"):
        r = await client.post("/api/v1/verify", content=body, headers={"content-type": "application/pdf"})
        assert r.status_code == 200, r.text
        assert r.json()["valid"] is False and r.json()["outcome"] == "unreadable"
    assert (
        await client.post("/api/v1/verify", content=b"", headers={"content-type": "application/pdf"})
    ).status_code == 422
