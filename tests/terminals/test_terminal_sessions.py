"""Terminal sessions live only on their terminal, end with it, and the ID-number lookup is limited (issue 15, #3).

Before: after POST /api/v1/terminals/{id}/revoke the operator's bearer token still filed (with the terminal's id)
and without any device key, the progress lookup still answered, and 200 ID-number guesses went through in 1.7 s.
"""

from __future__ import annotations

from typing import Any

from court.demo import DEMO_PASSWORD
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload

VILLAGER_ID = "330105198307161627"  # the plaintiff of tests.filing.test_filing_api.create_filing


async def _terminal(client: Any, leader: dict[str, str], code: str) -> dict[str, Any]:
    r = await client.post(
        "/api/v1/terminals",
        json={"code": code, "name": "双流村共享法庭", "court_code": "浙0106", "place": "双流村"},
        headers=leader,
    )
    assert r.status_code == 201, r.text
    return r.json()


async def _operator_on(client: Any, device_key: str) -> dict[str, str]:
    r = await client.post(
        "/api/v1/terminal/sign-in",
        json={"username": "operator.shangtian", "password": DEMO_PASSWORD},
        headers={"x-terminal-key": device_key},
    )
    assert r.status_code == 200, r.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {r.json()['token']}", "x-terminal-key": device_key}


def _refusal(r: Any, code: str) -> str:
    assert r.status_code == 401, (r.status_code, r.text)
    body = r.json()
    assert body["code"] == "not_authenticated" and body["locale"] == "zh_CN"
    return str(body["detail"])


async def test_revoking_the_terminal_ends_its_sessions_at_once(client: Any) -> None:
    from court.filing.tables import Filing

    leader = await sign_in(client, "leader.xihu")
    term = await _terminal(client, leader, "REV-1")
    op = await _operator_on(client, term["device_key"])
    fid = await create_filing(client, op)  # works while the terminal lives
    assert (await Filing.select(Filing.terminal_id).where(Filing.id == fid).first())["terminal_id"] == term[
        "id"
    ]

    assert (await client.post(f"/api/v1/terminals/{term['id']}/revoke", headers=leader)).status_code == 200
    before = await Filing.count()
    body = {
        "receiving_court_code": "浙0106",
        "cause_name": "民间借贷纠纷",
        "parties": [{"role": "plaintiff", "name": "张三"}],
    }
    with_key = await client.post("/api/v1/filings", json=body, headers=op)
    detail = _refusal(with_key, "terminal_revoked")
    assert "终端已被注销" in detail  # a clear reason, in Chinese
    without_key = await client.post(
        "/api/v1/filings", json=body, headers={"Authorization": op["Authorization"]}
    )
    assert "终端已被注销" in _refusal(without_key, "terminal_revoked")
    assert await Filing.count() == before
    lookup = await client.get(
        "/api/v1/terminal/progress", params={"id_number": VILLAGER_ID, "number": "x"}, headers=op
    )
    assert "终端已被注销" in _refusal(lookup, "terminal_revoked")
    assert (await client.get(f"/api/v1/filings/{fid}", headers=op)).status_code == 401
    # Signing in again on the revoked device is refused too.
    again = await client.post(
        "/api/v1/terminal/sign-in",
        json={"username": "operator.shangtian", "password": DEMO_PASSWORD},
        headers={"x-terminal-key": term["device_key"]},
    )
    assert again.status_code == 401


async def test_a_terminal_session_needs_its_own_terminals_key_on_every_request(client: Any) -> None:
    leader = await sign_in(client, "leader.xihu")
    mine = await _terminal(client, leader, "KEY-1")
    other = await _terminal(client, leader, "KEY-2")
    op = await _operator_on(client, mine["device_key"])
    assert (await client.get("/api/v1/me", headers=op)).status_code == 200
    bare = await client.get("/api/v1/me", headers={"Authorization": op["Authorization"]})
    assert "设备密钥" in _refusal(bare, "terminal_key_required")
    elsewhere = await client.get("/api/v1/me", headers={**op, "x-terminal-key": other["device_key"]})
    assert "不符" in _refusal(elsewhere, "terminal_key_mismatch")
    forged = await client.get("/api/v1/me", headers={**op, "x-terminal-key": f"{mine['id']}.forged"})
    assert forged.status_code == 401
    # In English when asked for.
    english = await client.get(
        "/api/v1/me", headers={"Authorization": op["Authorization"], "Accept-Language": "en"}
    )
    assert english.status_code == 401 and "device key" in english.json()["detail"]


async def test_an_operator_outside_a_terminal_session_is_refused(client: Any) -> None:
    plain = await sign_in(
        client, "operator.shangtian"
    )  # signed in on the ordinary sign-in, not on a terminal
    r = await client.post(
        "/api/v1/filings",
        json={
            "receiving_court_code": "浙0106",
            "cause_name": "民间借贷纠纷",
            "parties": [{"role": "plaintiff", "name": "张三"}],
        },
        headers=plain,
    )
    assert "终端" in _refusal(r, "terminal_session_required")
    # A token minted from a terminal session carries no terminal: it cannot be used to act off the device either.
    leader = await sign_in(client, "leader.xihu")
    term = await _terminal(client, leader, "MINT-1")
    op = await _operator_on(client, term["device_key"])
    minted = await client.post("/api/v1/auth/tokens", json={"label": "x", "days": 1}, headers=op)
    assert minted.status_code == 201, minted.text
    refused = await client.get(
        "/api/v1/filings",
        headers={"Authorization": f"Bearer {minted.json()['token']}", "x-terminal-key": term["device_key"]},
    )
    assert refused.status_code == 401


async def test_other_roles_need_no_device_key(client: Any) -> None:
    assert (
        await client.get("/api/v1/filings", headers=await sign_in(client, "litigant.wang"))
    ).status_code == 200
    assert (
        await client.get("/api/v1/filings", headers=await sign_in(client, "clerk.xihu"))
    ).status_code == 200


async def test_the_progress_lookup_is_limited_per_terminal(client: Any) -> None:
    from court.terminals.limits import PER_TERMINAL

    leader = await sign_in(client, "leader.xihu")
    term = await _terminal(client, leader, "LIM-1")
    op = await _operator_on(client, term["device_key"])
    answers = []
    for n in range(PER_TERMINAL.requests + 1):
        # A different (well-formed or not) ID number each time: the per-ID bucket never fills, the terminal's does.
        r = await client.get(
            "/api/v1/terminal/progress",
            params={"id_number": f"3301051983071{n:05d}", "number": "x"},
            headers=op,
        )
        answers.append(r.status_code)
    assert answers[:-1] == [404] * PER_TERMINAL.requests
    assert answers[-1] == 429
    assert (
        int(r.headers["retry-after"]) > 0
        and r.json()["code"] == "rate_limited"
        and "查询过于频繁" in r.json()["detail"]
    )
    # Another terminal is not held up by this one.
    other = await _operator_on(client, (await _terminal(client, leader, "LIM-2"))["device_key"])
    assert (
        await client.get(
            "/api/v1/terminal/progress", params={"id_number": VILLAGER_ID, "number": "x"}, headers=other
        )
    ).status_code == 404


async def test_the_progress_lookup_is_limited_per_id_number_across_terminals(client: Any) -> None:
    from court.terminals.limits import PER_ID_NUMBER, PER_TERMINAL
    from court.web.ratelimit_tables import RateLimitHit

    assert PER_ID_NUMBER.requests < PER_TERMINAL.requests * 2
    leader = await sign_in(client, "leader.xihu")
    ops = [
        await _operator_on(client, (await _terminal(client, leader, f"ID-{n}"))["device_key"])
        for n in range(2)
    ]
    fid = await create_filing(client, ops[0])
    assert (await upload(client, ops[0], fid, make_pdf())).status_code == 201
    number = (await client.post(f"/api/v1/filings/{fid}/submit", headers=ops[0])).json()["filing_number"]
    answers = []
    for n in range(PER_ID_NUMBER.requests + 1):
        # Guessing filing numbers for one person's ID number, alternating between two terminals.
        r = await client.get(
            "/api/v1/terminal/progress",
            params={"id_number": VILLAGER_ID, "number": f"guess-{n}"},
            headers=ops[n % 2],
        )
        answers.append(r.status_code)
    assert answers == [404] * PER_ID_NUMBER.requests + [429]
    # Even the right number waits now: the bucket is the person's, not the guess's.
    right = await client.get(
        "/api/v1/terminal/progress", params={"id_number": VILLAGER_ID, "number": number}, headers=ops[0]
    )
    assert right.status_code == 429
    # Another villager at the same screen is still served.
    other = await client.get(
        "/api/v1/terminal/progress",
        params={"id_number": "330602198511020539", "number": number},
        headers=ops[1],
    )
    assert other.status_code == 404
    # The limiter keeps no ID number in the clear.
    buckets = [r["bucket"] for r in await RateLimitHit.select(RateLimitHit.bucket)]
    assert buckets and not any(VILLAGER_ID in b for b in buckets)
