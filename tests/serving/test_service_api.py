"""The service (送达) API on both engines: address confirmation with the field named, serving, a clerk's record,
the SMS gateway's signed delivery report (forged 422, replay 409), deadlines, the receipt PDF and the inbox."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from typing import Any

import msgspec
from pypdf import PdfReader

from court.jobs.runners import run_job
from testkit.settings import SECRET
from tests.conftest import sign_in
from tests.serving.helpers import parties, signed_document


def _signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "x-court-signature": hmac.new(secret.encode(), body, "sha256").hexdigest(),
    }


async def test_serving_over_the_api_with_a_signed_sms_delivery_report(client: Any, seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    both = await parties(case["id"])
    judge = await sign_in(client, "judge.xihu")
    litigant = await sign_in(client, "litigant.wang")
    r = await client.put(
        f"/api/v1/case-parties/{both['plaintiff']['id']}/service-address",
        headers=litigant,
        json={"mobile": "1381234", "consent_electronic": True},
    )
    assert r.status_code == 422 and r.json()["field"] == "mobile"
    r = await client.put(
        f"/api/v1/case-parties/{both['plaintiff']['id']}/service-address",
        headers=litigant,
        json={"mobile": "13812345678", "consent_electronic": True, "fax": "x"},
    )
    assert r.status_code in (400, 422)  # unknown field refused
    r = await client.put(
        f"/api/v1/case-parties/{both['plaintiff']['id']}/service-address",
        headers=litigant,
        json={"postal_address": "杭" * 256},
    )
    assert r.status_code in (400, 422)  # longer than the column: refused, never a database error
    r = await client.post(
        f"/api/v1/court-documents/{judgment['id']}/services",
        headers=judge,
        json={"parties": [2**40], "channels": ["inbox"]},
    )
    assert r.status_code in (400, 422)
    r = await client.put(
        f"/api/v1/case-parties/{both['plaintiff']['id']}/service-address",
        headers=litigant,
        json={"mobile": "13812345678", "consent_electronic": True},
    )
    assert r.status_code == 200, r.text
    r = await client.post(
        f"/api/v1/court-documents/{judgment['id']}/services",
        headers=litigant,
        json={"parties": [both["plaintiff"]["id"]], "channels": ["sms"]},
    )
    assert r.status_code == 403  # parties do not serve
    r = await client.post(
        f"/api/v1/court-documents/{judgment['id']}/services",
        headers=judge,
        json={"parties": [both["plaintiff"]["id"], both["defendant"]["id"]], "channels": ["sms"]},
    )
    # The defendant has not consented to electronic service (CPL Art 90): refused, naming it, nothing started.
    assert (
        r.status_code == 422
        and r.json()["field"] == "channels"
        and r.json()["party"] == both["defendant"]["id"]
    )
    r = await client.post(
        f"/api/v1/court-documents/{judgment['id']}/services",
        headers=judge,
        json={"parties": [both["plaintiff"]["id"]], "channels": ["sms", "inbox"]},
    )
    assert r.status_code == 201, r.text
    [service] = r.json()
    await run_job(service["attempts"][0]["job_id"], seeded)
    services = (await client.get(f"/api/v1/cases/{case['id']}/services", headers=judge)).json()
    message_id = services[0]["attempts"][0]["external_id"]

    body = json.dumps(
        {
            "callback_id": "gw-1",
            "message_id": message_id,
            "status": "delivered",
            "at": "2026-12-03T10:00:00+08:00",
        }
    ).encode()
    forged = await client.post("/api/v1/service/sms-callback", content=body, headers=_signed(body, "guess"))
    assert forged.status_code == 422 and forged.json()["field"] == "x-court-signature"
    odd = await client.post(
        "/api/v1/service/sms-callback",
        content=body,
        headers={"content-type": "application/json", "x-court-signature": ("ü" * 64).encode("latin-1")},
    )
    assert odd.status_code == 422  # a non-ASCII signature is a forgery too, not a server error
    ok = await client.post("/api/v1/service/sms-callback", content=body, headers=_signed(body))
    assert ok.status_code == 200 and ok.json()["status"] == "served", ok.text
    replay = await client.post("/api/v1/service/sms-callback", content=body, headers=_signed(body))
    assert replay.status_code == 409

    deadlines = (await client.get(f"/api/v1/cases/{case['id']}/service-deadlines", headers=litigant)).json()
    # 2026-12-03 + 15 days = 12-18, a Friday (CPL Art 171, Art 85 counting).
    assert [(d["kind"], d["deadline"], d["article"]) for d in deadlines] == [
        ("appeal_judgment", "2026-12-18", "CPL Art 171")
    ]

    receipt = await client.get(f"/api/v1/services/{service['id']}/receipt", headers=judge)
    assert receipt.status_code == 200 and receipt.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.content)).pages)
    assert (
        "送 达 回 证" in text
        and case["number"] in text
        and "2026-12-03" in text
        and judgment["pdf_sha256"] in text
    )

    inbox = (await client.get("/api/v1/me/service-inbox", headers=litigant)).json()
    assert inbox["deadlines"][0]["article_zh"] == "《民事诉讼法》第171条"
    # InboxOut answers what the service's plain data encodes to (the page renders the same data), key for key.
    from court.serving import flow
    from tests.cases.test_registration import principal

    assert inbox == msgspec.json.decode(
        msgspec.json.encode(await flow.inbox(await principal("litigant.wang")))
    )
    assert [s["channel"] for s in inbox["served"]] == ["sms"]
    other = await client.get(f"/api/v1/me/service-inbox/{inbox['served'][0]['id']}/pdf", headers=judge)
    assert other.status_code == 403
    pdf = await client.get(f"/api/v1/me/service-inbox/{inbox['served'][0]['id']}/pdf", headers=litigant)
    assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == judgment["pdf_sha256"]
    opened = (await client.get(f"/api/v1/cases/{case['id']}/services", headers=judge)).json()[0]["attempts"][
        0
    ]
    assert opened["opened_at"] is not None


async def test_the_address_form_redirects_only_within_the_site(client: Any, seeded: Any) -> None:
    """The page form's `next` is a path on this site; `//host` and `/\\host` (an open redirect) go to /my/service."""
    from tests.web.forms import sign_in_by_form

    case, _ = await signed_document(seeded)
    both = await parties(case["id"])
    token = await sign_in_by_form(client, "litigant.wang")
    for target, expected in (
        ("/my-cases", "/my-cases"),
        ("//evil.example/x", "/my/service"),
        ("/\\evil.example", "/my/service"),
        ("https://evil.example", "/my/service"),
    ):
        r = await client.post(
            f"/parties/{both['plaintiff']['id']}/service-address",
            data={"mobile": "13812345678", "consent_electronic": "yes", "next": target, "csrf_token": token},
        )
        assert r.status_code in (302, 303), r.text[:300]
        assert r.headers["location"] == expected
