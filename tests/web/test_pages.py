"""The pages over the app's services: sign-in with CSRF, language, the litigant's filing, the clerk's review."""

from __future__ import annotations

from typing import Any

from court.demo import DEMO_PASSWORD
from tests.web.forms import csrf_of as _csrf
from tests.web.forms import post_new_filing


async def _sign_in(c: Any, username: str) -> str:
    c.cookies.clear()
    token = _csrf((await c.get("/sign-in")).text)
    r = await c.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
    assert r.status_code in (302, 303), r.text[:500]
    cookie = r.headers["set-cookie"].lower()
    assert "court_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    return token


async def test_pages_speak_chinese_by_default_and_english_on_request(client: Any) -> None:
    zh = await client.get("/sign-in")
    assert zh.status_code == 200 and '<html lang="zh-CN">' in zh.text and "<h1>登录</h1>" in zh.text
    token = _csrf(zh.text)
    switched = await client.post("/language", data={"locale": "en", "next": "/sign-in", "csrf_token": token})
    assert switched.status_code in (302, 303) and "court_lang=en" in switched.headers["set-cookie"]
    en = await client.get("/sign-in")
    assert "<h1>Sign in</h1>" in en.text


async def test_sign_in_form_without_csrf_token_is_refused(client: Any) -> None:
    await client.get("/sign-in")
    r = await client.post("/sign-in", data={"username": "litigant.wang", "password": DEMO_PASSWORD})
    assert r.status_code == 403 and "court_session" not in r.headers.get("set-cookie", "")


async def test_cookie_api_writes_need_the_csrf_header_but_bearer_writes_do_not(client: Any) -> None:
    token = await _sign_in(client, "litigant.wang")
    body = {"receiving_court_code": "浙0106"}
    assert (await client.post("/api/v1/filings/", json=body)).status_code == 403
    assert (
        await client.post("/api/v1/filings/", json=body, headers={"X-CSRF-Token": token + "x"})
    ).status_code == 403
    assert (
        await client.post("/api/v1/filings/", json=body, headers={"X-CSRF-Token": token})
    ).status_code == 201
    signed = await client.post(
        "/api/v1/auth/sign-in", json={"username": "litigant.wang", "password": DEMO_PASSWORD}
    )
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {signed.json()['token']}"}
    assert (await client.post("/api/v1/filings/", json=body, headers=bearer)).status_code == 201


async def test_litigant_builds_a_filing_and_sees_the_fee_before_submitting(client: Any) -> None:
    token = await _sign_in(client, "litigant.wang")
    r = await post_new_filing(client, token, cause_name="民间借贷纠纷")
    assert r.status_code in (302, 303)
    where = r.headers["location"]
    hx = {"HX-Request": "true", "X-CSRF-Token": token}
    party = await client.post(
        f"{where}/parties", data={"role": "plaintiff", "name": "王丽华", "kind": "person"}, headers=hx
    )
    assert party.status_code == 200 and "王丽华" in party.text
    claim = await client.post(
        f"{where}/claims", data={"text": "判令被告归还借款", "amount": "100000"}, headers=hx
    )
    # Fee Measures Art. 13(1): 100,000 yuan in dispute → 2,300 yuan.
    assert claim.status_code == 200 and "¥2,300.00" in claim.text and 'hx-swap-oob="true"' in claim.text
    lacking = await client.post(f"{where}/submit", data={"csrf_token": token})
    assert lacking.status_code == 422 and 'role="alert"' in lacking.text


async def test_a_litigant_cannot_open_the_clerk_review_of_another_filing(client: Any) -> None:
    token = await _sign_in(client, "lawyer.li")
    r = await post_new_filing(client, token)
    filing = r.headers["location"].rsplit("/", 1)[1]
    await _sign_in(client, "litigant.wang")
    # Someone else's filing is "not found", as a missing id is (issue 15: no enumeration of ids).
    assert (await client.get(f"/filings/{filing}")).status_code == 404
    assert (await client.get(f"/clerk/filings/{filing}")).status_code == 404


async def test_pages_redirect_to_sign_in_and_back(client: Any) -> None:
    client.cookies.clear()
    r = await client.get("/clerk", follow_redirects=False)
    assert r.status_code in (302, 303) and r.headers["location"].startswith("/sign-in?next=/clerk")
