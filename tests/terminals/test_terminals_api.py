"""Terminals as devices: registration with a one-time key, heartbeat, operator sign-in, revocation, fleet, lookup."""

from __future__ import annotations

from typing import Any

from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload


async def _register(client: Any, headers: dict[str, str], code: str = "XH-01") -> dict[str, Any]:
    r = await client.post(
        "/api/v1/terminals",
        json={
            "code": code,
            "name": "双流村共享法庭",
            "court_code": "浙0106",
            "place": "西湖区转塘街道双流村",
        },
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_a_terminal_lives_and_is_revoked(client: Any) -> None:
    leader = await sign_in(client, "leader.xihu")
    term = await _register(client, leader)
    key = {"x-terminal-key": term["device_key"]}
    hb = await client.post(
        "/api/v1/terminal/heartbeat", json={"version": "1.0.0", "queued_items": 2}, headers=key
    )
    assert hb.status_code == 200 and hb.json()["court_code"] == "浙0106"
    fleet = (await client.get("/api/v1/courts/浙0106/terminals", headers=leader)).json()
    assert [(t["code"], t["version"], t["queued_items"]) for t in fleet] == [("XH-01", "1.0.0", 2)]
    assert fleet[0]["last_seen_at"] is not None

    op = await client.post(
        "/api/v1/terminal/sign-in",
        json={"username": "operator.shangtian", "password": "court-demo-2026"},
        headers=key,
    )
    assert op.status_code == 200
    # Only terminal operators sign in on a terminal.
    judge = await client.post(
        "/api/v1/terminal/sign-in",
        json={"username": "judge.xihu", "password": "court-demo-2026"},
        headers=key,
    )
    assert judge.status_code == 403

    assert (await client.post(f"/api/v1/terminals/{term['id']}/revoke", headers=leader)).status_code == 200
    gone = await client.post("/api/v1/terminal/heartbeat", json={"version": "1.0.0"}, headers=key)
    assert gone.status_code == 401
    bad = await client.post(
        "/api/v1/terminal/heartbeat",
        json={"version": "1"},
        headers={"x-terminal-key": f"{term['id']}.forged"},
    )
    assert bad.status_code == 401


async def test_other_courts_and_roles_cannot_manage_terminals(client: Any) -> None:
    other_leader_court = await sign_in(client, "clerk.yuecheng")
    r = await client.post(
        "/api/v1/terminals",
        json={"code": "X", "name": "x", "court_code": "浙0106"},
        headers=other_leader_court,
    )
    assert r.status_code == 403
    litigant = await sign_in(client, "litigant.wang")
    assert (await client.get("/api/v1/courts/浙0106/terminals", headers=litigant)).status_code == 403


async def test_progress_lookup_needs_both_id_number_and_filing_number(client: Any) -> None:
    leader = await sign_in(client, "leader.xihu")
    term = await _register(client, leader, "XH-02")
    key = {"x-terminal-key": term["device_key"]}
    op = (
        await client.post(
            "/api/v1/terminal/sign-in",
            json={"username": "operator.shangtian", "password": "court-demo-2026"},
            headers=key,
        )
    ).json()
    h = {
        "Authorization": f"Bearer {op['token']}",
        **key,
    }  # a terminal session shows its device key every time
    fid = await create_filing(client, h)
    assert (await upload(client, h, fid, make_pdf())).status_code == 201
    receipt = (await client.post(f"/api/v1/filings/{fid}/submit", headers=h)).json()
    ok = await client.get(
        "/api/v1/terminal/progress",
        params={"id_number": "330105198307161627", "number": receipt["filing_number"]},
        headers=h,
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted" and ok.json()["party"] == "王丽华"
    wrong = await client.get(
        "/api/v1/terminal/progress",
        params={"id_number": "330602198511020539", "number": receipt["filing_number"]},
        headers=h,
    )
    assert wrong.status_code == 404
    ident = await client.post(
        "/api/v1/terminal/identity", json={"name": "王丽华", "id_number": "330105198307161627"}, headers=h
    )
    assert ident.json()["verified"] is True
    ident = await client.post(
        "/api/v1/terminal/identity", json={"name": "王丽华", "id_number": "330105198307161620"}, headers=h
    )
    assert ident.json()["verified"] is False
