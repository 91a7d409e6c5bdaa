"""Judge and leader pages: registration from the review screen, my cases with their time limits, the case page,
and the court dashboard — each page behind the one access policy."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from court.demo import DEMO_PASSWORD
from tests.web.forms import csrf_of, sign_in_by_form


@pytest.fixture
async def client(client: Any, demo: Any) -> Any:
    """These pages are shown over command 1's demo court: its filings, registered case and matter."""
    return client


_csrf = csrf_of
_sign_in = sign_in_by_form


async def _principal(username: str) -> Any:
    from court.accounts.service import principal_of
    from court.accounts.tables import User

    return principal_of(await User.select().where(User.username == username).first())


async def _submitted_filing() -> int:
    from court.filing.tables import Filing

    row = (
        await Filing.select(Filing.id)
        .where((Filing.status == "submitted") & (Filing.receiving_court_code == "浙0106"))
        .first()
    )
    return int(row["id"])


async def _assigned_case(registered_at: datetime | None = None) -> dict[str, Any]:
    from court.cases import registration, service

    clerk, judge = await _principal("clerk.xihu"), await _principal("judge.xihu")
    # 立案 alone, then 分案 by hand to the judge these tests sign in as.
    case = await registration._open_case(clerk, await _submitted_filing(), now=registered_at)
    await service.assign_case(clerk, int(case["id"]), judge_id=judge.user_id, reason="测试分案")
    return case


async def test_clerk_registers_from_the_review_screen_and_the_case_has_its_number_and_fee(
    client: Any,
) -> None:
    from court.cases.registration import registered_case
    from court.cases.tables import Case

    filing_id = await _submitted_filing()
    token = await _sign_in(client, "clerk.xihu")
    review = await client.get(f"/clerk/filings/{filing_id}")
    assert 'id="register-button"' in review.text
    r = await client.post(f"/clerk/filings/{filing_id}/register", data={"csrf_token": token})
    assert r.status_code in (302, 303)
    case_id = int(r.headers["location"].rsplit("registered=", 1)[1])
    again = await client.post(f"/clerk/filings/{filing_id}/register", data={"csrf_token": token})
    assert again.status_code == 409 or again.headers.get("location", "").endswith(f"registered={case_id}")
    assert await Case.count().where(Case.filing_id == filing_id) == 1
    case = await registered_case(await _principal("clerk.xihu"), filing_id)
    assert case is not None and int(case["id"]) == case_id
    assert re.fullmatch(r"（\d{4}）浙0106民初\d+号", case["number"])
    # Fee Measures Art. 13(1): 150,000 yuan → 2,300 + 50,000 × 2% = 3,300 yuan.
    assert str(case["fee"]) == "3300.00"


async def test_my_cases_shows_the_judges_cases_and_flags_a_limit_already_past(client: Any) -> None:
    # Registered seven months ago under the ordinary procedure: the 6-month limit (CPL Art. 152) has run out.
    case = await _assigned_case(datetime.now(UTC) - timedelta(days=215))
    await _sign_in(client, "judge.xihu")
    mine = await client.get("/judge")
    assert mine.status_code == 200 and case["number"] in mine.text
    assert 'class="limit-overdue"' in mine.text and 'id="pressing"' in mine.text
    await _sign_in(client, "judge2.xihu")
    other = await client.get("/judge")
    assert other.status_code == 200 and case["number"] not in other.text


async def test_the_case_page_shows_parties_claims_documents_dossier_and_timeline(client: Any) -> None:
    case = await _assigned_case()
    await _sign_in(client, "judge.xihu")
    r = await client.get(f"/judge/cases/{case['id']}")
    assert r.status_code == 200
    assert "王丽华" in r.text and "陈建国" in r.text and "判令被告归还借款本金" in r.text
    assert f'href="/api/v1/filings/{case["filing_id"]}/dossier.pdf"' in r.text
    assert re.search(rf'href="/api/v1/filings/{case["filing_id"]}/documents/\d+/content"', r.text)
    assert r.text.count("<li><time") == 2  # registered, then assigned
    assert 'id="case-number">' + case["number"] in r.text and 'id="no-hearings"' in r.text
    document = re.search(rf"/api/v1/filings/{case['filing_id']}/documents/\d+/content", r.text)
    assert document and (await client.get(document.group(0))).status_code == 200


async def test_judge_pages_are_for_the_courts_staff_only(client: Any) -> None:
    case = await _assigned_case()
    await _sign_in(client, "judge.yuecheng")
    # Another court's case is "not found", as a missing id is (issue 15: no enumeration of ids).
    assert (await client.get(f"/judge/cases/{case['id']}")).status_code == 404
    await _sign_in(client, "litigant.wang")
    assert (await client.get("/judge")).status_code == 403


async def test_leader_dashboard_counts_the_courts_intake_closures_and_forwarded_filings(client: Any) -> None:
    from court.cases.service import court_today
    from court.cases.tables import Case
    from court.filing.tables import Filing

    await _assigned_case(datetime.now(UTC) - timedelta(days=215))
    today = court_today()
    in_period = await Case.count().where(
        (Case.court_code == "浙0106") & (Case.registered_on > today - timedelta(days=28))
    )
    in_year = await Case.count().where(
        (Case.court_code == "浙0106") & (Case.registered_on > today - timedelta(days=365))
    )
    received = await Filing.count().where(
        (Filing.receiving_court_code == "浙0106") & Filing.submitted_at.is_not_null()
    )
    forwarded = await Filing.count().where(
        (Filing.receiving_court_code == "浙0106") & (Filing.competent_court_code == "浙0602")
    )
    await _sign_in(client, "leader.xihu")
    r = await client.get("/leader?days=28")
    assert r.status_code == 200
    assert f'id="kpi-received"><div class="value">{received}<' in r.text
    # The case registered 215 days ago counts in the year, not in the last 28 days.
    assert f'id="kpi-registered"><div class="value">{in_period}<' in r.text and in_year == in_period + 1
    assert 'id="kpi-overdue"><div class="value overdue">1<' in r.text
    assert f'id="cross-sent">{forwarded}<' in r.text and forwarded >= 1
    assert 'id="money-in">¥0.00<' in r.text
    assert r.text.count('role="img"') == 2 and "<title" in r.text
    year = await client.get("/leader?days=365")
    assert f'id="kpi-registered"><div class="value">{in_year}<' in year.text


async def test_the_dashboard_is_for_the_courts_leaders(client: Any) -> None:
    await _sign_in(client, "judge.xihu")
    assert (await client.get("/leader")).status_code == 403


def test_response_time_runs_from_the_first_forwarding_to_the_first_decision() -> None:
    from court.management.dashboard import clearance_rate, response_hours

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    events = [
        {"filing": 1, "at": t0, "to_status": "forwarded"},
        {"filing": 1, "at": t0 + timedelta(hours=30), "to_status": "registered"},
        {"filing": 2, "at": t0, "to_status": "forwarded"},
        {"filing": 3, "at": t0, "to_status": "registered"},  # never forwarded: not a cross-region filing
    ]
    assert response_hours(events) == {1: 30, 2: None}
    assert clearance_rate(3, 4) == 75 and clearance_rate(0, 0) is None


async def test_the_terminal_fleet_page_lists_the_courts_terminals(client: Any) -> None:
    from tests.conftest import sign_in

    api = await sign_in(client, "leader.xihu")
    reg = await client.post(
        "/api/v1/terminals",
        json={
            "code": "XH-FLEET-1",
            "name": "双流村共享法庭",
            "court_code": "浙0106",
            "place": "转塘街道双流村",
        },
        headers=api,
    )
    key = {"x-terminal-key": reg.json()["device_key"]}
    await client.post("/api/v1/terminal/heartbeat", json={"version": "1.2.3", "queued_items": 4}, headers=key)
    # The page is read with the session cookie that signing in sets.
    await client.post("/api/v1/auth/sign-in", json={"username": "leader.xihu", "password": DEMO_PASSWORD})
    page = await client.get("/leader/terminals")
    assert page.status_code == 200
    # The fleet also lists the demo kiosk: the row of the terminal registered here is the one that reported 1.2.3.
    rows = re.findall(r'<tr id="terminal-\d+">(.*?)</tr>', page.text, re.S)
    row = next((r for r in rows if "XH-FLEET-1" in r or "1.2.3" in r), None)
    assert row and "双流村共享法庭" in row and "1.2.3" in row and ">4<" in row
    client.cookies.clear()
    await client.post("/api/v1/auth/sign-in", json={"username": "litigant.wang", "password": DEMO_PASSWORD})
    assert (await client.get("/leader/terminals")).status_code == 403


async def test_enforcement_pages_show_the_matter_with_its_tasks_and_six_month_limit(client: Any) -> None:
    await client.post("/api/v1/auth/sign-in", json={"username": "enforcer.xihu", "password": DEMO_PASSWORD})
    listing = await client.get("/enforcement")
    assert listing.status_code == 200
    from court.execution.tables import EnforcementMatter

    # The demo matter whose network inquiry is still open (the demo's second matter has its deposit frozen).
    first = (
        await EnforcementMatter.select(EnforcementMatter.id)
        .where(EnforcementMatter.title_number == "（2025）浙0106民初1024号")
        .first()
    )
    link = re.search(rf'href="/enforcement/({first["id"]})">([^<]+)</a>', listing.text)
    assert link and "执" in link.group(2)
    matter = await client.get(f"/enforcement/{link.group(1)}")
    assert matter.status_code == 200
    # The demo matter's network inquiry, the banks named as people know them (never the raw `bank:ICBC`).
    assert 'id="tasks"' in matter.text and "中国工商银行" in matter.text and "bank:" not in matter.text
    assert re.search(r'id="closing-due">\d{4}-\d{2}-\d{2}|id="closing-due">—', matter.text)
    client.cookies.clear()
    await client.post("/api/v1/auth/sign-in", json={"username": "litigant.wang", "password": DEMO_PASSWORD})
    # A litigant gets their own matters (the demo applicant's one), not the court's list.
    mine = await client.get("/enforcement")
    assert (
        mine.status_code == 200
        and f'href="/enforcement/{link.group(1)}"' in mine.text
        and 'id="matters"' in mine.text
    )
    client.cookies.clear()
    await client.post("/api/v1/auth/sign-in", json={"username": "lawyer.li", "password": DEMO_PASSWORD})
    assert f'href="/enforcement/{link.group(1)}"' not in (await client.get("/enforcement")).text
    assert (await client.get(f"/enforcement/{link.group(1)}")).status_code == 404  # hidden as a missing id
