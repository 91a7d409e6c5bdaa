"""The enforcement API on both engines: registration, notices, the gateway in the loop, who sees what."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from court.execution.agencies import AgencyKind, Asset
from court.execution.matter_view import matter_view
from court.execution.service import court_day, now_of
from court.jobs.outbox import enqueue
from court.jobs.runners import run_job
from tests.cases.test_registration import principal
from tests.conftest import sign_in
from tests.execution.matter_fixtures import DEBTOR_ID, add_users, at, gateway

DAY0 = date(2026, 3, 2)


@pytest.fixture
async def api(runtime: Any) -> AsyncIterator[tuple[Any, Any, dict[str, Any]]]:
    import httpx

    from tests.conftest import app_for

    clock = {"now": at(DAY0)}
    runtime.extras["clock"] = lambda: clock["now"]
    runtime.extras["agency_gateway"] = gateway(
        Asset(AgencyKind.BANK, "ICBC-001", "deposit account", Decimal("200000.00"), "ICBC")
    )
    transport = httpx.ASGITransport(app=app_for(runtime))  # the test process's one app (tests/conftest.py)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await add_users()
        yield client, runtime, clock


async def poll(runtime: Any) -> None:
    from court.db import write_transaction

    async with write_transaction():
        job_id = await enqueue("poll_agency_tasks", {})
    assert await run_job(job_id, runtime) == "done"


def body(wang_id: int) -> dict[str, Any]:
    return {
        "court_code": "浙0106",
        "title_number": "（2025）浙0106民初4321号",
        "performance_due": "2026-01-10",
        "parties": [
            {
                "role": "applicant",
                "name": "王丽华",
                "id_code": "330105198307161627",
                "user_id": wang_id,
                "principal": "100000.00",
                "costs": "2300.00",
            },
            {"role": "debtor", "name": "陈建国", "id_code": DEBTOR_ID},
        ],
    }


async def test_a_matter_through_the_api_with_the_gateway_in_the_loop(api: Any) -> None:
    client, runtime, clock = api
    officer = await sign_in(client, "enforcer.xihu")
    wang = await sign_in(client, "litigant.wang")
    wang_id = (await client.get("/api/v1/me", headers=wang)).json()["id"]
    r = await client.post("/api/v1/matters/", json=body(wang_id), headers=officer)
    assert r.status_code == 201, r.text
    matter = r.json()
    mid = matter["id"]
    assert matter["number"] == "（2026）浙0106执1号" and matter["title_number"] == "（2025）浙0106民初4321号"
    assert matter["money"]["fee"] == "1434.50"  # 50 + 1.5% of 92,300 (Fee Measures Art 14(1))
    assert matter["deadlines"]["notice_due"] == "2026-03-12"

    assert (
        await client.post(f"/api/v1/matters/{mid}/notices", json={"kind": "execution_notice"}, headers=wang)
    ).status_code == 403
    r = await client.post(
        f"/api/v1/matters/{mid}/notices", json={"kind": "execution_notice"}, headers=officer
    )
    assert r.status_code == 201, r.text
    pdf = await client.get(f"/api/v1/matters/{mid}/notices/{r.json()['id']}", headers=wang)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    r = await client.post(f"/api/v1/matters/{mid}/inquiries", headers=officer)
    assert r.status_code == 201 and len(r.json()["tasks"]) == 9
    await poll(runtime)
    clock["now"] = at(DAY0 + timedelta(days=6))
    await poll(runtime)

    icbc = await sign_in(client, "bank.officer")
    ccb = await sign_in(client, "bank.ccb")
    mine = (await client.get("/api/v1/agency-tasks/", headers=icbc)).json()
    assert [t["agency"] for t in mine] == ["bank:ICBC"] and mine[0]["state"] == "answered"
    other = (await client.get("/api/v1/agency-tasks/", headers=ccb)).json()
    assert len(other) == 1 and other[0]["answer"]["assets"] == []
    # Not theirs to see: "not found", as a missing id is (issue 15: no enumeration of ids).
    assert (await client.get(f"/api/v1/agency-tasks/{mine[0]['id']}", headers=ccb)).status_code == 404
    assert (await client.get(f"/api/v1/matters/{mid}", headers=icbc)).status_code == 404

    view = (await client.get(f"/api/v1/matters/{mid}", headers=officer)).json()
    [deposit] = view["property"]
    # The API's MatterOut is the page's plain data, key for key and value for value (dates, money, offsets).
    today = court_day(now_of(runtime))
    assert view == await matter_view(await principal("enforcer.xihu"), mid, today)
    closing = (
        await client.get(f"/api/v1/matters/{mid}/closing", params={"kind": "zhongben"}, headers=officer)
    ).json()
    assert closing["allowed"] is False and "property_remaining" in {m["code"] for m in closing["missing"]}

    # Interest runs on until the deduction lands: ask a little more; the surplus goes back to the debtor.
    outstanding = str(Decimal(view["money"]["outstanding"]) + 1000)
    for action in ("freeze", "deduct"):
        r = await client.post(
            f"/api/v1/matters/{mid}/property/{deposit['id']}/control",
            json={"action": action, "amount": outstanding},
            headers=officer,
        )
        assert r.status_code == 201, r.text
        await poll(runtime)
        clock["now"] += timedelta(days=2)
        await poll(runtime)
    r = await client.post(f"/api/v1/matters/{mid}/disbursements", json={"key": "d1"}, headers=officer)
    assert r.status_code == 201, r.text
    r = await client.post(f"/api/v1/matters/{mid}/close", json={"kind": "fully_performed"}, headers=officer)
    assert r.status_code == 201, r.text

    seen = (await client.get(f"/api/v1/matters/{mid}", headers=wang)).json()
    assert seen["status"] == "closed" and seen["money"]["fully_performed"] is True
    assert "tasks" not in seen and "ledger" not in seen  # the applicant sees progress and money
    assert seen == await matter_view(await principal("litigant.wang"), mid, court_day(now_of(runtime)))
    assert {"registered", "notice_issued", "money_received", "money_disbursed", "closed"} <= {
        e["kind"] for e in seen["timeline"]
    }
    zhao = await sign_in(client, "litigant.zhao")
    assert (
        await client.get(f"/api/v1/matters/{mid}", headers=zhao)
    ).status_code == 404  # not a party: "not found"
    other_court = await sign_in(client, "enforcer.yuecheng")
    assert (
        await client.get(f"/api/v1/matters/{mid}", headers=other_court)
    ).status_code == 404  # another court's matter: "not found"
