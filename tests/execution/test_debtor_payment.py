"""The debtor pays voluntarily through the payment adapter (issue 20 item 4), on both engines: at most what is owed,
the platform's signed callback records the receipt in the matter's ledger exactly once (replayed → once, forged →
refused), and the matter page and the applicant's view show it; parallel callbacks on PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from court.accounts.tables import User
from court.audit.chain import verify as verify_audit
from court.errors import InvalidInput, PermissionDenied
from court.execution import payorders
from court.execution.money import owed_on
from court.execution.service import court_day, now_of
from court.execution.tables import LedgerEntryRow, MatterParty
from court.payments import service as payments
from court.payments.platform import CallbackRefused, SimulatedPlatform, callback_secret
from tests.execution.matter_fixtures import new_matter, principal
from tests.web.forms import sign_in_by_form


def platform(runtime: Any) -> SimulatedPlatform:
    return SimulatedPlatform(callback_secret(runtime.settings))


async def matter_with_accounts(today: date) -> int:
    """A matter with wang as applicant (100,000 yuan) and lawyer.li's account acting for the debtor."""
    matter_id = await new_matter(await principal("enforcer.xihu"), today, [("王丽华", "100000")])
    wang = (await User.select(User.id).where(User.username == "litigant.wang").first())["id"]
    li = (await User.select(User.id).where(User.username == "lawyer.li").first())["id"]
    await MatterParty.update({MatterParty.user_id: wang}).where(
        (MatterParty.matter == matter_id) & (MatterParty.role == "applicant")
    )
    await MatterParty.update({MatterParty.user_id: li}).where(
        (MatterParty.matter == matter_id) & (MatterParty.role == "debtor")
    )
    return matter_id


async def receipts(matter_id: int) -> int:
    return await LedgerEntryRow.count().where(LedgerEntryRow.matter == matter_id)


async def test_the_debtor_pays_once_through_the_platform(seeded: Any) -> None:
    today = court_day(now_of(None))
    matter_id = await matter_with_accounts(today)
    sim = platform(seeded)
    debtor = await principal("lawyer.li")
    owed = payorders.balance(await owed_on(matter_id, today))
    with pytest.raises(InvalidInput):
        await payorders.start_payment(debtor, matter_id, f"{owed + Decimal('0.01')}", sim, today=today)
    for bad in ("0", "-1", "abc"):
        with pytest.raises(InvalidInput):
            await payorders.start_payment(debtor, matter_id, bad, sim, today=today)
    with pytest.raises(PermissionDenied):  # the applicant does not pay into its own matter
        await payorders.start_payment(await principal("litigant.wang"), matter_id, "100", sim, today=today)

    order = await payorders.start_payment(debtor, matter_id, "30000", sim, today=today)
    assert (
        order["order_no"].startswith("EXE") and order["checkout_url"] == f"/pay/simulated/{order['order_no']}"
    )
    before = await receipts(matter_id)
    body, signature = sim.signed_callback(order["order_no"], Decimal("30000.00"))
    forged = SimulatedPlatform(b"not the court's key").signed_callback(order["order_no"], Decimal("30000.00"))
    with pytest.raises(CallbackRefused):
        await payments.handle_callback(sim, *forged)
    with pytest.raises(CallbackRefused):  # correctly signed, another amount than the order's
        await payments.handle_callback(sim, *sim.signed_callback(order["order_no"], Decimal("1.00")))
    assert await receipts(matter_id) == before
    assert (await payments.handle_callback(sim, body, signature))["outcome"] == "paid"
    assert (await payments.handle_callback(sim, body, signature))["outcome"] == "duplicate"  # replayed
    again = sim.signed_callback(order["order_no"], Decimal("30000.00"))  # another event for the paid order
    assert (await payments.handle_callback(sim, *again))["outcome"] == "duplicate"
    assert await receipts(matter_id) == before + 1
    statement = await owed_on(matter_id, today)
    # Held in custody until paid out to the applicant: the debtor's balance is 30,000 less.
    assert statement.received == statement.custody_balance == Decimal("30000.00")
    assert payorders.balance(statement) == owed - Decimal("30000.00")
    assert not await verify_audit()


async def test_the_matter_page_and_the_applicant_see_the_payment(client: Any, seeded: Any) -> None:
    today = court_day(now_of(None))
    matter_id = await matter_with_accounts(today)
    await sign_in_by_form(client, "lawyer.li")
    page = await client.get(f"/enforcement/{matter_id}")
    assert 'id="pay-online-form"' in page.text and "通过支付平台付款" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = await client.post(
        f"/enforcement/{matter_id}/pay-online", data={"csrf_token": token, "amount": "30,000"}
    )
    assert r.status_code in (302, 303) and r.headers["location"].startswith("/pay/simulated/EXE"), r.text[
        :300
    ]
    checkout = await client.get(r.headers["location"])
    assert "模拟支付" in checkout.text and "30000.00" in checkout.text and "向执行案件付款" in checkout.text
    done = await client.post(r.headers["location"], data={"csrf_token": token})
    assert (
        done.status_code in (302, 303)
        and done.headers["location"] == f"/enforcement/{matter_id}?done=paid_online"
    )
    page = await client.get(done.headers["location"])
    assert "已于" in page.text and "到账" in page.text and "¥30,000.00" in page.text
    too_much = await client.post(
        f"/enforcement/{matter_id}/pay-online", data={"csrf_token": token, "amount": "99999999"}
    )
    assert too_much.status_code == 422 and "尚欠" in too_much.text

    await sign_in_by_form(client, "litigant.wang")
    applicant = await client.get(f"/enforcement/{matter_id}")
    assert (
        applicant.status_code == 200
        and "¥30,000.00" in applicant.text
        and 'id="pay-online-form"' not in applicant.text
    )
    await sign_in_by_form(client, "enforcer.xihu")
    officer = await client.get(f"/enforcement/{matter_id}")
    assert 'id="online-payments"' in officer.text and "¥30,000.00" in officer.text


async def test_parallel_callbacks_record_one_receipt(seeded: Any) -> None:
    today = court_day(now_of(None))
    matter_id = await matter_with_accounts(today)
    sim = platform(seeded)
    order = await payorders.start_payment(await principal("lawyer.li"), matter_id, "5000", sim, today=today)
    same = sim.signed_callback(order["order_no"], Decimal("5000.00"))
    others = [sim.signed_callback(order["order_no"], Decimal("5000.00")) for _ in range(5)]
    before = await receipts(matter_id)
    results = await asyncio.gather(*[payments.handle_callback(sim, *c) for c in [same] * 5 + others])
    assert sorted(r["outcome"] for r in results) == ["duplicate"] * 9 + ["paid"]
    assert await receipts(matter_id) == before + 1
    assert (await owed_on(matter_id, today)).received == Decimal("5000.00")
