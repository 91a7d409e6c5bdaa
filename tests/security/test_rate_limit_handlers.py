"""Rate limits belong to handlers, not paths: a moved route keeps its limit, and the limiter authenticates once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from court import app as court_app
from court.accounts import service as accounts_service
from court.accounts.web import AuthController
from court.bootstrap import Runtime
from court.demo import DEMO_PASSWORD
from court.filing.web import FilingController
from court.web import ratelimit
from court.web.ratelimit import RATE_LIMIT_OPT, Limit
from tests.conftest import sign_in
from tests.web.forms import csrf_of, sign_in_by_form

WRONG = {"username": "litigant.wang", "password": "wrong-password"}


class MovedAuth(AuthController):
    path = "/api/v2/accounts"


class MovedFilings(FilingController):
    path = "/api/v2/cases-to-be"


@pytest.fixture
async def moved_client(seeded: Runtime, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """The app with sign-in and filing creation served under new paths (the old ones gone)."""
    original = court_app.route_handlers

    def moved() -> list[Any]:
        swap = {AuthController: MovedAuth, FilingController: MovedFilings}
        return [swap.get(handler, handler) for handler in original()]

    monkeypatch.setattr(court_app, "route_handlers", moved)
    app = court_app.create_app(runtime=seeded, run_jobs=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


async def test_a_sign_in_moved_to_another_path_keeps_its_limit(
    moved_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "sign_in", Limit(requests=2, window=60))
    assert (await moved_client.post("/api/v1/auth/sign-in", json=WRONG)).status_code == 404  # really moved
    codes = [(await moved_client.post("/api/v2/accounts/sign-in", json=WRONG)).status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    # Still one bucket with every other door to signing in.
    assert (await moved_client.post("/sign-in", data=WRONG)).status_code == 429


async def test_a_filing_creation_moved_to_another_path_keeps_its_limit(
    moved_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "filing", Limit(requests=1, window=60))
    signed = await moved_client.post(
        "/api/v2/accounts/sign-in", json={"username": "litigant.wang", "password": DEMO_PASSWORD}
    )
    moved_client.cookies.clear()
    wang = {"Authorization": f"Bearer {signed.json()['token']}"}
    body = {"receiving_court_code": "浙0106"}
    made = [
        (await moved_client.post("/api/v2/cases-to-be", json=body, headers=wang)).status_code
        for _ in range(2)
    ]
    assert made == [201, 429]


def test_the_limited_handlers_are_the_doors_to_signing_in_and_filing_and_each_runs_the_limiter() -> None:
    app = court_app.create_app()
    limited: dict[str, set[str]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            name = handler.opt.get(RATE_LIMIT_OPT)
            if name is None:
                continue
            assert name in ratelimit.LIMITS and name in ratelimit.BUCKETS, name
            # before_request is layered (the closest layer wins): a controller's own hook would drop the limit. The
            # app's hook (court.app.before_request) loads the courts' names, then runs the limiter (the 429 tests
            # above show it counts).
            assert handler.resolve_before_request() is court_app.before_request, route.path
            limited.setdefault(name, set()).add(f"{handler.handler_name}@{route.path}")
    assert {name: len(doors) for name, doors in limited.items()} == {"sign_in": 4, "filing": 3}


def test_a_handler_cannot_name_a_limit_that_does_not_exist() -> None:
    with pytest.raises(KeyError):
        ratelimit.rate_limited("sign-in")


@pytest.fixture
def credential_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every authentication's database lookup of a token, counted."""
    calls: list[str] = []
    lookup = accounts_service._credential_row

    async def counted(token_hash: str) -> Any:
        calls.append(token_hash)
        return await lookup(token_hash)

    monkeypatch.setattr(accounts_service, "_credential_row", counted)
    return calls


async def test_a_rate_limited_api_call_authenticates_once(client: Any, credential_lookups: list[str]) -> None:
    wang = await sign_in(client, "litigant.wang")
    credential_lookups.clear()
    r = await client.post("/api/v1/filings", json={"receiving_court_code": "浙0106"}, headers=wang)
    assert r.status_code == 201, r.text
    assert len(credential_lookups) == 1


async def test_a_rate_limited_page_form_authenticates_once(
    client: Any, credential_lookups: list[str]
) -> None:
    await sign_in_by_form(client, "litigant.wang")
    token = csrf_of((await client.get("/filings/new")).text)
    credential_lookups.clear()
    r = await client.post(
        "/filings/new", data={"csrf_token": token, "receiving_court_code": "浙0106", "case_type": "civil"}
    )
    assert r.status_code in (302, 303), r.text[:300]
    assert len(credential_lookups) == 1


async def test_a_refused_token_is_looked_up_once_too(client: Any, credential_lookups: list[str]) -> None:
    r = await client.post(
        "/api/v1/filings",
        json={"receiving_court_code": "浙0106"},
        headers={"Authorization": "Bearer not-a-token"},
    )
    assert r.status_code == 401
    assert len(credential_lookups) == 1
