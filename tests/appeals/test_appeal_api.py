"""The appeal and enforcement-application JSON API (court.appeals.web, court.execution.application_web) on both
engines: an appeal end to end through HTTP (filed → paid through the simulated platform's signed callback →
forwarded → registered at 浙01 → decided), its refusals (out of period 409, the wrong role 403 or the one 404, a
bad body 422/400), the Idempotency-Key, and the one-step enforcement application with twenty parallel requests."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from court.appeals.tables import Appeal
from court.audit.chain import verify as verify_audit
from court.cases import service as cases
from court.cases.tables import Case
from court.documents import service as documents
from court.documents.tables import CourtDocument
from court.execution.tables import EnforcementMatter
from court.payments.platform import SIGNATURE_HEADER, SimulatedPlatform, platform_for
from tests.appeals.helpers import served_judgment
from tests.cases.test_registration import principal
from tests.conftest import sign_in
from tests.execution.test_enforcement_application import (
    assert_one_matter_per_enforcement_case,
    effective_judgment,
)

GROUNDS = "原审认定事实不清，借款已部分归还。"
REQUEST = "撤销原判，改判驳回被上诉人的诉讼请求。"
ZH = {"accept-language": "zh-CN"}


def _platform(runtime: Any) -> SimulatedPlatform:
    p = platform_for(runtime.settings)
    assert isinstance(p, SimulatedPlatform)
    return p


async def _file(client: Any, headers: dict[str, str], case_id: int, **extra: Any) -> Any:
    return await client.post(
        f"/api/v1/cases/{case_id}/appeals",
        headers=headers,
        json={"request": REQUEST, "grounds": GROUNDS, **extra},
    )


async def test_an_appeal_end_to_end_through_the_api(client: Any, seeded: Any) -> None:
    today = cases.court_today()
    case, judgment = await served_judgment(seeded, today - timedelta(days=3))
    wang = await sign_in(client, "litigant.wang")
    filed = await _file(client, wang, case["id"], amount="150000", document_id=judgment["id"])
    assert filed.status_code == 201, filed.text
    appeal = filed.json()
    assert appeal["status"] == "filed" and appeal["appeal_court_code"] == "浙01"
    assert appeal["appeal_court_name"] == "浙江省杭州市中级人民法院" and appeal["court_name"].endswith(
        "西湖区人民法院"
    )
    assert appeal["case_number"] == case["number"] and appeal["request"] == REQUEST
    assert appeal["fee"] == "3300.00" and appeal["fee_status"] == "due" and appeal["amount"] == "150000.00"
    assert appeal["article"] and appeal["last_day"] >= appeal["served_on"]
    assert appeal["manifest"] == {
        "documents": 0,
        "sha256": None,
        "forwarded_at": None,
        "verified": None,
        "mismatched": [],
    }
    aid = appeal["id"]

    # The party reads it and finds it among its own; the first-instance staff among the outgoing.
    assert (await client.get(f"/api/v1/appeals/{aid}", headers=wang)).json()["id"] == aid
    mine = (await client.get("/api/v1/appeals", headers=wang)).json()
    assert [a["id"] for a in mine["mine"]] == [aid] and mine["outgoing"] == [] == mine["incoming"]
    clerk = await sign_in(client, "clerk.xihu")
    lists = (await client.get("/api/v1/appeals", headers=clerk)).json()
    assert [a["id"] for a in lists["outgoing"]] == [aid] and lists["incoming"] == []
    hz_clerk = await sign_in(client, "clerk.hz01")
    assert (await client.get("/api/v1/appeals", headers=hz_clerk)).json()[
        "incoming"
    ] == []  # not forwarded yet

    # Not forwarded before the fee is paid: 409 in the user's language.
    early = await client.post(f"/api/v1/appeals/{aid}/forward", headers={**clerk, **ZH})
    assert early.status_code == 409 and "待交上诉费" in early.text

    # The fee: the order opened through the API, paid by the platform's signed callback.
    order = await client.post(f"/api/v1/appeals/{aid}/payment", headers=wang)
    assert order.status_code == 201, order.text
    assert order.json()["amount"] == "3300.00" and order.json()["checkout_url"]
    sim = _platform(seeded)
    body, signature = sim.signed_callback(order.json()["order_no"], Decimal(order.json()["amount"]))
    paid = await client.post(
        f"/api/v1/payments/callback/{sim.name}",
        content=body,
        headers={SIGNATURE_HEADER: signature, "content-type": "application/json"},
    )
    assert paid.status_code == 200 and paid.json()["outcome"] == "paid", paid.text
    assert (await client.get(f"/api/v1/appeals/{aid}", headers=clerk)).json()["status"] == "paid"
    again = await client.post(f"/api/v1/appeals/{aid}/payment", headers=wang)
    assert again.status_code == 409  # nothing left to pay

    # 西湖 does not register; the party does not forward.
    assert (await client.post(f"/api/v1/appeals/{aid}/register", headers=clerk)).status_code == 403
    assert (await client.post(f"/api/v1/appeals/{aid}/forward", headers=wang)).status_code == 403
    forwarded = await client.post(f"/api/v1/appeals/{aid}/forward", headers=clerk)
    assert forwarded.status_code == 200, forwarded.text
    summary = forwarded.json()["manifest"]
    assert (
        forwarded.json()["status"] == "forwarded"
        and summary["documents"] >= 1
        and len(summary["sha256"]) == 64
    )
    assert summary["verified"] is None
    twice = await client.post(f"/api/v1/appeals/{aid}/forward", headers=clerk)
    assert twice.status_code == 409

    # 浙01 sees it incoming now and registers it as a 民终 case, the dossier verified.
    incoming = (await client.get("/api/v1/appeals", headers=hz_clerk)).json()["incoming"]
    assert [a["id"] for a in incoming] == [aid]
    registered = await client.post(f"/api/v1/appeals/{aid}/register", headers=hz_clerk)
    assert registered.status_code == 200, registered.text
    reg = registered.json()
    assert reg["status"] == "registered" and reg["manifest"]["verified"] is True
    assert reg["second_number"].startswith(f"（{today.year}）浙01民终") and reg["second_case_id"]
    assert reg["case_number"] == case["number"]  # both courts' case numbers on one answer

    # The decision: only the 民终 case's judge, once its judgment is signed; a bad outcome is a malformed body.
    hz_judge = await sign_in(client, "judge.hz01")
    bad = await client.post(f"/api/v1/appeals/{aid}/decision", headers=hz_judge, json={"outcome": "maybe"})
    assert bad.status_code == 400
    unsigned = await client.post(
        f"/api/v1/appeals/{aid}/decision", headers=hz_judge, json={"outcome": "affirmed"}
    )
    assert unsigned.status_code == 409
    judge = await principal("judge.hz01")
    doc = await documents.create_document(judge, reg["second_case_id"], "judgment")
    await documents.sign_document(judge, seeded, doc["id"], version=1)
    xihu_judge = await sign_in(client, "judge.xihu")
    refused = await client.post(
        f"/api/v1/appeals/{aid}/decision", headers=xihu_judge, json={"outcome": "affirmed"}
    )
    assert refused.status_code == 403  # sees the appeal (its own court's), decides nothing at 浙01
    decided = await client.post(
        f"/api/v1/appeals/{aid}/decision", headers=hz_judge, json={"outcome": "affirmed"}
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "decided" and decided.json()["outcome"] == "affirmed"
    first = (
        await CourtDocument.select(CourtDocument.effective_on)
        .where(CourtDocument.id == judgment["id"])
        .first()
    )
    assert first["effective_on"] == cases.court_today()  # 维持原判: the first judgment takes effect with it
    assert not await verify_audit()


async def test_refusals_out_of_period_wrong_role_and_bad_body(client: Any, seeded: Any) -> None:
    today = cases.court_today()
    late_case, _ = await served_judgment(seeded, today - timedelta(days=40))
    wang = await sign_in(client, "litigant.wang")
    late = await _file(client, {**wang, **ZH}, late_case["id"])
    assert late.status_code == 409 and "上诉期已于" in late.text, late.text
    en = await _file(client, {**wang, "accept-language": "en"}, late_case["id"])
    assert en.status_code == 409 and "上诉期" not in en.text

    case, _ = await served_judgment(seeded, today - timedelta(days=3))
    # A bad body: the request missing is the service's 422 in the user's language; a wrong type is malformed.
    empty = await client.post(
        f"/api/v1/cases/{case['id']}/appeals", headers={**wang, **ZH}, json={"grounds": GROUNDS}
    )
    assert empty.status_code == 422 and "请填写上诉请求" in empty.text
    typed = await client.post(
        f"/api/v1/cases/{case['id']}/appeals", headers=wang, json={"request": 5, "grounds": 6}
    )
    assert typed.status_code == 400
    unknown = await _file(client, wang, case["id"], extra_field="x")
    assert unknown.status_code == 400
    bad_amount = await _file(client, {**wang, **ZH}, case["id"], amount="十万")
    assert bad_amount.status_code == 422
    assert await Appeal.count() == 0

    # The court's staff see the case but file nothing (403); an outsider learns nothing (the missing case's 404).
    clerk = await sign_in(client, "clerk.xihu")
    assert (await _file(client, clerk, case["id"])).status_code == 403
    outsider = await sign_in(client, "clerk.yuecheng")
    hidden = await _file(client, outsider, case["id"])
    missing = await _file(client, outsider, 999_999)
    assert (
        hidden.status_code == missing.status_code == 404 and hidden.json()["type"] == missing.json()["type"]
    )

    wang = await sign_in(client, "litigant.wang")
    aid = (await _file(client, wang, case["id"])).json()["id"]
    for who in ("clerk.yuecheng", "clerk.hz01", "enforcer.xihu", "lawyer.li"):
        h = await sign_in(client, who)
        seen = await client.get(f"/api/v1/appeals/{aid}", headers=h)
        absent = await client.get("/api/v1/appeals/999999", headers=h)
        assert seen.status_code == absent.status_code == 404, who  # the one 404: 浙01 before forwarding too
        assert (await client.post(f"/api/v1/appeals/{aid}/payment", headers=h)).status_code == 404, who
    # The court's staff see it but pay nothing; an enforcement officer is not among the appeal's readers.
    assert (await client.post(f"/api/v1/appeals/{aid}/payment", headers=clerk)).status_code == 403
    assert (
        await client.get("/api/v1/appeals", headers=await sign_in(client, "enforcer.xihu"))
    ).status_code == 403


async def test_the_idempotency_key_returns_the_first_appeal_and_refuses_another_body(
    client: Any, seeded: Any
) -> None:
    today = cases.court_today()
    case, _ = await served_judgment(seeded, today - timedelta(days=2))
    wang = await sign_in(client, "litigant.wang")
    keyed = {**wang, "idempotency-key": "mobile-7f3a"}
    first = await _file(client, keyed, case["id"], amount="150000")
    assert first.status_code == 201, first.text
    retry = await _file(client, keyed, case["id"], amount="150000")
    assert retry.status_code == 201 and retry.json() == first.json()
    other = await _file(client, {**keyed, **ZH}, case["id"], amount="100000")
    assert other.status_code == 409 and other.json()["type"].endswith("idempotency_key_reused"), other.text
    assert await Appeal.count() == 1
    from court.idempotency import IdempotencyKey

    assert await IdempotencyKey.count() == 1


async def test_the_enforcement_application_through_the_api(client: Any, seeded: Any) -> None:
    case, judgment = await effective_judgment(seeded, effective_on=None)
    wang = await sign_in(client, "litigant.wang")
    url = f"/api/v1/cases/{case['id']}"
    [offer] = (await client.get(f"{url}/enforceable-decisions", headers=wang)).json()
    assert offer["state"] == "not_effective" and offer["last_day"] is None and offer["amount"] == "150000.00"
    early = await client.post(
        f"{url}/enforcement-applications", headers={**wang, **ZH}, json={"document_id": judgment["id"]}
    )
    assert early.status_code == 409 and "尚未发生法律效力" in early.text

    await CourtDocument.update({CourtDocument.effective_on: date(2020, 1, 2)}).where(
        CourtDocument.id == judgment["id"]
    )
    [lapsed] = (await client.get(f"{url}/enforceable-decisions", headers=wang)).json()
    assert lapsed["state"] == "lapsed" and "250" in lapsed["article"]
    assert (
        await client.post(
            f"{url}/enforcement-applications", headers=wang, json={"document_id": judgment["id"]}
        )
    ).status_code == 409

    effective = cases.court_today() - timedelta(days=10)
    await CourtDocument.update({CourtDocument.effective_on: effective}).where(
        CourtDocument.id == judgment["id"]
    )
    [open_] = (await client.get(f"{url}/enforceable-decisions", headers=wang)).json()
    assert open_["state"] == "open" and date.fromisoformat(open_["last_day"]) > effective + timedelta(
        days=700
    )
    over = await client.post(
        f"{url}/enforcement-applications",
        headers=wang,
        json={"document_id": judgment["id"], "amount": "999999"},
    )
    assert over.status_code == 422
    assert (
        await client.post(f"{url}/enforcement-applications", headers=wang, json={"amount": "1"})
    ).status_code == 400
    clerk = await sign_in(client, "clerk.xihu")
    assert (
        await client.post(
            f"{url}/enforcement-applications", headers=clerk, json={"document_id": judgment["id"]}
        )
    ).status_code == 403
    outsider = await sign_in(client, "clerk.yuecheng")
    assert (
        await client.post(
            f"{url}/enforcement-applications", headers=outsider, json={"document_id": judgment["id"]}
        )
    ).status_code == 404
    assert (
        await client.get(f"{url}/enforceable-decisions", headers=clerk)
    ).json() == []  # not the applicant's side

    made = await client.post(
        f"{url}/enforcement-applications",
        headers=wang,
        json={"document_id": judgment["id"], "amount": "120000"},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["created"] is True and "执" in body["number"] and body["case_id"] and body["matter_id"]
    matter = await EnforcementMatter.select().where(EnforcementMatter.id == body["matter_id"]).first()
    assert matter["number"] == body["number"] and matter["title_case_id"] == case["id"]
    again = await client.post(
        f"{url}/enforcement-applications", headers=wang, json={"document_id": judgment["id"]}
    )
    assert again.json() == {**body, "created": False}
    [applied] = (await client.get(f"{url}/enforceable-decisions", headers=wang)).json()
    assert applied["state"] == "applied" and applied["applied"]["number"] == body["number"]
    await assert_one_matter_per_enforcement_case()


@pytest.mark.postgres
async def test_twenty_parallel_enforcement_applications_through_the_api_make_one(
    client: Any, seeded: Any
) -> None:
    from court.db import is_sqlite

    if is_sqlite():
        pytest.skip("the race is PostgreSQL's: SQLite serialises every writer")
    case, judgment = await effective_judgment(seeded, effective_on=cases.court_today() - timedelta(days=5))
    wang = await sign_in(client, "litigant.wang")
    responses = await asyncio.gather(
        *[
            client.post(
                f"/api/v1/cases/{case['id']}/enforcement-applications",
                headers=wang,
                json={"document_id": judgment["id"]},
            )
            for _ in range(20)
        ]
    )
    assert all(r.status_code == 201 for r in responses), [
        r.text[:200] for r in responses if r.status_code != 201
    ]
    bodies = [r.json() for r in responses]
    assert sum(1 for b in bodies if b["created"]) == 1
    assert len({(b["case_id"], b["matter_id"], b["number"]) for b in bodies}) == 1
    assert await EnforcementMatter.count() == 1 and await Case.count().where(Case.type_code == "执") == 1
    await assert_one_matter_per_enforcement_case()
    assert not await verify_audit()


async def test_hostile_numbers_are_refused_without_a_server_error(client: Any, seeded: Any) -> None:
    case, _ = await served_judgment(seeded, cases.court_today() - timedelta(days=2))
    wang = await sign_in(client, "litigant.wang")
    for body in (
        {"document_id": 2**40},
        {"party_id": 2**62},
        {"amount": "1e999"},
        {"amount": "-5"},
        {"amount": "NaN"},
        {"document_id": -1},
    ):
        r = await _file(client, wang, case["id"], **body)
        assert 400 <= r.status_code < 500, (body, r.status_code, r.text[:200])
    for body2 in ({"document_id": 2**40}, {"document_id": 0, "amount": "1e999"}):
        r = await client.post(
            f"/api/v1/cases/{case['id']}/enforcement-applications", headers=wang, json=body2
        )
        assert 400 <= r.status_code < 500, (body2, r.status_code, r.text[:200])
    assert await Appeal.count() == 0
