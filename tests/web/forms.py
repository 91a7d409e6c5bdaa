"""Signing in through the page form, as a browser does: the CSRF token of the sign-in page, then the form."""

from __future__ import annotations

import re
from typing import Any

from court.demo import DEMO_PASSWORD


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match
    return match.group(1)


async def sign_in_by_form(c: Any, username: str) -> str:
    """Sign `username` in with the page form; returns the CSRF token for the next forms."""
    c.cookies.clear()
    token = csrf_of((await c.get("/sign-in")).text)
    r = await c.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
    assert r.status_code in (302, 303), r.text[:300]
    return token


# The new-filing page form's fields that every test fills the same way.
FILING_FORM = {"receiving_court_code": "浙0106", "case_type": "civil", "procedure": "ordinary"}


async def post_new_filing(c: Any, token: str, **fields: str) -> Any:
    """Submit the new-filing page form (a civil, ordinary filing at 浙0106) with `fields` besides."""
    return await c.post("/filings/new", data={"csrf_token": token, **FILING_FORM, **fields})
