"""One outcome per action: parallel requests on one object, through the API, on both engines.

On PostgreSQL every request of an `asyncio.gather` over the ASGI client takes its own pooled connection, so the
requests really overlap in the database (before the compare-and-set, 20 submits of one draft gave six winners).
SQLite serialises writers; the same tests hold there too.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from court.audit.tables import AuditEvent
from court.cases.tables import Case, CaseEvent, CaseHearing
from court.execution.tables import EnforcementMatter
from court.filing.tables import Filing, FilingEvent
from court.jobs.tables import OutboxJob
from testkit.pdfs import make_pdf
from tests.cases.test_registration import principal, submitted_filing
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload

N = 20


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


def assert_conflicts_name_the_state(responses: list[httpx.Response], state: str) -> None:
    for r in responses:
        if r.status_code == 409:
            assert r.json()["current_status"] == state, r.text


async def audit_actions(subject_type: str, subject_id: int) -> list[str]:
    rows = (
        await AuditEvent.select(AuditEvent.action)
        .where((AuditEvent.subject_type == subject_type) & (AuditEvent.subject_id == str(subject_id)))
        .order_by(AuditEvent.occurred_at)
        .order_by(AuditEvent.id)
    )
    return [r["action"] for r in rows]


async def draft_with_document(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    fid = await create_filing(client, headers)
    r = await upload(client, headers, fid, make_pdf(pages=1))
    assert r.status_code == 201, r.text
    return fid


async def test_twenty_parallel_submits_give_one_receipt_one_event_one_job(client: httpx.AsyncClient) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await draft_with_document(client, h)
    responses = await asyncio.gather(
        *(client.post(f"/api/v1/filings/{fid}/submit", headers=h) for _ in range(N))
    )
    assert statuses(responses) == {200: 1, 409: N - 1}, [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    assert_conflicts_name_the_state(responses, "submitted")
    receipt = next(r.json() for r in responses if r.status_code == 200)

    assert await audit_actions("filing", fid) == [
        "filing.created",
        "filing.document_added",
        "filing.submitted",
    ]
    steps = await FilingEvent.select(FilingEvent.to_status).where(FilingEvent.filing == fid)
    assert [s["to_status"] for s in steps] == ["draft", "submitted"]
    jobs = (
        await OutboxJob.select(OutboxJob.payload)
        .where(OutboxJob.name == "route_filing")
        .output(load_json=True)
    )
    assert [j["payload"]["filing_id"] for j in jobs] == [fid]
    stored = await Filing.select(Filing.number).where(Filing.id == fid).first()
    assert stored["number"] == receipt["filing_number"]

    # The losers took no number: the next filing gets the very next one.
    nxt = await draft_with_document(client, h)
    r = await client.post(f"/api/v1/filings/{nxt}/submit", headers=h)
    assert r.status_code == 200, r.text
    serial = int(receipt["filing_number"].rsplit("-", 1)[1])
    assert r.json()["filing_number"] == receipt["filing_number"].rsplit("-", 1)[0] + f"-{serial + 1:06d}"


async def test_parallel_submits_with_one_idempotency_key_all_get_the_one_receipt(
    client: httpx.AsyncClient,
) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await draft_with_document(client, h)
    responses = await asyncio.gather(
        *(
            client.post(f"/api/v1/filings/{fid}/submit", headers=h | {"Idempotency-Key": "once"})
            for _ in range(8)
        )
    )
    assert statuses(responses) == {200: 8}
    assert len({r.json()["filing_number"] for r in responses}) == 1
    assert (await audit_actions("filing", fid)).count("filing.submitted") == 1


async def test_registration_racing_refusal_has_one_outcome(client: httpx.AsyncClient) -> None:
    fid = await submitted_filing()
    clerk = await sign_in(client, "clerk.xihu")
    registers = [
        client.post(f"/api/v1/filings/{fid}/register", json={}, headers=clerk) for _ in range(N // 2)
    ]
    refusals = [
        client.post(
            f"/api/v1/filings/{fid}/decision",
            json={"decision": "refuse", "reason": "不属于民事诉讼受案范围"},
            headers=clerk,
        )
        for _ in range(N // 2)
    ]
    responses = await asyncio.gather(*[c for pair in zip(registers, refusals, strict=True) for c in pair])
    reg, ref = responses[0::2], responses[1::2]
    assert all(r.status_code in (201, 409) for r in reg), [r.text for r in reg]
    assert all(r.status_code in (200, 409) for r in ref), [r.text for r in ref]
    filing = await Filing.select(Filing.status).where(Filing.id == fid).first()
    cases = await Case.select(Case.id, Case.number).where(Case.filing_id == fid)
    actions = await audit_actions("filing", fid)
    if filing["status"] == "registered":
        # Registration won: every register answers with the one case (registering again returns it), every refusal 409.
        assert statuses(ref) == {409: N // 2}
        assert_conflicts_name_the_state(ref, "registered")
        assert len(cases) == 1 and {r.json()["id"] for r in reg if r.status_code == 201} == {cases[0]["id"]}
        assert actions == ["filing.registered"]
    else:
        assert filing["status"] == "refused"
        assert statuses(ref) == {200: 1, 409: N // 2 - 1} and statuses(reg) == {409: N // 2}
        assert_conflicts_name_the_state(reg + ref, "refused")
        assert cases == []
        assert actions == ["filing.refused"]
    assert await Case.count() == len(cases)


async def registered_case(judge: str = "judge.xihu") -> int:
    from court.accounts.tables import User
    from court.cases.registration import register_filing
    from court.cases.service import assign_case

    clerk = await principal("clerk.xihu")
    case = await register_filing(clerk, await submitted_filing())
    judge_id = (await User.select(User.id).where(User.username == judge).first())["id"]
    await assign_case(
        await principal("leader.xihu"), int(case["id"]), judge_id=int(judge_id), reason="测试指定"
    )
    return int(case["id"])


async def test_a_case_is_closed_once(client: httpx.AsyncClient) -> None:
    case_id = await registered_case()
    judge = await sign_in(client, "judge.xihu")
    responses = await asyncio.gather(
        *(
            client.post(
                f"/api/v1/cases/{case_id}/events", json={"kind": "closed", "note": "调解结案"}, headers=judge
            )
            for _ in range(N)
        )
    )
    assert statuses(responses) == {201: 1, 409: N - 1}, [
        r.text for r in responses if r.status_code not in (201, 409)
    ]
    assert_conflicts_name_the_state(responses, "closed")
    kinds = [e["kind"] for e in await CaseEvent.select(CaseEvent.kind).where(CaseEvent.case == case_id)]
    assert kinds.count("closed") == 1
    assert (await audit_actions("case", case_id)).count("case.closed") == 1


async def test_a_hearing_is_held_once(client: httpx.AsyncClient, seeded: Any) -> None:
    from court.cases.service import add_courtroom, schedule_hearing

    case_id = await registered_case()
    judge_p = await principal("judge.xihu")
    room = await add_courtroom(await principal("leader.xihu"), "第一法庭")
    start = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)
    hearing_id = await schedule_hearing(
        judge_p, case_id, courtroom_id=room, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    judge = await sign_in(client, "judge.xihu")
    responses = await asyncio.gather(
        *(
            client.post(
                f"/api/v1/cases/{case_id}/events",
                json={"kind": "heard", "hearing_id": hearing_id},
                headers=judge,
            )
            for _ in range(N)
        )
    )
    assert statuses(responses) == {201: 1, 409: N - 1}, [
        r.text for r in responses if r.status_code not in (201, 409)
    ]
    hearing = await CaseHearing.select(CaseHearing.status).where(CaseHearing.id == hearing_id).first()
    assert hearing["status"] == "held"
    assert (await audit_actions("case", case_id)).count("case.heard") == 1


async def test_an_enforcement_matter_is_closed_once(client: httpx.AsyncClient) -> None:
    from tests.execution.matter_fixtures import new_matter

    matter_id = await new_matter(await principal("enforcer.xihu"), date(2026, 3, 2), [("王丽华", "50000")])
    officer = await sign_in(client, "enforcer.xihu")
    body = {"kind": "terminated", "termination_ground": "applicant_withdrew"}
    responses = await asyncio.gather(
        *(client.post(f"/api/v1/matters/{matter_id}/close", json=body, headers=officer) for _ in range(N))
    )
    assert statuses(responses) == {201: 1, 409: N - 1}, [
        r.text for r in responses if r.status_code not in (201, 409)
    ]
    matter = (
        await EnforcementMatter.select(EnforcementMatter.status, EnforcementMatter.stage)
        .where(EnforcementMatter.id == matter_id)
        .first()
    )
    assert (matter["status"], matter["stage"]) == ("closed", "closed")
    assert (await audit_actions("matter", matter_id)).count("matter.closed") == 1


async def test_a_closed_matter_is_resumed_once(client: httpx.AsyncClient) -> None:
    from tests.execution.matter_fixtures import new_matter

    matter_id = await new_matter(await principal("enforcer.xihu"), date(2026, 3, 2), [("王丽华", "50000")])
    # Closed as 终本 the way close_matter leaves it (its conditions are tested in tests/execution).
    await EnforcementMatter.update(
        {
            EnforcementMatter.status: "closed",
            EnforcementMatter.stage: "closed",
            EnforcementMatter.closing_type: "zhongben",
            EnforcementMatter.closed_on: date(2026, 3, 3),
        }
    ).where(EnforcementMatter.id == matter_id)
    officer = await sign_in(client, "enforcer.xihu")
    responses = await asyncio.gather(
        *(client.post(f"/api/v1/matters/{matter_id}/resume", headers=officer) for _ in range(8))
    )
    assert statuses(responses) == {201: 1, 409: 7}, [
        r.text for r in responses if r.status_code not in (201, 409)
    ]
    assert await EnforcementMatter.count().where(EnforcementMatter.previous_matter_id == matter_id) == 1


async def test_a_terminal_is_revoked_once(client: httpx.AsyncClient) -> None:
    leader = await sign_in(client, "leader.xihu")
    r = await client.post(
        "/api/v1/terminals",
        json={
            "code": "XH-RACE",
            "name": "双流村共享法庭",
            "court_code": "浙0106",
            "place": "西湖区转塘街道双流村",
        },
        headers=leader,
    )
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    responses = await asyncio.gather(
        *(client.post(f"/api/v1/terminals/{tid}/revoke", headers=leader) for _ in range(N))
    )
    assert statuses(responses) == {200: 1, 409: N - 1}, [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    assert_conflicts_name_the_state(responses, "revoked")
    assert (await audit_actions("terminal", tid)).count("terminal.revoked") == 1


async def test_a_control_measure_is_released_once(client: httpx.AsyncClient) -> None:
    from court.execution.tables import ControlMeasureRow
    from tests.execution.matter_fixtures import new_matter

    today = date.today()
    matter_id = await new_matter(
        await principal("enforcer.xihu"), today - timedelta(days=40), [("王丽华", "50000")]
    )
    measure = ControlMeasureRow(
        matter=matter_id,
        property_id=1,
        kind="freeze_deposit",
        property_ref="ICBC-6222-0001",
        starts_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=300),
        amount="50000",
    )
    await measure.save()
    officer = await sign_in(client, "enforcer.xihu")
    responses = await asyncio.gather(
        *(
            client.post(f"/api/v1/matters/{matter_id}/measures/{measure.id}/release", headers=officer)
            for _ in range(N)
        )
    )
    # Releasing twice on one day is harmless (every request is answered 201), but it is recorded once.
    assert statuses(responses) == {201: N}, [r.text for r in responses if r.status_code != 201]
    assert (await audit_actions("matter", matter_id)).count("matter.measure_released") == 1


async def test_documents_uploaded_while_submitting_are_in_the_receipt_or_refused(
    client: httpx.AsyncClient,
) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await draft_with_document(client, h)
    uploads = [upload(client, h, fid, make_pdf([f"证据{i}"]), name=f"证据{i}.pdf") for i in range(6)]
    responses = await asyncio.gather(client.post(f"/api/v1/filings/{fid}/submit", headers=h), *uploads)
    submit, added = responses[0], responses[1:]
    assert submit.status_code == 200, submit.text
    assert all(r.status_code in (201, 409) for r in added), [r.text for r in added]
    from court.filing.tables import FilingDocument

    stored = {
        d["id"] for d in await FilingDocument.select(FilingDocument.id).where(FilingDocument.filing == fid)
    }
    assert {d["id"] for d in submit.json()["documents"]} == stored


async def test_racing_pollers_step_each_agency_task_once(seeded: Any) -> None:
    # Already a guarded update before issue 15 (a regression test): four polling jobs at once, as four workers.
    from decimal import Decimal

    from court.execution import tasks
    from court.execution.agencies import AgencyKind, Asset
    from court.execution.tables import AgencyTaskRow, MatterEvent, MatterProperty
    from tests.execution.matter_fixtures import at, gateway, new_matter

    day0 = date(2026, 3, 2)
    officer = await principal("enforcer.xihu")
    gw = gateway(Asset(AgencyKind.BANK, "ICBC-001", "deposit account", Decimal("500000.00"), "ICBC"))
    mid = await new_matter(officer, day0, [("王丽华", "100000.00")])
    ids = await tasks.start_network_inquiry(officer, mid, at(day0))
    for day in (day0, day0 + timedelta(days=6)):
        counts = await asyncio.gather(*(tasks.advance_tasks(gw, at(day)) for _ in range(4)))
        assert sum(c["stepped"] for c in counts) == len(ids)  # each task moved by one poller only
    rows = await AgencyTaskRow.select(AgencyTaskRow.state, AgencyTaskRow.attempts).where(
        AgencyTaskRow.matter == mid
    )
    assert {(r["state"], r["attempts"]) for r in rows} == {("answered", 1)}
    answered = await MatterEvent.count().where(
        (MatterEvent.matter == mid) & (MatterEvent.kind == "inquiry_answered")
    )
    assert answered == len(ids)
    assert await MatterProperty.count().where(MatterProperty.matter == mid) == 1


async def test_an_auction_round_is_announced_once_and_ends_once(client: httpx.AsyncClient) -> None:
    from decimal import Decimal

    from court.execution.tables import AuctionRoundRow, MatterProperty
    from tests.execution.matter_fixtures import new_matter

    matter_id = await new_matter(
        await principal("enforcer.xihu"), date.today() - timedelta(days=60), [("王丽华", "900000")]
    )
    await EnforcementMatter.update({EnforcementMatter.stage: "disposal"}).where(
        EnforcementMatter.id == matter_id
    )
    prop = MatterProperty(
        matter=matter_id,
        agency_kind="real_estate_registry",
        institution="ZJ",
        asset_ref="浙(2020)杭州市不动产权第0001号",
        value=Decimal("1000000"),
        valuation=Decimal("1000000"),
        status="controlled",
        key=f"{matter_id}:house",
    )
    await prop.save()
    officer = await sign_in(client, "enforcer.xihu")
    announced = await asyncio.gather(
        *(
            client.post(f"/api/v1/matters/{matter_id}/property/{prop.id}/auctions", json={}, headers=officer)
            for _ in range(N)
        )
    )
    assert statuses(announced) == {201: 1, 409: N - 1}, [
        r.text for r in announced if r.status_code not in (201, 409)
    ]
    assert_conflicts_name_the_state(announced, "announced")
    [round_row] = await AuctionRoundRow.select(AuctionRoundRow.id).where(
        AuctionRoundRow.property_id == prop.id
    )
    ended = await asyncio.gather(
        *(
            client.post(
                f"/api/v1/matters/{matter_id}/auctions/{round_row['id']}/result",
                json={"bids": []},
                headers=officer,
            )
            for _ in range(N)
        )
    )
    assert statuses(ended) == {201: 1, 409: N - 1}, [r.text for r in ended if r.status_code not in (201, 409)]
    events = await audit_actions("matter", matter_id)
    assert events.count("matter.auction_announced") == 1 and events.count("matter.auction_failed") == 1
