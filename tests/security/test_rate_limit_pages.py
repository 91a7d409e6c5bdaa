"""The rate limiter's refusal: an HTML page in the user's language for page forms, problem+json for the API."""

from __future__ import annotations

from typing import Any

import pytest

from court.demo import DEMO_PASSWORD
from court.web import ratelimit
from court.web.ratelimit import Limit

WRONG = {"username": "litigant.wang", "password": "wrong-password"}


async def _exhaust_sign_in(client: Any) -> None:
    for _ in range(2):
        assert (await client.post("/api/v1/auth/sign-in", json=WRONG)).status_code == 401


@pytest.mark.parametrize(
    ("headers", "cookies", "title", "detail"),
    [
        pytest.param({}, {}, "请求过于频繁，请稍后再试", "秒", id="default-zh_CN"),
        pytest.param(
            {"accept-language": "en-GB,en;q=0.9"},
            {},
            "Too many requests; try again later",
            "seconds",
            id="en-by-header",
        ),
        pytest.param(
            {"accept-language": "en"},
            {"court_lang": "zh_CN"},
            "请求过于频繁，请稍后再试",
            "秒",
            id="cookie-wins",
        ),
    ],
)
async def test_a_sign_in_form_over_the_limit_gets_an_html_page_in_its_language_with_retry_after(
    client: Any,
    monkeypatch: pytest.MonkeyPatch,
    headers: dict[str, str],
    cookies: dict[str, str],
    title: str,
    detail: str,
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "sign_in", Limit(requests=2, window=60))
    await _exhaust_sign_in(client)
    for name, value in cookies.items():
        client.cookies.set(name, value)
    r = await client.post(
        "/sign-in", data={"username": "lawyer.li", "password": DEMO_PASSWORD}, headers=headers
    )
    assert r.status_code == 429
    assert r.headers["content-type"].startswith("text/html"), r.headers["content-type"]
    retry_after = int(r.headers["retry-after"])
    assert 1 <= retry_after <= 120
    assert "<html" in r.text.lower() and title in r.text
    assert (
        f"{retry_after} {detail}" in r.text
    )  # the page says how long to wait, in the same words as the header


async def test_the_api_still_answers_a_problem_when_the_page_form_shares_its_bucket(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "sign_in", Limit(requests=2, window=60))
    await _exhaust_sign_in(client)
    page = await client.post("/sign-in", data=WRONG)
    api = await client.post("/api/v1/auth/sign-in", json=WRONG, headers={"accept": "text/html"})
    assert (page.status_code, api.status_code) == (429, 429)
    assert page.headers["content-type"].startswith("text/html")
    assert api.headers["content-type"].startswith("application/problem+json")
    body = api.json()
    assert (
        body["code"] == "rate_limited"
        and body["status"] == 429
        and body["retry_after"] == int(api.headers["retry-after"])
    )


async def test_an_htmx_form_over_the_limit_gets_the_message_in_the_live_region(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "sign_in", Limit(requests=2, window=60))
    await _exhaust_sign_in(client)
    r = await client.post("/sign-in", data=WRONG, headers={"hx-request": "true", "accept-language": "en"})
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["hx-retarget"] == "#messages" and "Too many requests" in r.text
    assert int(r.headers["retry-after"]) >= 1


def _csrf(html: str) -> str:
    import re

    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match
    return match.group(1)


async def test_the_filing_form_over_the_limit_gets_an_html_page_and_the_api_bucket_is_shared(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The litigant's filings through the API and through the page form count in one bucket; the page is told in
    # HTML, the API in problem+json.
    monkeypatch.setitem(ratelimit.LIMITS, "filing", Limit(requests=1, window=60))
    token = _csrf((await client.get("/sign-in")).text)
    signed = await client.post(
        "/sign-in", data={"username": "litigant.wang", "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert signed.status_code in (302, 303)
    token = _csrf((await client.get("/filings/new")).text)
    first = await client.post(
        "/filings/new", data={"csrf_token": token, "receiving_court_code": "浙0106", "case_type": "civil"}
    )
    assert first.status_code != 429
    page = await client.post(
        "/filings/new",
        data={"csrf_token": token, "receiving_court_code": "浙0106", "case_type": "civil"},
        headers={"accept-language": "en"},
    )
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html"), page.text[:300]
    assert "Too many requests" in page.text and int(page.headers["retry-after"]) >= 1
    api = await client.post(
        "/api/v1/filings", json={"receiving_court_code": "浙0106"}, headers={"x-csrf-token": token}
    )
    assert api.status_code == 429 and api.headers["content-type"].startswith("application/problem+json")
