"""The shared-court kiosk pages: terminal setup, operator sign-in, filing for a villager step by step, progress
and online hearings by ID number and filing number, and the legal-help pages."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from court.demo import DEMO_PASSWORD

VILLAGER_ID = "330105198307161627"  # a well-formed resident ID (GB 11643 check digit), the demo litigant's


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "every page carries its CSRF token"
    return match.group(1)


async def _principal(username: str) -> Any:
    from court.accounts.service import principal_of
    from court.accounts.tables import User

    return principal_of(await User.select().where(User.username == username).first())


async def _device_key(code: str = "T-SHANGTIAN") -> str:
    from court.terminals.service import register_terminal

    admin = await _principal("admin")
    made = await register_terminal(
        admin, code=code, name="双流村共享法庭", court_code="浙0106", place="双流村"
    )
    return str(made["device_key"])


async def _kiosk(c: Any, username: str = "operator.shangtian") -> str:
    """Set up the terminal and sign the operator in on it; returns the CSRF token."""
    c.cookies.clear()
    token = _csrf((await c.get("/kiosk/setup")).text)
    r = await c.post("/kiosk/setup", data={"device_key": await _device_key(), "csrf_token": token})
    assert r.status_code in (302, 303) and "court_terminal=" in r.headers["set-cookie"]
    r = await c.post(
        "/kiosk/sign-in", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert r.status_code in (302, 303), r.text[:300]
    return token


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, format="PNG")
    return buffer.getvalue()


async def _file_for_villager(c: Any, token: str) -> int:
    r = await c.post(
        "/kiosk/file",
        data={
            "csrf_token": token,
            "name": "王丽华",
            "id_number": VILLAGER_ID,
            "address": "双流村3组",
            "cause_name": "民间借贷纠纷",
        },
    )
    assert r.status_code in (302, 303), r.text[:500]
    filing_id = int(r.headers["location"].split("/")[3])
    r = await c.post(
        f"/kiosk/filings/{filing_id}/defendant", data={"csrf_token": token, "name": "张三", "kind": "person"}
    )
    assert r.status_code in (302, 303)
    r = await c.post(
        f"/kiosk/filings/{filing_id}/claims",
        data={"csrf_token": token, "text": "判令被告归还借款", "amount": "100000"},
    )
    assert r.status_code in (302, 303)
    # The page's script uses the resumable upload API; the whole-file endpoint takes the same photo.
    r = await c.post(
        f"/api/v1/filings/{filing_id}/documents?filename=page1.png&kind=complaint",
        content=_png(),
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 201, r.text
    assert r.json()["page_count"] == 1  # the photo became one PDF page
    return filing_id


async def test_kiosk_sends_an_unset_device_to_setup_and_refuses_a_wrong_key(client: Any) -> None:
    client.cookies.clear()
    r = await client.get("/kiosk", follow_redirects=False)
    assert r.status_code in (302, 303) and r.headers["location"] == "/kiosk/setup"
    token = _csrf((await client.get("/kiosk/setup")).text)
    bad = await client.post("/kiosk/setup", data={"device_key": "1.not-the-key", "csrf_token": token})
    assert (
        bad.status_code == 401
        and 'id="setup-failed"' in bad.text
        and "court_terminal=" not in bad.headers.get("set-cookie", "")
    )


async def test_only_an_operator_of_the_court_signs_in_on_the_terminal(client: Any) -> None:
    client.cookies.clear()
    token = _csrf((await client.get("/kiosk/setup")).text)
    await client.post("/kiosk/setup", data={"device_key": await _device_key(), "csrf_token": token})
    refused = await client.post(
        "/kiosk/sign-in", data={"username": "litigant.wang", "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 403 and 'id="sign-in-failed"' in refused.text
    wrong = await client.post(
        "/kiosk/sign-in", data={"username": "operator.shangtian", "password": "nope", "csrf_token": token}
    )
    assert wrong.status_code == 401


async def test_kiosk_speaks_chinese_whatever_the_browser_says(client: Any) -> None:
    await _kiosk(client)
    home = await client.get("/kiosk", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert home.status_code == 200 and '<html lang="zh-CN">' in home.text
    assert "双流村共享法庭" in home.text and 'href="/kiosk/file"' in home.text


async def test_a_session_opened_off_the_terminal_is_sent_to_the_terminal_sign_in(client: Any) -> None:
    token = await _kiosk(client)
    client.cookies.delete("court_session")
    signed = await client.post(
        "/sign-in", data={"username": "operator.shangtian", "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert signed.status_code in (302, 303)
    r = await client.get("/kiosk/file", follow_redirects=False)
    assert r.status_code in (302, 303) and r.headers["location"] == "/kiosk/sign-in"


async def test_an_invalid_resident_id_stops_the_filing_at_the_identity_step(client: Any) -> None:
    from court.filing.tables import Filing

    token = await _kiosk(client)
    before = await Filing.count()
    r = await client.post(
        "/kiosk/file", data={"csrf_token": token, "name": "王丽华", "id_number": VILLAGER_ID[:-1] + "0"}
    )
    assert r.status_code == 422 and 'id="identity-failed"' in r.text and 'aria-invalid="true"' in r.text
    assert await Filing.count() == before


async def test_operator_files_for_a_villager_and_gets_a_receipt(client: Any) -> None:
    from court.filing.tables import Filing, FilingParty

    token = await _kiosk(client)
    filing_id = await _file_for_villager(client, token)
    review = await client.get(f"/kiosk/filings/{filing_id}/review")
    # Fee Measures Art. 13(1): 100,000 yuan in dispute → 2,300 yuan.
    assert review.status_code == 200 and "¥2,300.00" in review.text and "page1.png" in review.text
    assert "第 5 步，共 6 步" in review.text
    r = await client.post(
        f"/kiosk/filings/{filing_id}/submit", data={"csrf_token": token, "idempotency_key": "k1"}
    )
    assert r.status_code in (302, 303) and r.headers["location"].endswith("/receipt")
    receipt = await client.get(r.headers["location"])
    filing = (
        await Filing.select(Filing.number, Filing.status, Filing.terminal_id)
        .where(Filing.id == filing_id)
        .first()
    )
    assert filing["status"] == "submitted" and filing["terminal_id"] is not None
    assert f'id="receipt-number">{filing["number"]}<' in receipt.text
    villager = (
        await FilingParty.select(FilingParty.role, FilingParty.id_number)
        .where(FilingParty.filing == filing_id)
        .first()
    )
    assert villager == {"role": "plaintiff", "id_number": VILLAGER_ID}
    again = await client.get(f"/kiosk/filings/{filing_id}/claims")
    assert "can no longer be changed" in again.text or "不能再修改" in again.text


async def test_submitting_without_documents_says_what_is_missing(client: Any) -> None:
    token = await _kiosk(client)
    r = await client.post(
        "/kiosk/file", data={"csrf_token": token, "name": "王丽华", "id_number": VILLAGER_ID}
    )
    filing_id = int(r.headers["location"].split("/")[3])
    r = await client.post(f"/kiosk/filings/{filing_id}/submit", data={"csrf_token": token})
    assert r.status_code == 422 and 'id="submit-failed"' in r.text


async def test_progress_needs_both_the_id_number_and_the_filing_number(client: Any) -> None:
    from court.filing.tables import Filing

    token = await _kiosk(client)
    filing_id = await _file_for_villager(client, token)
    await client.post(f"/kiosk/filings/{filing_id}/submit", data={"csrf_token": token})
    number = (await Filing.select(Filing.number).where(Filing.id == filing_id).first())["number"]
    found = await client.post(
        "/kiosk/progress", data={"csrf_token": token, "id_number": VILLAGER_ID, "number": number}
    )
    assert (
        found.status_code == 200 and 'id="progress-status"' in found.text and 'id="no-sessions"' in found.text
    )
    assert VILLAGER_ID not in found.text  # the next villager at the screen does not read it
    other = await client.post(
        "/kiosk/progress", data={"csrf_token": token, "id_number": "11010519491231002X", "number": number}
    )
    assert other.status_code == 404 and 'id="not-found"' in other.text


async def test_hearings_lists_a_coming_online_hearing_of_the_villagers_case(client: Any) -> None:
    from court.cases import registration, service
    from court.cases.calendar import RoomKind
    from court.filing.tables import Filing

    token = await _kiosk(client)
    filing_id = await _file_for_villager(client, token)
    await client.post(f"/kiosk/filings/{filing_id}/submit", data={"csrf_token": token})
    clerk, leader = await _principal("clerk.xihu"), await _principal("leader.xihu")
    case = await registration.register_filing(clerk, filing_id)
    judge = await _principal("judge.xihu")
    await service.assign_case(clerk, int(case["id"]), judge_id=judge.user_id, reason="测试")
    room = await service.add_courtroom(leader, "在线法庭一", RoomKind.ONLINE)
    starts = datetime.now(UTC) + timedelta(days=3)
    await service.schedule_hearing(
        clerk, int(case["id"]), courtroom_id=room, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    number = (await Filing.select(Filing.number).where(Filing.id == filing_id).first())["number"]
    r = await client.post(
        "/kiosk/hearings", data={"csrf_token": token, "id_number": VILLAGER_ID, "number": number}
    )
    assert r.status_code == 200 and "在线法庭一" in r.text and case["number"] in r.text
    assert 'id="no-sessions"' not in r.text


async def test_legal_help_is_open_without_signing_in_and_unknown_topics_are_404(client: Any) -> None:
    client.cookies.clear()
    index = await client.get("/kiosk/help")
    assert index.status_code == 200 and index.text.count('class="tile"') == 4
    fees = await client.get("/kiosk/help/fees")
    # Fee Measures Art. 13(1): the first band is a flat 50 yuan, then 2.5% up to 100,000.
    assert fees.status_code == 200 and "每件50元" in fees.text and "2300元" in fees.text
    for topic in ("filing", "small-claims", "mediation"):
        assert (await client.get(f"/kiosk/help/{topic}")).status_code == 200
    assert (await client.get("/kiosk/help/nothing")).status_code == 404


async def test_revoking_the_terminal_ends_the_kiosk_session_at_once(client: Any) -> None:
    """Issue 15 #3: the session opened on a terminal ends with the terminal, on the pages as on the API."""
    from court.terminals.service import revoke_terminal
    from court.terminals.tables import Terminal

    token = await _kiosk(client)
    assert (await client.get("/kiosk")).status_code == 200
    terminal = await Terminal.select(Terminal.id).where(Terminal.code == "T-SHANGTIAN").first()
    await revoke_terminal(await _principal("admin"), int(terminal["id"]))
    home = await client.get("/kiosk", follow_redirects=False)
    assert home.status_code in (302, 303) and home.headers["location"] == "/kiosk/sign-in"
    assert (await client.get("/kiosk/sign-in", follow_redirects=False)).headers["location"] == "/kiosk/setup"
    lookup = await client.post(
        "/kiosk/progress", data={"csrf_token": token, "id_number": VILLAGER_ID, "number": "x"}
    )
    assert lookup.status_code == 401 and "终端已被注销" in lookup.text


async def test_the_kiosk_session_needs_the_device_cookie(client: Any) -> None:
    """The session cookie alone, carried off the device, is refused; the upload API the kiosk calls gets the
    device cookie, which is kept at path "/" for that."""
    token = await _kiosk(client)
    device = client.cookies.get("court_terminal")
    assert device
    client.cookies.delete("court_terminal")
    r = await client.post(
        "/kiosk/progress", data={"csrf_token": token, "id_number": VILLAGER_ID, "number": "x"}
    )
    assert r.status_code == 401 and "设备密钥" in r.text
    api = await client.get("/api/v1/filings", headers={"X-CSRF-Token": token})
    assert api.status_code == 401
    client.cookies.set("court_terminal", device)
    assert (await client.get("/api/v1/filings", headers={"X-CSRF-Token": token})).status_code == 200


async def test_the_kiosk_progress_lookup_is_limited(client: Any) -> None:
    from court.terminals.limits import PER_ID_NUMBER

    token = await _kiosk(client)
    statuses = [
        (
            await client.post(
                "/kiosk/progress",
                data={"csrf_token": token, "id_number": VILLAGER_ID, "number": f"guess-{n}"},
            )
        ).status_code
        for n in range(PER_ID_NUMBER.requests)
    ]
    assert statuses == [404] * PER_ID_NUMBER.requests
    refused = await client.post(
        "/kiosk/hearings", data={"csrf_token": token, "id_number": VILLAGER_ID, "number": "guess"}
    )
    assert (
        refused.status_code == 429
        and "查询过于频繁" in refused.text
        and int(refused.headers["retry-after"]) > 0
    )
