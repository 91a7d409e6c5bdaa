"""Fees paid (缴费) on both engines: the charge from the fee notice, paying through the simulated platform, the signed
callback replayed and forged, the receipt, the reminder and 按撤诉处理, refunds; parallel callbacks on PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec
import pytest

from court.audit.chain import verify as verify_audit
from court.audit.tables import AuditEvent
from court.cases import service as cases
from court.cases.tables import CaseEvent
from court.errors import Conflict
from court.payments import service
from court.payments.platform import SimulatedPlatform, callback_secret, sign
from court.payments.tables import FeeCallback, FeeCharge, FeePayment, FeeRefund
from tests.cases.test_case_handling import registered, user_id
from tests.cases.test_registration import principal
from tests.conftest import sign_in
from tests.documents.test_documents_api import assigned_case
from tests.documents.test_embedded_font import assert_chinese_embedded


def platform(runtime: Any) -> SimulatedPlatform:
    return SimulatedPlatform(callback_secret(runtime.settings))


async def open_order(client: Any, headers: dict[str, str], case_id: int) -> dict[str, Any]:
    r = await client.post(f"/api/v1/cases/{case_id}/fee/payments", headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def post_callback(client: Any, body: bytes, signature: str) -> Any:
    return await client.post(
        "/api/v1/payments/callback/simulated",
        content=body,
        headers={"x-payment-signature": signature, "content-type": "application/json"},
    )


async def test_registration_gives_the_fee_notice_with_the_engines_7_day_period(client: Any) -> None:
    case = await registered()  # registered Monday 2 March 2026; fee 3,300 yuan (Fee Measures Art 13(1))
    litigant = await sign_in(client, "litigant.wang")
    r = await client.get(f"/api/v1/cases/{case['id']}/fee", headers=litigant)
    assert r.status_code == 200, r.text
    fee = r.json()
    # CPL-Interp Art 213 / Fee Measures Art 22: 7 days from the notice on 2 March → Monday 9 March 2026.
    assert (fee["status"], fee["amount"], fee["notice_on"], fee["due_on"]) == (
        "due",
        "3300.00",
        "2026-03-02",
        "2026-03-09",
    )
    assert "CPL-Interp Art 213" in fee["article"] and fee["provisional"] is False
    # Someone not in the case is told it does not exist.
    other = await sign_in(client, "lawyer.li")
    assert (await client.get(f"/api/v1/cases/{case['id']}/fee", headers=other)).status_code == 404


async def test_paying_through_the_simulated_platform_records_one_payment_and_a_receipt(
    client: Any, seeded: Any
) -> None:
    case = await registered()
    litigant = await sign_in(client, "litigant.wang")
    order = await open_order(client, litigant, case["id"])
    assert order["simulated"] is True and order["checkout_url"] == f"/pay/simulated/{order['order_no']}"
    assert (await open_order(client, litigant, case["id"]))["order_no"] == order[
        "order_no"
    ]  # the pending one again
    clerk = await sign_in(client, "clerk.xihu")
    assert (await client.post(f"/api/v1/cases/{case['id']}/fee/payments", headers=clerk)).status_code == 403
    assert (
        await client.get(f"/api/v1/cases/{case['id']}/fee/receipt.pdf", headers=litigant)
    ).status_code == 404

    body, signature = platform(seeded).signed_callback(order["order_no"], Decimal("3300.00"))
    r = await post_callback(client, body, signature)
    assert r.status_code == 200 and r.json()["outcome"] == "paid", r.text
    fee = (await client.get(f"/api/v1/cases/{case['id']}/fee", headers=litigant)).json()
    event = msgspec.json.decode(body)
    assert (
        fee["status"] == "paid"
        and fee["payment"]["trade_no"] == event["trade_no"]
        and fee["payments_recorded"] == 1
    )

    # Replayed: the same notification again changes nothing and is answered as already processed.
    again = await post_callback(client, body, signature)
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    # A second notification for the paid order (another event id) records nothing either.
    body2, signature2 = platform(seeded).signed_callback(order["order_no"], Decimal("3300.00"))
    assert (await post_callback(client, body2, signature2)).json()["outcome"] == "duplicate"
    assert await FeePayment.count().where(FeePayment.status == "paid") == 1
    assert await AuditEvent.count().where(AuditEvent.action == "fee.paid") == 1
    assert await FeeRefund.count() == 0
    # Paid: no new order.
    assert (
        await client.post(f"/api/v1/cases/{case['id']}/fee/payments", headers=litigant)
    ).status_code == 409

    pdf = await client.get(f"/api/v1/cases/{case['id']}/fee/receipt.pdf", headers=litigant)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = assert_chinese_embedded(pdf.content)  # the face travels with the PDF: readable without CJK fonts
    assert case["number"] in text and "3300.00" in text and "模拟支付" in text and event["trade_no"] in text
    assert not await verify_audit()  # the fee_charge histories replay against their machine


async def test_a_forged_stale_or_altered_callback_is_refused_and_changes_nothing(
    client: Any, seeded: Any
) -> None:
    case = await registered()
    litigant = await sign_in(client, "litigant.wang")
    order = await open_order(client, litigant, case["id"])
    body, signature = platform(seeded).signed_callback(order["order_no"], Decimal("3300.00"))
    forged = SimulatedPlatform(b"not the court's key").signed_callback(order["order_no"], Decimal("3300.00"))
    stamp = int(time.time())
    cheap = body.replace(b'"3300.00"', b'"1.00"')
    cases_ = [
        forged,  # signed with another key
        (body, ""),  # unsigned
        (cheap, signature),  # the body altered after signing
        (cheap, sign(callback_secret(seeded.settings), cheap, stamp)),  # correctly signed, wrong amount
        (body, sign(callback_secret(seeded.settings), body, stamp - 3600)),  # an hour old
    ]
    for forged_body, forged_signature in cases_:
        r = await post_callback(client, forged_body, forged_signature)
        assert r.status_code == 400 and r.json()["code"] == "payment_callback_refused", r.text
    zh = await client.post(
        "/api/v1/payments/callback/simulated",
        content=forged[0],
        headers={"x-payment-signature": forged[1], "accept-language": "zh-CN"},
    )
    assert "支付回调未通过校验" in zh.text
    assert (
        await client.post(
            "/api/v1/payments/callback/alipay", content=body, headers={"x-payment-signature": signature}
        )
    ).status_code == 400
    assert await FeeCallback.count() == 0
    assert (await FeePayment.select(FeePayment.status).first())["status"] == "pending"
    assert (await FeeCharge.select(FeeCharge.status).first())["status"] == "due"
    assert (await post_callback(client, body, signature)).json()[
        "outcome"
    ] == "paid"  # the genuine one still works


async def test_unpaid_fee_reminder_then_withdrawal_deemed_once(seeded: Any) -> None:
    case = await assigned_case()  # notice 2 March, last day Monday 9 March 2026
    assert await service.sweep_unpaid(date(2026, 3, 6)) == {"checked": 0, "reminded": 0, "withdrawn": 0}
    assert await service.sweep_unpaid(date(2026, 3, 7)) == {"checked": 1, "reminded": 1, "withdrawn": 0}
    assert await service.sweep_unpaid(date(2026, 3, 8)) == {
        "checked": 1,
        "reminded": 0,
        "withdrawn": 0,
    }  # once
    assert await service.sweep_unpaid(date(2026, 3, 9)) == {
        "checked": 1,
        "reminded": 0,
        "withdrawn": 0,
    }  # last day
    assert (await cases.load_case(case["id"]))["status"] == "assigned"
    assert await service.sweep_unpaid(date(2026, 3, 10)) == {"checked": 1, "reminded": 0, "withdrawn": 1}
    closed = await cases.load_case(case["id"])
    assert closed["status"] == "closed" and closed["closed_on"] == date(2026, 3, 10)
    event = (
        await CaseEvent.select()
        .where((CaseEvent.case == case["id"]) & (CaseEvent.kind == "closed"))
        .output(load_json=True)
        .first()
    )
    assert (
        event["detail"]["manner"] == "withdrawal_deemed"
        and event["detail"]["article"] == "CPL-Interp Art 213"
    )
    assert await service.sweep_unpaid(date(2026, 3, 11)) == {"checked": 0, "reminded": 0, "withdrawn": 0}
    assert not await verify_audit()


async def test_a_case_no_judge_has_yet_waits_for_its_judge_before_it_is_treated_as_withdrawn(
    seeded: Any,
) -> None:
    case = await registered()
    # 按撤诉处理 is the trying judge's ruling: no judge, no withdrawal — the charge stays due.
    assert await service.sweep_unpaid(date(2026, 3, 10)) == {"checked": 1, "reminded": 0, "withdrawn": 0}
    assert (await cases.load_case(case["id"]))["status"] == "registered"
    await cases.assign_case(
        await principal("clerk.xihu"), case["id"], judge_id=await user_id("judge.xihu"), reason="指定"
    )
    assert await service.sweep_unpaid(date(2026, 3, 10)) == {"checked": 1, "reminded": 0, "withdrawn": 1}
    assert (await cases.load_case(case["id"]))[
        "status"
    ] == "closed"  # the fee_charge histories replay against their machine


async def test_a_paid_fee_is_never_withdrawn_and_a_late_payment_is_owed_back(seeded: Any) -> None:
    paid_case, late_case = await assigned_case(), await assigned_case()
    wang = await principal("litigant.wang")
    sim = platform(seeded)
    order = await service.start_payment(wang, paid_case["id"], sim)
    await service.handle_callback(sim, *sim.signed_callback(order["order_no"], Decimal("3300.00")))
    late = await service.start_payment(wang, late_case["id"], sim)
    assert await service.sweep_unpaid(date(2026, 3, 10)) == {"checked": 1, "reminded": 0, "withdrawn": 1}
    assert (await cases.load_case(paid_case["id"]))["status"] == "assigned"
    # The platform reports the late order paid after the case was treated as withdrawn: recorded, and owed back.
    result = await service.handle_callback(sim, *sim.signed_callback(late["order_no"], Decimal("3300.00")))
    assert result["outcome"] == "refund_due"
    view = await service.charge_view(late_case["id"])
    assert view is not None and view["status"] == "withdrawn" and view["refunded"] == "3300.00"


async def test_refunds_recorded_at_closing_never_exceed_the_fee_paid(seeded: Any) -> None:
    case = await registered()
    wang = await principal("litigant.wang")
    sim = platform(seeded)
    with pytest.raises(Conflict):
        await service.record_refund(
            None, case["id"], Decimal("1650.00"), reason="调解结案", article="Fee Measures Art 15"
        )
    order = await service.start_payment(wang, case["id"], sim)
    await service.handle_callback(sim, *sim.signed_callback(order["order_no"], Decimal("3300.00")))
    # Fee Measures Art 15: a case closed by mediation or withdrawal pays half — 1,650 of 3,300 back.
    view = await service.record_refund(
        None, case["id"], Decimal("1650.00"), reason="调解结案", article="Fee Measures Art 15"
    )
    assert view["refunded"] == "1650.00"
    with pytest.raises(Conflict):
        await service.record_refund(
            None, case["id"], Decimal("1650.01"), reason="再退", article="Fee Measures Art 15"
        )


@pytest.mark.postgres
async def test_parallel_callbacks_record_one_payment(seeded: Any) -> None:
    from court.db import is_sqlite

    case = await registered()
    sim = platform(seeded)
    order = await service.start_payment(await principal("litigant.wang"), case["id"], sim)
    same = sim.signed_callback(order["order_no"], Decimal("3300.00"))
    others = [sim.signed_callback(order["order_no"], Decimal("3300.00")) for _ in range(3)]
    results = await asyncio.gather(*[service.handle_callback(sim, *c) for c in [same] * 4 + others])
    outcomes = sorted(r["outcome"] for r in results)
    assert outcomes == ["duplicate"] * 6 + ["paid"], (outcomes, is_sqlite())
    assert await FeePayment.count().where(FeePayment.status == "paid") == 1
    assert await AuditEvent.count().where(AuditEvent.action == "fee.paid") == 1
    assert await FeeRefund.count() == 0
