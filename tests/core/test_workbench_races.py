"""One outcome per workbench action under concurrency, through the API, on both engines (PostgreSQL really
overlaps the requests: each takes its own pooled connection): two closings, two decisions on one request."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from court.cases.tables import Case, CaseEvent, CaseHearing, TimeLimitChange, TimeLimitRequest
from tests.cases.test_registration import principal
from tests.conftest import sign_in
from tests.core.test_state_races import (
    N,
    assert_conflicts_name_the_state,
    audit_actions,
    registered_case,
    statuses,
)


async def test_a_case_is_closed_once_whatever_the_methods(client: httpx.AsyncClient) -> None:
    case_id = await registered_case()
    judge = await sign_in(client, "judge.xihu")
    bodies = [{"method": "withdrawal"}, {"method": "mediation", "bearer": "defendant"}] * (N // 2)
    responses = await asyncio.gather(
        *(client.post(f"/api/v1/cases/{case_id}/closing", json=b, headers=judge) for b in bodies)
    )
    assert statuses(responses) == {201: 1, 409: N - 1}, [
        r.text for r in responses if r.status_code not in (201, 409)
    ]
    assert_conflicts_name_the_state(responses, "closed")
    winner = next(r.json() for r in responses if r.status_code == 201)
    row = (
        await Case.select(Case.status, Case.closing_method, Case.closing)
        .where(Case.id == case_id)
        .output(load_json=True)
        .first()
    )
    assert (row["status"], row["closing_method"]) == ("closed", winner["method"])
    assert row["closing"]["fee"] == winner["fee"]
    kinds = [e["kind"] for e in await CaseEvent.select(CaseEvent.kind).where(CaseEvent.case == case_id)]
    assert kinds.count("closed") == 1
    assert (await audit_actions("case", case_id)).count("case.closed") == 1


async def test_a_time_limit_request_is_decided_once(client: httpx.AsyncClient) -> None:
    case_id = await registered_case()
    judge = await sign_in(client, "judge.xihu")
    r = await client.post(
        f"/api/v1/cases/{case_id}/limit-requests",
        json={"kind": "extension", "reason": "案情复杂", "months": 6},
        headers=judge,
    )
    assert r.status_code == 201, r.text
    request_id = r.json()["id"]
    leader = await sign_in(client, "leader.xihu")
    bodies = [{"approve": True, "note": "同意"}, {"approve": False, "note": "不同意"}] * (N // 2)
    responses = await asyncio.gather(
        *(
            client.post(f"/api/v1/cases/limit-requests/{request_id}/decision", json=b, headers=leader)
            for b in bodies
        )
    )
    assert statuses(responses) == {200: 1, 409: N - 1}, [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    outcome = next(r.json()["status"] for r in responses if r.status_code == 200)
    assert_conflicts_name_the_state(responses, outcome)
    row = (
        await TimeLimitRequest.select(TimeLimitRequest.status)
        .where(TimeLimitRequest.id == request_id)
        .first()
    )
    assert row["status"] == outcome
    # Approved: exactly one extension recorded (a second would have added six more months); refused: none.
    assert await TimeLimitChange.count().where(TimeLimitChange.case == case_id) == (
        1 if outcome == "approved" else 0
    )
    assert await audit_actions("time_limit_request", request_id) == [
        "time_limit_request.pending",
        f"time_limit_request.{outcome}",
    ]


async def test_two_reschedulings_of_one_hearing_book_one_new_hearing(
    client: httpx.AsyncClient, seeded: Any
) -> None:
    from court.cases.service import add_courtroom, schedule_hearing

    case_id = await registered_case()
    judge_p = await principal("judge.xihu")
    leader_p = await principal("leader.xihu")
    rooms = [await add_courtroom(leader_p, f"第{i}法庭") for i in range(1, 3)]
    start = datetime(2026, 12, 14, 1, 0, tzinfo=UTC)
    first = await schedule_hearing(
        judge_p, case_id, courtroom_id=rooms[0], starts_at=start, ends_at=start + timedelta(hours=1)
    )
    attempts = [
        schedule_hearing(
            judge_p,
            case_id,
            courtroom_id=rooms[i % 2],
            starts_at=start + timedelta(days=1 + i),
            ends_at=start + timedelta(days=1 + i, hours=1),
            replaces=first,
        )
        for i in range(6)
    ]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    assert sum(1 for r in results if isinstance(r, int)) == 1, results
    rows = await CaseHearing.select(CaseHearing.status).where(CaseHearing.case == case_id)
    assert sorted(r["status"] for r in rows) == ["cancelled", "scheduled"]
