"""End-to-end enforcement scenarios through the services, the simulated gateway in the loop, on both engines."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from court.errors import InvalidInput
from court.execution import control, disposal, money, outcome, tasks
from court.execution.agencies import Action, AgencyKind, Asset
from court.execution.auction import Bid
from court.execution.closing import ClosingType
from court.execution.ledger import EntryKind
from court.execution.matter_view import matter_view
from court.execution.notices import NoticeKind, issue_notice
from court.execution.tables import ControlMeasureRow, MatterEvent, MatterProperty
from tests.execution.matter_fixtures import add_users, at, gateway, new_matter, principal

DAY0 = date(2026, 3, 2)


@pytest.fixture
async def seeded(runtime: Any) -> Any:
    await add_users()
    return runtime


async def run_tasks(gw: Any, day: date) -> dict[str, int]:
    return await tasks.advance_tasks(gw, at(day))


async def properties(matter_id: int) -> list[dict[str, Any]]:
    return await MatterProperty.select().where(MatterProperty.matter == matter_id).order_by(MatterProperty.id)


async def test_deposits_found_frozen_deducted_paid_out_and_closed(seeded: Any) -> None:
    officer = await principal("enforcer.xihu")
    gw = gateway(Asset(AgencyKind.BANK, "ICBC-001", "deposit account", Decimal("500000.00"), "ICBC"))
    mid = await new_matter(officer, DAY0, [("王丽华", "100000.00")])
    await tasks.start_network_inquiry(officer, mid, at(DAY0))
    await run_tasks(gw, DAY0)  # sends every task
    await run_tasks(gw, DAY0 + timedelta(days=6))  # every simulated agency has answered within five days
    [deposit] = await properties(mid)
    assert deposit["institution"] == "ICBC" and deposit["asset_ref"] == "ICBC-001"

    day = DAY0 + timedelta(days=6)
    owed = await money.owed_on(mid, day + timedelta(days=10))
    assert owed.interest > 0 and owed.fee == Decimal("1400.00")  # 50 + 1.5% of 90,000 (FM Art 14(1))
    await tasks.request_control(officer, mid, deposit["id"], Action.FREEZE, at(day), owed.outstanding)
    await run_tasks(gw, day)
    await run_tasks(gw, day + timedelta(days=2))
    [measure] = await ControlMeasureRow.select().where(ControlMeasureRow.matter == mid)
    assert measure["kind"] == "freeze_deposit" and measure["expires_on"] == date(
        2027, 3, 9
    )  # 1 year (Art 485)

    day += timedelta(days=2)
    await tasks.request_control(officer, mid, deposit["id"], Action.DEDUCT, at(day), owed.outstanding)
    await run_tasks(gw, day)
    await run_tasks(gw, day + timedelta(days=2))
    day += timedelta(days=2)
    ledger = await money.load_ledger(mid)
    assert ledger.custody_balance == owed.outstanding

    first = await money.disburse(officer, mid, day, "round-1")
    again = await money.disburse(officer, mid, day, "round-1")
    assert again.replayed is True and len((await money.load_ledger(mid)).entries) == 1 + len(first.entries)
    after = await money.owed_on(mid, day)
    assert after.fully_performed and after.custody_balance == 0
    assert Decimal(str(first.returned_to_debtor)) > 0  # the buffer for interest comes back to the debtor
    assert (await money.reconcile_matter(mid)).ok

    closed = await outcome.close_matter(officer, mid, ClosingType.FULLY_PERFORMED, day)
    assert closed.closing_type == "fully_performed"
    [measure] = await ControlMeasureRow.select().where(ControlMeasureRow.matter == mid)
    assert measure["released_on"] == day
    applicant_view = await matter_view(await principal("enforcer.xihu"), mid, day)
    kinds = [e["kind"] for e in applicant_view["timeline"]]
    assert kinds[0] == "registered" and "money_disbursed" in kinds and kinds[-1] == "closed"


async def test_nothing_found_sanctions_then_zhongben_after_three_months_and_resumption(seeded: Any) -> None:
    officer = await principal("enforcer.xihu")
    gw = gateway()
    mid = await new_matter(officer, DAY0, [("王丽华", "80000.00")])
    notice = await issue_notice(seeded, officer, mid, NoticeKind.EXECUTION_NOTICE, DAY0)
    await issue_notice(seeded, officer, mid, NoticeKind.REPORT_ORDER, DAY0)
    blob = b"".join(seeded.blobs.iter_chunks(f"execution/notices/{notice.sha256}.pdf"))
    assert blob.startswith(b"%PDF") and len(blob) == notice.size

    await tasks.start_network_inquiry(officer, mid, at(DAY0))
    await run_tasks(gw, DAY0)
    await run_tasks(gw, DAY0 + timedelta(days=6))
    assert await properties(mid) == []
    with pytest.raises(InvalidInput):  # the notice's payment date has not passed yet (法释〔2015〕17号 Art 1)
        await outcome.restrict_consumption(seeded, officer, mid, DAY0 + timedelta(days=1))
    await outcome.restrict_consumption(seeded, officer, mid, DAY0 + timedelta(days=6))

    early = await outcome.closing_check(officer, mid, ClosingType.ZHONGBEN, DAY0 + timedelta(days=30))
    codes = {m.code for m in early.missing}
    assert codes == {"three_months", "report_checked", "applicant_heard"}
    with pytest.raises(InvalidInput):
        await outcome.close_matter(officer, mid, ClosingType.ZHONGBEN, DAY0 + timedelta(days=30))
    await outcome.record_facts(
        officer, mid, {"report_checked": True, "applicant_heard": True}, DAY0 + timedelta(days=40)
    )
    still = await outcome.closing_check(officer, mid, ClosingType.ZHONGBEN, date(2026, 6, 2))
    assert [m.code for m in still.missing] == ["three_months"]  # exactly three months is not "more than"
    ready = await outcome.closing_check(officer, mid, ClosingType.ZHONGBEN, date(2026, 6, 3))
    assert ready.allowed is True
    closed = await outcome.close_matter(officer, mid, ClosingType.ZHONGBEN, date(2026, 6, 3))
    assert closed.requery and closed.requery[0] == date(2026, 12, 3) and len(closed.requery) == 10

    new_id = await outcome.resume_matter(officer, mid, date(2027, 1, 5))
    view = await matter_view(officer, new_id, date(2027, 1, 5))
    assert view["number"] == "（2027）浙0106执恢1号" and view["previous_matter_id"] == mid


async def test_real_estate_auction_fails_then_sells_at_reduced_reserve_and_pays_two_applicants(
    seeded: Any,
) -> None:
    officer = await principal("enforcer.xihu")
    gw = gateway(
        Asset(
            AgencyKind.REAL_ESTATE_REGISTRY,
            "浙(2020)杭州市不动产权第0012345号",
            "residential flat",
            Decimal("1000000"),
        )
    )
    mid = await new_matter(officer, DAY0, [("王丽华", "400000.00"), ("李明远", "200000.00")])
    await tasks.start_network_inquiry(officer, mid, at(DAY0))
    await run_tasks(gw, DAY0)
    await run_tasks(gw, DAY0 + timedelta(days=6))
    [flat] = await properties(mid)
    day = DAY0 + timedelta(days=6)
    await tasks.request_control(officer, mid, flat["id"], Action.SEIZE, at(day))
    await run_tasks(gw, day)
    await run_tasks(gw, day + timedelta(days=4))
    [seal] = await ControlMeasureRow.select().where(ControlMeasureRow.matter == mid)
    assert seal["kind"] == "seal_real_estate" and (seal["starts_on"], seal["expires_on"]) == (
        date(2026, 3, 12),
        date(2029, 3, 11),
    )  # 3 years

    await disposal.set_valuation(officer, mid, flat["id"], Decimal("900000"), day)
    first = await disposal.announce_auction(officer, mid, flat["id"], day)
    assert Decimal(first.starting_price) == Decimal("630000.00")  # 70% of the valuation (Art 10)
    failed = await disposal.record_auction_result(officer, mid, first.id, [])
    assert failed.sold is False
    failed_on = failed.ended_on
    with pytest.raises(InvalidInput):  # a cut of more than 20% (Art 26)
        await disposal.announce_auction(officer, mid, flat["id"], failed_on, Decimal("500000"))
    second = await disposal.announce_auction(officer, mid, flat["id"], failed_on)
    assert second.round_no == 2 and Decimal(second.starting_price) == Decimal("504000.00")

    opens = second.bidding_starts
    bids = [
        Bid("bidder-1", Decimal("504000.00"), opens + timedelta(hours=1)),
        Bid("bidder-2", Decimal("520000.00"), opens + timedelta(hours=2)),
    ]
    sold = await disposal.record_auction_result(officer, mid, second.id, bids)
    assert sold.sold and sold.winner == "bidder-2"
    sale_day = sold.ended_on

    before = await money.owed_on(mid, sale_day)
    paid = await money.disburse(officer, mid, sale_day, "auction-proceeds")
    after = await money.owed_on(mid, sale_day)
    wang, li = after.applicants
    assert after.fee_outstanding == 0 and after.custody_balance == 0
    assert wang.paid + li.paid + after.fee_paid == Decimal("520000.00")
    # Both are ordinary creditors of equal rank: pro rata to what each is owed (CPL-Interp 2022 Art 508).
    share = wang.paid / (wang.paid + li.paid)
    expected = before.applicants[0].outstanding / (
        before.applicants[0].outstanding + before.applicants[1].outstanding
    )
    assert abs(share - expected) < Decimal("0.000001")
    assert paid.returned_to_debtor == "0" and not after.fully_performed
    ledger = await money.load_ledger(mid)
    assert [e.kind for e in ledger.entries] == [EntryKind.RECEIPT, EntryKind.DISBURSEMENT]
    assert (await money.reconcile_matter(mid)).ok


async def test_measure_about_to_lapse_is_warned_once_then_renewed(seeded: Any) -> None:
    from court.db import write_transaction
    from court.jobs.outbox import enqueue
    from court.jobs.runners import run_job

    officer = await principal("enforcer.xihu")
    gw = gateway(Asset(AgencyKind.BANK, "CCB-9", "deposit account", Decimal("3000.00"), "CCB"))
    mid = await new_matter(officer, DAY0, [("王丽华", "50000.00")])
    seeded.extras["agency_gateway"] = gw
    clock = {"now": at(DAY0)}
    seeded.extras["clock"] = lambda: clock["now"]

    async def job(name: str) -> None:
        async with write_transaction():
            job_id = await enqueue(name, {})
        assert await run_job(job_id, seeded) == "done"

    await tasks.start_network_inquiry(officer, mid, at(DAY0))
    await job("poll_agency_tasks")
    clock["now"] = at(DAY0 + timedelta(days=6))
    await job("poll_agency_tasks")
    [deposit] = await properties(mid)
    await tasks.request_control(officer, mid, deposit["id"], Action.FREEZE, clock["now"], Decimal("50000"))
    await job("poll_agency_tasks")
    clock["now"] += timedelta(days=2)
    await job("poll_agency_tasks")
    [measure] = await ControlMeasureRow.select().where(ControlMeasureRow.matter == mid)
    assert measure["amount"] == "3000.00"  # the bank froze what the account held
    expires = measure["expires_on"]

    clock["now"] = at(expires - timedelta(days=40))
    await job("measure_lapse_warnings")
    clock["now"] = at(expires - timedelta(days=10))
    await job("measure_lapse_warnings")
    await job("measure_lapse_warnings")  # a rerun the same day warns nobody twice
    warnings = await MatterEvent.select().where(
        (MatterEvent.matter == mid) & (MatterEvent.kind == "measure_lapse_warning")
    )
    assert len(warnings) == 1 and json.loads(warnings[0]["detail"])["days_left"] == 10

    renewed = await control.renew_measure(officer, measure["id"], expires - timedelta(days=10))
    assert renewed.expires_on == expires.replace(year=expires.year + 1) and renewed.renewals == 1
    await job("measure_lapse_warnings")
    warnings = await MatterEvent.select().where(
        (MatterEvent.matter == mid) & (MatterEvent.kind == "measure_lapse_warning")
    )
    assert len(warnings) == 1
