"""`Cache-Control: no-store` on every response carrying personal data; public resources keep their caching
(issue 15, #10). Before, no response said anything about caching: a filing, a receipt or a case page stayed in a
shared computer's browser cache for the next user of the machine."""

from __future__ import annotations

from typing import Any

from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload


def _cookie(headers: dict[str, str]) -> dict[str, str]:
    return {"cookie": f"court_session={headers['Authorization'].removeprefix('Bearer ')}"}


def _no_store(r: Any) -> bool:
    return "no-store" in r.headers.get("cache-control", "")


async def test_personal_data_is_never_stored_by_a_cache(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, wang)
    doc = (await upload(client, wang, fid, make_pdf())).json()["id"]
    assert (await client.post(f"/api/v1/filings/{fid}/submit", headers=wang)).status_code == 200
    leader = await sign_in(client, "leader.xihu")
    api = [
        ("GET", "/api/v1/me", wang, 200),
        ("GET", "/api/v1/filings", wang, 200),
        ("GET", f"/api/v1/filings/{fid}", wang, 200),
        ("GET", f"/api/v1/filings/{fid}/receipt", wang, 200),
        ("GET", f"/api/v1/filings/{fid}/receipt.pdf", wang, 200),
        ("GET", f"/api/v1/filings/{fid}/documents/{doc}/content", wang, 200),
        ("GET", "/api/v1/courts/浙0106/terminals", leader, 200),  # below the public court entry, not public
        ("GET", "/api/v1/filings/999999", wang, 404),  # errors too: they name what was asked
        ("GET", "/api/v1/me", {}, 401),
    ]
    for method, path, headers, status in api:
        r = await client.request(method, path, headers=headers)
        assert r.status_code == status, (path, r.status_code, r.text[:200])
        assert _no_store(r), f"{method} {path} may be cached: {r.headers.get('cache-control')!r}"
    signed_in = await client.post(
        "/api/v1/auth/sign-in", json={"username": "litigant.wang", "password": "court-demo-2026"}
    )
    assert signed_in.status_code == 200 and _no_store(signed_in)
    client.cookies.clear()
    pages = [
        "/filings",
        f"/filings/{fid}",
        f"/filings/{fid}/documents",
        "/account",
        "/kiosk/help",
        "/filings/999999",
    ]
    for path in pages:
        r = await client.get(path, headers=_cookie(wang))
        assert r.status_code in (200, 404), (path, r.status_code)
        assert _no_store(r), f"signed-in page {path} may be cached"


async def test_public_resources_keep_their_caching(client: Any) -> None:
    client.cookies.clear()
    for path in (
        "/api/v1/courts",
        "/api/v1/courts/浙0106",
        "/api/v1/causes",
        "/api/v1/fees?kind=property&amount=100000",
        "/static/court.css",
        "/sign-in",
        "/register",
        "/kiosk/help",
        "/kiosk/help/fees",
        "/schema/openapi.json",
        "/health",
    ):
        r = await client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        assert not _no_store(r), f"public {path} is marked no-store"
    # The public reference data stays cacheable for a signed-in user too: it is the same for everyone.
    r = await client.get("/api/v1/causes", headers=await sign_in(client, "litigant.wang"))
    assert r.status_code == 200 and not _no_store(r)
