"""Hostile input by hand: oversize and malformed bodies, Unicode edge cases and injection attempts in text fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
from markupsafe import escape

from testkit.pdfs import make_pdf
from tests.security.world import World

UNICODE_NAMES = {
    "rare_cjk_extension_b": "𠀀𪚥王",  # U+20000 and a 4-byte CJK Extension B character
    "rare_cjk_extension_a": "王䶮",  # U+4DAE, the character of a famous name unavailable in GB2312
    "combining_marks": "Zoe\u0308 Jose\u0301",  # decomposed, must not be normalised away
    "full_width": "ＡＢＣ有限公司１２３",
    "half_width_katakana": "ｶﾀｶﾅ株式会社",
    "rtl_marks": "\u200f王\u200e丽华\u202b",
    "zero_width_joiner": "家庭👨\u200d👩\u200d👧成员\u200c",
}
INJECTIONS = {
    "sql": "'); DROP TABLE court_filing; --",
    "script": "<script>alert('x')</script>",
    "template": "{{7*7}}{% raw %}${7*7}",
    "csv_formula": "=cmd|' /C calc'!A0",
    "attribute": '" onmouseover="alert(1)',
}


def _bearer(w: World, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {w.tokens[role]}"}


def _cookie(w: World, role: str) -> dict[str, str]:
    return {"cookie": f"court_session={w.tokens[role]}"}


async def test_an_oversize_json_body_is_refused_with_413(world_client: Any, court_world: World) -> None:
    body = json.dumps({"receiving_court_code": "浙0106", "summary": "长" * (1024 * 1024)})
    r = await world_client.post(
        "/api/v1/filings",
        content=body,
        headers={**_bearer(court_world, "litigant"), "content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "payload_too_large"


@pytest.mark.parametrize(
    "body", [b"{not json", b'{"receiving_court_code": ', b"\xff\xfe\x00", b"[1, 2", b'{"parties": "x"}']
)
async def test_malformed_json_is_a_400_problem(world_client: Any, court_world: World, body: bytes) -> None:
    r = await world_client.post(
        "/api/v1/filings",
        content=body,
        headers={**_bearer(court_world, "litigant"), "content-type": "application/json"},
    )
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "malformed_request"


async def _create(client: Any, w: World, name: str, text: str) -> dict[str, Any]:
    r = await client.post(
        "/api/v1/filings",
        headers=_bearer(w, "litigant"),
        json={
            "receiving_court_code": "浙0106",
            "cause_name": text[:64],
            "summary": text,
            "parties": [
                {"role": "plaintiff", "name": name, "address": text[:255]},
                {"role": "defendant", "name": text[:128]},
            ],
            "claims": [{"text": text, "amount": "1000"}],
        },
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


@pytest.mark.parametrize("name", UNICODE_NAMES.values(), ids=UNICODE_NAMES.keys())
async def test_unicode_names_are_stored_and_returned_intact(
    world_client: Any, court_world: World, name: str
) -> None:
    created = await _create(world_client, court_world, name, name)
    back = (
        await world_client.get(f"/api/v1/filings/{created['id']}", headers=_bearer(court_world, "litigant"))
    ).json()
    assert [p["name"] for p in back["parties"]] == [name, name]
    assert back["summary"] == name and back["claims"][0]["text"] == name
    page = await world_client.get(f"/filings/{created['id']}", headers=_cookie(court_world, "litigant"))
    assert page.status_code == 200
    assert str(escape(name)) in page.text


@pytest.mark.parametrize("attack", INJECTIONS.values(), ids=INJECTIONS.keys())
async def test_injection_attempts_are_stored_verbatim_and_shown_inert(
    world_client: Any, court_world: World, attack: str
) -> None:
    created = await _create(world_client, court_world, "王丽华", attack)
    back = (
        await world_client.get(f"/api/v1/filings/{created['id']}", headers=_bearer(court_world, "litigant"))
    ).json()
    assert back["summary"] == attack and back["claims"][0]["text"] == attack
    assert back["parties"][1]["name"] == attack[:128]
    # The table the SQL fragment names is still there.
    assert (
        await world_client.get("/api/v1/filings", headers=_bearer(court_world, "litigant"))
    ).status_code == 200
    # Submitted, so that the court's clerk sees it too (a draft is the filer's own).
    litigant = _bearer(court_world, "litigant")
    uploaded = await world_client.post(
        f"/api/v1/filings/{created['id']}/documents",
        content=make_pdf(),
        params={"filename": "起诉状.pdf", "kind": "complaint"},
        headers=litigant | {"content-type": "application/octet-stream"},
    )
    assert uploaded.status_code == 201, uploaded.text
    submitted = await world_client.post(f"/api/v1/filings/{created['id']}/submit", headers=litigant)
    assert submitted.status_code in (200, 201), submitted.text
    for path, role in (
        (f"/filings/{created['id']}", "litigant"),
        (f"/clerk/filings/{created['id']}", "clerk"),
    ):
        page = await world_client.get(path, headers=_cookie(court_world, role))
        assert page.status_code == 200, (path, page.status_code)
        if any(c in attack for c in "<>\"'&"):
            assert attack not in page.text, f"{path} shows the raw markup"
        # As Jinja's autoescape writes it (markupsafe: &lt; &gt; &amp; &#34; &#39;).
        assert str(escape(attack)) in page.text, path
