"""The litigant's case page on both engines: case number, judge, fee notice and the pay button, the simulated
checkout labelled 模拟支付, the receipt after payment; Chinese first, English on request, no English on the Chinese page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from court.cases import service as cases
from court.payments.tables import FeePayment
from tests.cases.test_registration import principal
from tests.documents.test_document_pages import _sign_in
from tests.documents.test_documents_api import assigned_case


async def test_the_litigant_sees_the_fee_notice_pays_on_the_simulated_platform_and_gets_the_receipt(
    client: Any,
) -> None:
    case = await assigned_case()
    token = await _sign_in(client, "litigant.wang")
    page = await client.get(f"/my-cases/{case['id']}")
    assert page.status_code == 200, page.text
    for text in (
        case["number"],
        "周法官",
        "应预交案件受理费",
        "¥3300.00",
        "2026-03-09",
        "按撤诉处理",
        "立即缴费",
        "尚未安排开庭",
    ):
        assert text in page.text, text
    assert "第二百一十三条" in page.text and "CPL-Interp" not in page.text
    for english in ("Pay the fee", "Litigation fee", "Hearings", "due", "registered"):
        assert f">{english}<" not in page.text, english
    filing = await client.get(f"/filings/{case['filing_id']}")
    assert f'href="/my-cases/{case["id"]}"' in filing.text and "registered as" not in filing.text
    assert "已立案，案号" + case["number"] in filing.text

    r = await client.post(f"/my-cases/{case['id']}/pay", data={"csrf_token": token})
    assert r.status_code in (302, 303), r.text
    checkout = r.headers["location"]
    assert checkout.startswith("/pay/simulated/FEE")
    sim = await client.get(checkout)
    assert (
        sim.status_code == 200
        and "模拟支付" in sim.text
        and "不发生真实扣款" in sim.text
        and "¥3300.00" in sim.text
    )
    assert (await client.post(checkout, data={})).status_code == 403  # no CSRF token: refused, nothing paid
    assert (await FeePayment.select(FeePayment.status).first())["status"] == "pending"
    r = await client.post(checkout, data={"csrf_token": token})
    assert r.status_code in (302, 303) and r.headers["location"] == f"/my-cases/{case['id']}?paid=1"
    paid = await client.get(r.headers["location"])
    assert "已收到缴费" in paid.text and "已缴费" in paid.text and 'id="receipt-link"' in paid.text
    assert 'id="pay-button"' not in paid.text
    again = await client.post(checkout, data={"csrf_token": token})  # pressed twice: one payment
    assert again.status_code in (302, 303)
    assert await FeePayment.count().where(FeePayment.status == "paid") == 1

    # The hearing the judge books appears on the page, in Hangzhou time (10:00 CST is 02:00 UTC).
    room = await cases.add_courtroom(await principal("leader.xihu"), "第一法庭")
    await cases.schedule_hearing(
        await principal("judge.xihu"),
        case["id"],
        courtroom_id=room,
        starts_at=datetime(2026, 4, 1, 2, 0, tzinfo=UTC),
        ends_at=datetime(2026, 4, 1, 3, 0, tzinfo=UTC),
    )
    with_hearing = await client.get(f"/my-cases/{case['id']}")
    assert "第一法庭" in with_hearing.text and "2026-04-01 10:00" in with_hearing.text, with_hearing.text[
        -1500:
    ]

    english = await client.get(f"/my-cases/{case['id']}?lang=en")
    assert "Paid" in english.text and "Download the receipt (PDF)" in english.text

    await _sign_in(client, "lawyer.li")  # not in the case: told it does not exist
    assert (await client.get(f"/my-cases/{case['id']}")).status_code == 404
    assert (await client.get("/pay/simulated/" + "X" * 41)).status_code == 404


async def test_the_checkout_page_names_no_order_that_does_not_exist(client: Any) -> None:
    await _sign_in(client, "litigant.wang")
    r = await client.get("/pay/simulated/FEE1XDEADBEEF")
    assert r.status_code == 404 and re.search("未找到", r.text)
