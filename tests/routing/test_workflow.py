"""Forward-and-register (跨域立案): the receiving court checks and forwards; the competent court decides in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from court.audit.tables import AuditEvent
from court.filing.tables import Filing, FilingEvent
from court.routing.workflow import overdue
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import FILING, upload

# Received at 西湖 (浙0106); the defendant lives in 越城, so 越城 (浙0602) is competent (CPL Art. 22).
CROSS = FILING | {
    "parties": [
        {"role": "plaintiff", "name": "王丽华", "address": "浙江省杭州市西湖区文三路1号"},
        {"role": "defendant", "name": "陈建国", "address": "浙江省绍兴市越城区解放北路65号"},
    ],
    "cause_name": "机动车交通事故责任纠纷",
    "claims": [{"text": "赔偿损失", "amount": "42000"}],
}


async def _submitted(client: Any) -> tuple[int, dict[str, str]]:
    h = await sign_in(client, "litigant.wang")
    r = await client.post("/api/v1/filings/", json=CROSS, headers=h)
    fid = r.json()["id"]
    assert (await upload(client, h, fid, make_pdf())).status_code == 201
    assert (await client.post(f"/api/v1/filings/{fid}/submit", headers=h)).status_code == 200
    return fid, h


async def test_receiving_court_forwards_and_competent_court_decides(client: Any) -> None:
    fid, litigant = await _submitted(client)
    xihu = await sign_in(client, "clerk.xihu")
    routed = await client.post(f"/api/v1/filings/{fid}/route", headers=xihu)
    assert routed.status_code == 200 and [c["code"] for c in routed.json()["decision"]["courts"]] == [
        "浙0602"
    ]
    # The receiving court checks the materials before forwarding ...
    doc = (await client.get(f"/api/v1/filings/{fid}", headers=xihu)).json()["documents"][0]
    assert (
        await client.get(f"/api/v1/filings/{fid}/documents/{doc['id']}/content", headers=xihu)
    ).status_code == 200
    unchecked = await client.post(
        f"/api/v1/filings/{fid}/forward",
        json={"identity_checked": True, "materials_checked": False},
        headers=xihu,
    )
    assert unchecked.status_code == 422
    fwd = await client.post(
        f"/api/v1/filings/{fid}/forward",
        json={"identity_checked": True, "materials_checked": True},
        headers=xihu,
    )
    assert (
        fwd.status_code == 200
        and fwd.json()["status"] == "forwarded"
        and fwd.json()["competent_court_code"] == "浙0602"
    )
    # ... and once forwarded sees no more than it needs: the status, not the documents, and it decides nothing.
    assert (
        await client.get(f"/api/v1/filings/{fid}/documents/{doc['id']}/content", headers=xihu)
    ).status_code == 403
    assert (
        await client.post(
            f"/api/v1/filings/{fid}/decision", json={"decision": "refuse", "reason": "x"}, headers=xihu
        )
    ).status_code == 403

    yuecheng = await sign_in(client, "clerk.yuecheng")
    no_reason = await client.post(
        f"/api/v1/filings/{fid}/decision", json={"decision": "refuse", "reason": " "}, headers=yuecheng
    )
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    more = await client.post(
        f"/api/v1/filings/{fid}/decision",
        json={"decision": "request_more", "reason": "请补充交通事故认定书"},
        headers=yuecheng,
    )
    assert more.status_code == 200 and more.json()["status"] == "returned"

    # The litigant sees every step, with its time, court and reason.
    steps = (await client.get(f"/api/v1/filings/{fid}/status", headers=litigant)).json()["steps"]
    assert [(s["to_status"], s["court_code"]) for s in steps] == [
        ("draft", None),
        ("submitted", None),
        ("forwarded", "浙0106"),
        ("returned", "浙0602"),
    ]
    assert steps[-1]["reason"] == "请补充交通事故认定书" and all(s["at"] for s in steps)
    actions = [
        r["action"]
        for r in await AuditEvent.select(AuditEvent.action).where(AuditEvent.subject_id == str(fid))
    ]
    assert {"filing.submitted", "filing.forwarded", "filing.returned", "document.read"} <= set(actions)


async def test_overdue_lists_name_filings_past_the_limit_and_the_service_target(client: Any) -> None:
    fid, _ = await _submitted(client)
    xihu = await sign_in(client, "clerk.xihu")
    await client.post(
        f"/api/v1/filings/{fid}/forward",
        json={"identity_checked": True, "materials_checked": True, "to_court_code": "浙0602"},
        headers=xihu,
    )
    now = datetime.now(UTC)
    assert (await overdue("浙0602", now=now))["past_service_target"] == []
    late = await overdue("浙0602", now=now + timedelta(minutes=31), service_minutes=30)
    assert [r["id"] for r in late["past_service_target"]] == [fid]
    # CPL Art. 126: the decision is due within 7 days of receipt, counted by the deadline engine (CPL Art 85: to the
    # end of the 7th day, or of the next working day when that is a holiday).
    due = (await Filing.select(Filing.decision_due_at).where(Filing.id == fid).first())["decision_due_at"]
    assert due - now >= timedelta(days=6)
    assert (await overdue("浙0602", now=due - timedelta(minutes=1)))["past_registration_limit"] == []
    past = await overdue("浙0602", now=due + timedelta(minutes=1))
    assert [r["id"] for r in past["past_registration_limit"]] == [fid]
    assert (await overdue("浙0106", now=due + timedelta(days=1)))["past_registration_limit"] == []

    yuecheng = await sign_in(client, "clerk.yuecheng")
    r = await client.get("/api/v1/courts/浙0602/overdue-filings", headers=yuecheng)
    assert r.status_code == 200 and set(r.json()) == {"past_registration_limit", "past_service_target"}
    assert (await client.get("/api/v1/courts/浙0602/overdue-filings", headers=xihu)).status_code == 403
    steps = await FilingEvent.select(FilingEvent.to_status).where(FilingEvent.filing == fid)
    assert [s["to_status"] for s in steps][-1] == "forwarded"
    assert (await Filing.select(Filing.decision_due_at).where(Filing.id == fid).first())[
        "decision_due_at"
    ] is not None
