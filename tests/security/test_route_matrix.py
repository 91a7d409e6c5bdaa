"""Every route under every role: the policy lets through exactly the roles the matrix names.

"Allowed" means the answer is not 401/403 (nor, for a page GET, a redirect to sign in): a 404, 409 or 422 still
proves the policy let the request through to the service. "Denied" means 401/403 or that redirect; on a row whose
path names an object (`seen_by`), a refused role that may not see the object must instead get exactly the 404
the same path gets with a missing id, and a 404 an allowed role gets must not be that one. No answer may be a
5xx. The operator's session lives on its terminal, so its requests carry the device key. The matrix runs on SQLite only: the policy does not depend on the engine, and the route-level
tests elsewhere run on both.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from court.app import create_app
from court.settings import load_settings
from court.web.csrf import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER
from tests.conftest import app_for
from tests.security.route_matrix import ROWS, Row, app_routes
from tests.security.world import ROLES, ResettableCourt, World, csrf_pair, world

SIGN_IN_PAGES = ("/sign-in", "/kiosk/sign-in", "/kiosk/setup")


def _path(template: str, row: Row, w: World) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(w.ids[row.params[name]])

    return re.sub(r"\{(\w+):\w+\}", fill, template)


def _missing_path(template: str) -> str:
    """The path with its first parameter (the object the policy checks first) naming nothing."""
    first = re.search(r"\{(\w+):(\w+)\}", template)
    assert first, template
    missing = "999999" if first.group(2) == "int" else "no-such-token"
    return re.sub(r"\{(\w+):\w+\}", lambda m: missing if m.group(0) == first.group(0) else "1", template)


def _shape(response: httpx.Response) -> Any:
    """A 404 as the caller reads it, less the path and ids it names (pages: the status is what they give away)."""
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return response.status_code
    body = dict(response.json())
    body.pop("instance", None)
    return re.sub(r"\b(\d+|no-such-token|[A-Za-z0-9_-]{40,})\b", "<id>", repr(sorted(body.items())))


def _is_page(path: str) -> bool:
    return not path.startswith("/api/")


async def _call(
    client: httpx.AsyncClient,
    method: str,
    template: str,
    row: Row,
    role: str,
    w: World,
    *,
    missing: bool = False,
) -> httpx.Response:
    path = _missing_path(template) if missing else _path(template, row, w)
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    token = w.tokens.get(role)
    page = _is_page(template)
    if token:
        if page:
            cookies["court_session"] = token
        else:
            headers["authorization"] = f"Bearer {token}"
    if row.device or role == "terminal_operator":
        if page:
            cookies["court_terminal"] = str(w.ids["device_key"])
        else:
            headers["x-terminal-key"] = str(w.ids["device_key"])
    kwargs: dict[str, Any] = {"params": row.query}
    if page and method != "GET":
        cookie, echo = csrf_pair()
        cookies[CSRF_COOKIE] = cookie
        kwargs["data"] = {**(row.form(w) if row.form else {}), CSRF_FIELD: echo}
        headers[CSRF_HEADER] = echo
    elif row.json is not None:
        kwargs["json"] = row.json(w)
    elif row.content is not None:
        kwargs["content"] = row.content
    headers.update(row.headers)
    if cookies:
        headers["cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    client.cookies.clear()
    return await client.request(method, path, headers=headers, **kwargs)


def _denied(method: str, response: httpx.Response) -> bool:
    if response.status_code in (401, 403):
        return True
    location = response.headers.get("location", "")
    return (
        method == "GET"
        and response.status_code in (302, 303, 307)
        and location.split("?")[0] in SIGN_IN_PAGES
    )


def test_every_route_has_a_row(tmp_path: Path) -> None:
    settings = load_settings({}, database_url=f"sqlite:{tmp_path / 'x.sqlite3'}", secret_key="x" * 32)
    served = app_routes(create_app(settings))
    missing = sorted(served - ROWS.keys())
    stale = sorted(ROWS.keys() - served)
    assert not missing, f"routes without a matrix row (add one to tests/security/route_matrix.py): {missing}"
    assert not stale, f"matrix rows for routes the app no longer serves: {stale}"


def _params() -> list[Any]:
    out = []
    for (method, template), row in ROWS.items():
        marks = [pytest.mark.xfail(reason=row.xfail, strict=True)] if row.xfail else []
        out.append(pytest.param(method, template, row, id=f"{method} {template}", marks=marks))
    return out


@pytest.fixture(scope="module")
def court() -> Iterator[ResettableCourt]:
    """One copy of the template court for the whole matrix, put back before every request (ResettableCourt)."""
    with tempfile.TemporaryDirectory(prefix="court-matrix-") as tmp:
        copy = ResettableCourt(Path(tmp))
        try:
            yield copy
        finally:
            copy.close()


@pytest.mark.parametrize(("method", "template", "row"), _params())
async def test_route_under_every_role(method: str, template: str, row: Row, court: ResettableCourt) -> None:
    w = world()
    wrong: list[str] = []
    # The test process's one app (building one costs 0.15 s, tests/conftest.py), pointed at the matrix's court.
    app = app_for(court.activate())
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            for role in ROLES:
                # Every role meets the court as the template holds it: what an earlier request changed (a row
                # written, a sign-in counted, a file stored) is put back first, so one role's success cannot change
                # what the next role is allowed to do.
                court.pristine()
                response = await _call(client, method, template, row, role, w)
                hidden = None
                if (
                    row.seen_by is not None
                    and role != "anonymous"
                    and response.status_code == 404
                    and not (row.sub_missing and role in row.allowed)
                ):
                    absent = await _call(client, method, template, row, role, w, missing=True)
                    hidden = _shape(response) == _shape(absent)
                assert response.status_code < 500, f"{role}: {response.status_code} {response.text[:300]}"
                expected = role in row.allowed
                denied = _denied(method, response) or bool(hidden)
                if denied == expected:
                    verdict = "denied" if expected else "allowed"
                    wrong.append(f"{role} was {verdict} ({response.status_code} {response.text[:120]!r})")
                elif not expected and row.seen_by is not None and role != "anonymous":
                    # Refused, but how: 404 as for a missing id when the role may not see the object, else 403.
                    if role in row.seen_by and hidden:
                        wrong.append(f"{role} may see the object but was told it does not exist")
                    if role not in row.seen_by and not hidden:
                        wrong.append(
                            f"{role} may not see the object but learnt it exists ({response.status_code})"
                        )
    finally:
        app.state.runtime = None
    assert not wrong, f"{method} {template}: " + "; ".join(wrong)
