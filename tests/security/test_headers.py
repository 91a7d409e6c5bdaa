"""Security headers on every kind of response: pages, API, errors of each kind, static files, the schema."""

from __future__ import annotations

from typing import Any

import pytest

from court.app import SECURITY_HEADERS
from tests.conftest import sign_in

REQUESTS = [
    ("GET", "/sign-in", None, 200),  # a page
    ("GET", "/api/v1/courts", None, 200),  # the API
    ("GET", "/api/v1/me", None, 401),  # not signed in
    ("GET", "/api/v1/filings/999999", "litigant.wang", 404),  # API not found
    ("GET", "/filings/999999", "litigant.wang", 404),  # page not found
    ("GET", "/clerk", "litigant.wang", 403),  # page forbidden
    ("DELETE", "/api/v1/courts", None, 405),  # method not allowed
    ("POST", "/api/v1/auth/sign-in", None, 400),  # malformed body
    ("GET", "/no/such/route", None, 404),  # router miss
    ("GET", "/static/court.css", None, 200),  # static
    ("GET", "/schema/openapi.json", None, 200),  # the schema
    ("GET", "/health", None, 200),
]


@pytest.mark.parametrize(
    ("method", "path", "user", "status"), REQUESTS, ids=[f"{m} {p}" for m, p, _, _ in REQUESTS]
)
async def test_every_response_carries_the_security_headers(
    client: Any, method: str, path: str, user: str | None, status: int
) -> None:
    headers = await sign_in(client, user) if user else {}
    if user and not path.startswith("/api/"):
        # Pages read the session cookie, not a bearer header.
        headers = {"cookie": f"court_session={headers['Authorization'].removeprefix('Bearer ')}"}
    r = await client.request(
        method, path, headers=headers, content=b"{not json" if method == "POST" else None
    )
    assert r.status_code == status, r.text[:200]
    missing = {k: v for k, v in SECURITY_HEADERS.items() if r.headers.get(k) != v}
    assert not missing, f"missing or different on {method} {path}: {sorted(missing)}"
