"""CSRF (court.web.csrf): what a form, an HTMX call and a cookie-authenticated API call must echo, and who needs nothing."""

from __future__ import annotations

from typing import Any

import httpx

from court.demo import DEMO_PASSWORD
from court.i18n import translate
from court.web.csrf import CSRF_COOKIE
from tests.conftest import app_for, sign_in
from tests.web.forms import FILING_FORM, csrf_of, sign_in_by_form


def _refused(r: Any, words: str) -> None:
    assert r.status_code == 403, (r.status_code, r.text[:300])
    assert words in r.text, r.text[:500]


async def test_a_form_without_its_token_is_refused_in_the_users_language(client: Any) -> None:
    await client.get("/sign-in")
    form = {"username": "litigant.wang", "password": DEMO_PASSWORD}
    zh = await client.post("/sign-in", data=form)
    _refused(zh, "页面已过期或请求来源不明")
    assert "court_session" not in zh.headers.get("set-cookie", "")
    en = await client.post("/sign-in", data=form, headers={"accept-language": "en"})
    _refused(en, "The page has expired")


async def test_a_wrong_or_forged_token_is_refused(client: Any) -> None:
    token = await sign_in_by_form(client, "litigant.wang")
    _refused(await client.post("/filings/new", data={**FILING_FORM, "csrf_token": token + "x"}), "页面已过期")
    # A token the server never signed, in the cookie and the field alike (a cookie planted by a sibling host).
    forged = "nonce." + "0" * 32
    client.cookies.set(CSRF_COOKIE, forged)
    _refused(await client.post("/filings/new", data={**FILING_FORM, "csrf_token": forged}), "页面已过期")


async def test_a_token_from_another_browser_is_refused(client: Any, seeded: Any) -> None:
    await sign_in_by_form(client, "litigant.wang")
    app = app_for(seeded)  # the same server: another browser is another client with its own cookies
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as other:
        theirs = csrf_of((await other.get("/sign-in")).text)  # a genuine token, minted for the other browser
    _refused(await client.post("/filings/new", data={**FILING_FORM, "csrf_token": theirs}), "页面已过期")
    # Without a CSRF cookie of its own, a browser cannot use a token at all.
    client.cookies.delete(CSRF_COOKIE)
    _refused(await client.post("/filings/new", data={**FILING_FORM, "csrf_token": theirs}), "页面已过期")


async def test_htmx_sends_the_token_in_its_header(client: Any) -> None:
    token = await sign_in_by_form(client, "litigant.wang")
    hx = {"HX-Request": "true"}
    made = await client.post("/filings/new", data=FILING_FORM, headers={**hx, "X-CSRF-Token": token})
    assert made.status_code in (200, 302, 303), made.text[:300]
    wrong = await client.post("/filings/new", data=FILING_FORM, headers={**hx, "X-CSRF-Token": token[:-1]})
    # htmx swaps no error response, so the refusal goes to the page's live region (court.web.access.page_error),
    # in the signed-in user's own language.
    assert wrong.headers.get("hx-retarget") == "#messages" and "页面已过期" in wrong.text, wrong.text[:300]
    assert "location" not in wrong.headers


async def test_cookie_api_calls_need_the_header_and_are_refused_with_a_problem(client: Any) -> None:
    token = await sign_in_by_form(client, "litigant.wang")
    body = {"receiving_court_code": "浙0106"}
    refused = await client.post("/api/v1/filings", json=body, headers={"accept-language": "en"})
    assert refused.status_code == 403 and refused.headers["content-type"].startswith(
        "application/problem+json"
    )
    assert refused.json()["detail"] == translate("csrf_failed", "en")
    zh = await client.post("/api/v1/filings", json=body)
    assert zh.status_code == 403 and zh.json()["detail"] == translate("csrf_failed", "zh_CN")
    assert (
        await client.post("/api/v1/filings", json=body, headers={"X-CSRF-Token": token})
    ).status_code == 201


async def test_bearer_token_api_calls_need_no_csrf_token(client: Any) -> None:
    bearer = await sign_in(client, "litigant.wang")
    assert (
        await client.post("/api/v1/filings", json={"receiving_court_code": "浙0106"}, headers=bearer)
    ).status_code == 201


async def test_signed_callbacks_need_no_csrf_token_even_with_a_browsers_cookies(client: Any) -> None:
    # A gateway never holds a CSRF token; its signature is what is checked, cookies or not.
    await sign_in_by_form(client, "litigant.wang")
    assert client.cookies.get(CSRF_COOKIE) and client.cookies.get("court_session")
    for path in ("/api/v1/service/sms-callback", "/api/v1/payments/callback/simulated"):
        r = await client.post(
            path, content=b'{"callback_id": "x"}', headers={"content-type": "application/json"}
        )
        assert r.status_code != 403 and r.json()["detail"] != translate("csrf_failed", "zh_CN"), (
            path,
            r.text[:300],
        )
        assert 400 <= r.status_code < 500  # refused for its signature, not for CSRF
