"""The enforcement journeys of issue 7, played at the rule level across the execution modules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import msgspec

from court.execution.agencies import (
    Action,
    AgencyKind,
    AgencyRequest,
    AgencyTask,
    Asset,
    SimulatedGateway,
    TaskState,
    step,
)
from court.execution.auction import (
    CHINA,
    Bid,
    NextStep,
    PropertyKind,
    after_failed_round,
    close_bidding,
    plan_auction_round,
    plan_sale,
)
from court.execution.closing import ClosingType, MatterFacts, can_close, close, zhongben_conditions
from court.execution.ledger import (
    ClaimOnProceeds,
    Ledger,
    PriorityClass,
    ReceiptSource,
    applicant_account,
    plan_disbursement,
    reconcile,
)
from court.execution.measures import MeasureKind, impose, measures_needing_warning, renew
from court.execution.sanctions import ListingGround, list_debtor, restrict_consumption
from court.execution.stages import Stage, advance

D = Decimal
REGISTERED = date(2025, 1, 15)
T0 = datetime(2025, 1, 20, 1, 0, tzinfo=UTC)


def run(task: AgencyTask, gateway: SimulatedGateway) -> AgencyTask:
    now = T0
    while task.state not in (TaskState.ANSWERED, TaskState.GAVE_UP):
        task = step(task, gateway, now)
        now += timedelta(hours=6)
    return task


def test_deposits_found_frozen_deducted_paid_out_and_closed_fully_performed() -> None:
    account = Asset(AgencyKind.BANK, "ACC-9", "deposit", D("150000.00"))
    gateway = SimulatedGateway(11, holdings={"debtor": [account]}, failure_rate=0)
    stage = advance(advance(Stage.REGISTRATION, Stage.NOTICE_AND_REPORT), Stage.INQUIRY_AND_CONTROL)

    found = run(
        AgencyTask(AgencyRequest("q", AgencyKind.BANK, Action.INQUIRE, "debtor"), T0 + timedelta(days=7)),
        gateway,
    )
    assert found.answer is not None and found.answer.assets == (account,)
    owed = D("100000.00")
    fee = D("100000") * D("0.015") - 100  # Fee Measures Art 14: 1.5%·X − 100 for 10,000 < X ≤ 500,000
    freeze = run(
        AgencyTask(
            AgencyRequest("f", AgencyKind.BANK, Action.FREEZE, "debtor", "ACC-9", owed + fee),
            T0 + timedelta(days=7),
        ),
        gateway,
    )
    assert freeze.answer is not None and freeze.answer.amount_done == owed + fee
    measure = impose(
        "freeze-1", MeasureKind.FREEZE_DEPOSIT, "ACC-9", date(2025, 1, 21), amount=str(owed + fee)
    )
    deduct = run(
        AgencyTask(
            AgencyRequest("d", AgencyKind.BANK, Action.DEDUCT, "debtor", "ACC-9", owed + fee),
            T0 + timedelta(days=7),
        ),
        gateway,
    )
    assert deduct.answer is not None and deduct.answer.amount_done is not None

    stage = advance(stage, Stage.MONEY)
    ledger = Ledger("(2025)浙0106执1号")
    ledger.receive(
        deduct.answer.receipt, deduct.answer.amount_done, ReceiptSource.BANK_DEDUCTION, date(2025, 1, 25)
    )
    payouts = plan_disbursement(
        ledger.custody_balance,
        [ClaimOnProceeds("court", fee, PriorityClass.EXECUTION_COSTS), ClaimOnProceeds("applicant", owed)],
    )
    ledger.pay_out("plan-1", payouts, date(2025, 1, 26))
    ledger.pay_out("plan-1", payouts, date(2025, 1, 26))  # the job ran twice: paid once
    assert ledger.balance(applicant_account("applicant")) == owed
    assert ledger.custody_balance == 0 and reconcile(ledger).ok

    stage = advance(advance(stage, Stage.CLOSING), Stage.CLOSED)
    facts = MatterFacts(
        registered_on=REGISTERED, fully_performed=ledger.balance(applicant_account("applicant")) == owed
    )
    assert can_close(ClosingType.FULLY_PERFORMED, facts, date(2025, 1, 27))
    assert measure.expires_on == date(2026, 1, 20)


def test_nothing_found_sanctions_then_zhongben_refused_before_three_months_and_allowed_after() -> None:
    gateway = SimulatedGateway(12, holdings={"debtor": []}, failure_rate=0)
    for kind in AgencyKind:
        answered = run(
            AgencyTask(AgencyRequest(f"q-{kind}", kind, Action.INQUIRE, "debtor"), T0 + timedelta(days=10)),
            gateway,
        )
        assert answered.answer is not None and answered.answer.assets == ()

    facts = MatterFacts(registered_on=REGISTERED)
    today = date(2025, 2, 20)
    history = [len(zhongben_conditions(facts, today))]
    steps = [
        {"execution_notice_sent": True, "report_order_issued": True},
        {"report_checked": True},
        {"network_inquiry_done": True},
        {"consumption_restriction_issued": True, "dishonest_listing_conditions_met": True},
        {"listed_dishonest": True},
        {"applicant_heard": True},
    ]
    restrict_consumption("debtor", date(2025, 2, 1), notice_deadline=date(2025, 1, 25))
    list_debtor("debtor", date(2025, 2, 10), {ListingGround.BREACHES_REPORT_DUTY})
    for change in steps:
        facts = msgspec.structs.replace(facts, **change)
        history.append(len(zhongben_conditions(facts, today)))
    assert all(a >= b for a, b in zip(history, history[1:], strict=False)) and history[0] > history[-1]
    assert [m.code for m in zhongben_conditions(facts, today)] == ["three_months"]
    assert not can_close(ClosingType.ZHONGBEN, facts, date(2025, 4, 15))
    assert close("m", ClosingType.ZHONGBEN, facts, date(2025, 4, 16)).kind is ClosingType.ZHONGBEN


def test_real_estate_sealed_two_failed_auctions_sale_and_disbursement_to_two_applicants() -> None:
    seal = impose("seal-1", MeasureKind.SEAL_REAL_ESTATE, "RE-77", date(2025, 2, 1))
    assert seal.expires_on == date(2028, 1, 31)
    first = plan_auction_round("RE-77", PropertyKind.REAL_ESTATE, D("1000000"), date(2025, 3, 1))
    r1 = close_bidding([], first.bidding_ends, starting_price=first.starting_price)
    failed_on = r1.ends_at.astimezone(CHINA).date()
    assert not r1.sold and NextStep.SECOND_AUCTION in after_failed_round(first, failed_on).options

    second = plan_auction_round(
        "RE-77",
        PropertyKind.REAL_ESTATE,
        D("1000000"),
        failed_on + timedelta(days=1),
        previous=first,
        failed_on=failed_on,
    )
    assert second.starting_price >= first.starting_price * D("0.8")
    r2 = close_bidding(
        [Bid("x", second.starting_price - 1, second.bidding_starts)],
        second.bidding_ends,
        starting_price=second.starting_price,
    )
    assert not r2.sold
    follow = after_failed_round(second, r2.ends_at.astimezone(CHINA).date())
    assert NextStep.SALE in follow.options
    sale = plan_sale(second, r2.ends_at.astimezone(CHINA).date() + timedelta(days=3))

    ledger = Ledger("m-auction")
    ledger.receive(
        "sale-ruling-1", sale.price, ReceiptSource.AUCTION_PROCEEDS, sale.opens_on + timedelta(days=10)
    )
    claims = [
        ClaimOnProceeds("bank", D("400000"), PriorityClass.SECURED),  # mortgagee
        ClaimOnProceeds("alice", D("150000")),
        ClaimOnProceeds("bob", D("50000")),
    ]
    payouts = plan_disbursement(ledger.custody_balance, claims)
    paid = {p.claimant: p.amount for p in payouts}
    assert paid["bank"] == D("400000")
    remaining = sale.price - D("400000")  # 160,000 over 200,000 of ordinary claims: 80% each
    assert paid["alice"] == (remaining * 3 / 4).quantize(D("0.01"))
    assert paid["alice"] + paid["bob"] == remaining
    ledger.pay_out("distribution", payouts, sale.opens_on + timedelta(days=20))
    assert ledger.custody_balance == 0 and reconcile(ledger).ok


def test_measure_about_to_lapse_is_warned_then_renewed() -> None:
    freeze = impose("fz", MeasureKind.FREEZE_DEPOSIT, "ACC-1", date(2025, 3, 1))
    today = date(2026, 2, 10)
    warnings = measures_needing_warning([freeze], today)
    assert [w.measure_id for w in warnings] == ["fz"] and warnings[0].days_left == 18
    renewed = renew(freeze, on=today)
    assert measures_needing_warning([renewed], today) == []
    assert renewed.expires_on == date(2027, 2, 28)
