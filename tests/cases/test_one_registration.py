"""One registration path: the API and the clerk's page both register (立案) and assign (分案) through
`court.cases.registration.register_filing`."""

from __future__ import annotations

import asyncio
from typing import Any

from court.cases.registration import register_filing
from court.cases.tables import Case, CaseAssignment, CaseEvent
from tests.cases.test_registration import NOW, principal, submitted_filing
from tests.conftest import sign_in


async def test_registering_through_the_api_assigns_a_judge(client: Any) -> None:
    fid = await submitted_filing()
    headers = await sign_in(client, "clerk.xihu")
    r = await client.post(f"/api/v1/filings/{fid}/register", headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "assigned" and body["judge_id"] is not None
    case = await Case.select(Case.judge_id).where(Case.id == body["id"]).first()
    assert case["judge_id"] == body["judge_id"]
    drawn = await CaseAssignment.select(CaseAssignment.judge_id).where(CaseAssignment.case == body["id"])
    assert [row["judge_id"] for row in drawn] == [body["judge_id"]]  # the draw is recorded, once
    # Pressing "register" again returns the same case and does not draw again.
    again = await client.post(f"/api/v1/filings/{fid}/register", headers=headers)
    assert (
        again.status_code == 201
        and again.json()["id"] == body["id"]
        and again.json()["judge_id"] == body["judge_id"]
    )
    kinds = [
        e["kind"]
        for e in await CaseEvent.select(CaseEvent.kind)
        .where(CaseEvent.case == body["id"])
        .order_by(CaseEvent.id)
    ]
    assert kinds == ["registered", "assigned"]


async def test_clerks_registering_together_draw_one_judge(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    fid = await submitted_filing()
    cases = await asyncio.gather(*(register_filing(clerk, fid, now=NOW) for _ in range(5)))
    assert len({c["id"] for c in cases}) == 1
    drawn = await CaseAssignment.select(CaseAssignment.judge_id).where(CaseAssignment.case == cases[0]["id"])
    assert len(drawn) == 1 and {c["judge_id"] for c in cases} == {drawn[0]["judge_id"]}
