"""Execution-money ledger: postings, idempotency, distribution of proceeds, reconciliation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from court.errors import Conflict, CourtError, InvalidInput
from court.execution.ledger import (
    CUSTODY,
    DEBTOR,
    FEES,
    ClaimOnProceeds,
    EntryKind,
    InsufficientFunds,
    Ledger,
    PriorityClass,
    ReceiptSource,
    applicant_account,
    plan_disbursement,
    reconcile,
)

D = Decimal
DAY = date(2025, 3, 3)


def test_receipt_then_disbursement_moves_money_through_custody() -> None:
    ledger = Ledger("m1")
    ledger.receive("r1", D("1000.00"), ReceiptSource.BANK_DEDUCTION, DAY)
    ledger.disburse("d1", "alice", D("600.50"), DAY)
    assert ledger.custody_balance == D("399.50")
    assert ledger.balance(applicant_account("alice")) == D("600.50")
    assert ledger.balance(DEBTOR) == D("-1000.00")
    assert reconcile(ledger).ok


def test_disbursement_beyond_balance_is_refused_and_changes_nothing() -> None:
    ledger = Ledger("m1")
    ledger.receive("r1", D("100.00"), ReceiptSource.VOLUNTARY_PAYMENT, DAY)
    with pytest.raises(InsufficientFunds) as info:
        ledger.disburse("d1", "alice", D("100.01"), DAY)
    assert isinstance(info.value, CourtError) and info.value.code == "insufficient_funds"
    assert ledger.custody_balance == D("100.00")
    assert len(ledger.entries) == 1


def test_replaying_a_key_returns_the_original_posting() -> None:
    ledger = Ledger("m1")
    ledger.receive("r1", D("500"), ReceiptSource.AUCTION_PROCEEDS, DAY)
    first = ledger.disburse("pay-alice", "alice", D("200"), DAY)
    again = ledger.disburse("pay-alice", "alice", D("200"), DAY)
    assert again is first
    assert ledger.custody_balance == D("300.00")
    assert len(ledger.entries) == 2


def test_same_key_with_a_different_payload_is_a_conflict() -> None:
    ledger = Ledger("m1")
    ledger.receive("r1", D("500"), ReceiptSource.AUCTION_PROCEEDS, DAY)
    ledger.disburse("pay", "alice", D("200"), DAY)
    with pytest.raises(Conflict):
        ledger.disburse("pay", "alice", D("201"), DAY)
    with pytest.raises(Conflict):
        ledger.disburse("pay", "bob", D("200"), DAY)
    assert ledger.custody_balance == D("300.00")


@pytest.mark.parametrize("amount", [D("0"), D("-1"), D("1.005"), D("NaN")])
def test_amounts_must_be_positive_whole_fen(amount: Decimal) -> None:
    with pytest.raises(InvalidInput):
        Ledger("m").receive("k", amount, ReceiptSource.VOLUNTARY_PAYMENT, DAY)


def test_fee_is_taken_from_custody_into_the_fee_account() -> None:
    ledger = Ledger("m1")
    ledger.receive("r1", D("10000"), ReceiptSource.BANK_DEDUCTION, DAY)
    # enforcement fee on 10,000 yuan: 50 yuan (Fee Measures Art 14), borne by the debtor (Art 38)
    ledger.deduct_fee("fee", D("50"), DAY)
    assert ledger.balance(FEES) == D("50.00")
    assert ledger.custody_balance == D("9950.00")


def test_rebuilding_from_stored_entries_gives_the_same_balances() -> None:
    ledger = Ledger("m1")
    ledger.receive("r1", D("800"), ReceiptSource.BANK_DEDUCTION, DAY)
    ledger.disburse("d1", "alice", D("300"), DAY)
    ledger.return_to_debtor("back", D("500"), DAY)
    rebuilt = Ledger.from_entries("m1", reversed(ledger.entries))
    assert rebuilt.custody_balance == ledger.custody_balance == D("0.00")
    assert rebuilt.entries == ledger.entries


def test_reconcile_reports_a_bank_statement_mismatch() -> None:
    ledger = Ledger("m1")
    ledger.receive("r1", D("800"), ReceiptSource.BANK_DEDUCTION, DAY)
    result = reconcile(ledger, statement_balance=D("799.99"))
    assert not result.ok
    assert "799.99" in result.problems[0]
    assert reconcile(ledger, statement_balance=D("800.00")).ok


# --- plan_disbursement: worked examples -------------------------------------------------------------------

C = ClaimOnProceeds


@pytest.mark.parametrize(
    ("balance", "claims", "expected"),
    [
        pytest.param(
            D("100"),
            [C("a", D("60")), C("b", D("90"))],
            {"a": D("40.00"), "b": D("60.00")},
            id="CPL-Interp-2022-Art508-pro-rata-ordinary",
        ),
        pytest.param(
            D("100"),
            [C("a", D("60")), C("bank", D("70"), PriorityClass.SECURED)],
            {"a": D("30.00"), "bank": D("70.00")},
            id="CPL-Interp-2022-Art508-secured-first",
        ),
        pytest.param(
            D("100"),
            [C("court", D("20"), PriorityClass.EXECUTION_COSTS), C("bank", D("150"), PriorityClass.SECURED)],
            {"court": D("20.00"), "bank": D("80.00")},
            id="CPL-Interp-2022-Art508-costs-before-secured",
        ),
        pytest.param(
            D("100"),
            [C("first", D("70"), rank=1), C("second", D("70"), rank=2)],
            {"first": D("70.00"), "second": D("30.00")},
            id="CPL-Interp-2022-Art514-by-seizure-order",
        ),
        pytest.param(
            D("100"),
            [C("a", D("1")), C("b", D("1")), C("c", D("1"))],
            {"a": D("1.00"), "b": D("1.00"), "c": D("1.00")},
            id="enough-for-everyone",
        ),
        pytest.param(
            D("0.10"),
            [C("a", D("1")), C("b", D("1")), C("c", D("1"))],
            {"a": D("0.04"), "b": D("0.03"), "c": D("0.03")},
            id="leftover-fen-to-largest-remainder-then-id",
        ),
    ],
)
def test_plan_disbursement_worked_examples(
    balance: Decimal, claims: list[ClaimOnProceeds], expected: dict[str, Decimal]
) -> None:
    payouts = plan_disbursement(balance, claims)
    assert {p.claimant: p.amount for p in payouts} == expected


def test_plan_refuses_duplicate_claimants() -> None:
    with pytest.raises(InvalidInput):
        plan_disbursement(D("10"), [C("a", D("1")), C("a", D("2"))])


claim_strategy = st.builds(
    ClaimOnProceeds,
    claimant=st.text(alphabet="abcdefgh", min_size=1, max_size=3),
    amount=st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2),
    priority=st.sampled_from(list(PriorityClass)),
    rank=st.integers(0, 2),
)


@settings(max_examples=200, deadline=None)
@given(
    balance=st.decimals(min_value=D("0"), max_value=D("2000000"), places=2),
    claims=st.lists(claim_strategy, max_size=8, unique_by=lambda c: c.claimant),
)
def test_plan_never_exceeds_balance_or_claims_and_uses_all_it_can(
    balance: Decimal, claims: list[ClaimOnProceeds]
) -> None:
    payouts = plan_disbursement(balance, claims)
    total = sum((p.amount for p in payouts), D(0))
    assert total <= balance
    assert all(D(0) <= p.amount <= p.claimed for p in payouts)
    assert all(p.amount == p.amount.quantize(D("0.01")) for p in payouts)
    # nothing is held back while a claim is unpaid
    assert total == min(balance, sum((c.amount for c in claims), D(0)))
    # a lower class is paid only once every higher class is paid in full
    for low in payouts:
        if low.amount > 0:
            assert all(
                p.amount == p.claimed for p in payouts if (p.priority, p.rank) < (low.priority, low.rank)
            )


# --- ledger invariants under random operation sequences ---------------------------------------------------

money_st = st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2)
operation = st.one_of(
    st.tuples(st.just("receive"), money_st, st.sampled_from(list(ReceiptSource))),
    st.tuples(st.just("disburse"), money_st, st.sampled_from(["alice", "bob"])),
    st.tuples(st.just("fee"), money_st, st.just("")),
    st.tuples(st.just("replay"), st.integers(0, 1000), st.just("")),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, max_size=40))
def test_ledger_invariants_hold_for_any_sequence(ops: list[tuple[str, object, object]]) -> None:
    ledger = Ledger("prop")
    calls: list[tuple[str, tuple[object, ...]]] = []
    for i, (kind, a, b) in enumerate(ops):
        if kind == "replay":
            if not calls:
                continue
            name, args = calls[int(a) % len(calls)]  # type: ignore[call-overload]
            before = (ledger.entries, ledger.custody_balance)
            getattr(ledger, name)(*args)
            assert (ledger.entries, ledger.custody_balance) == before
            continue
        key = f"k{i}"
        if kind == "receive":
            name, args = "receive", (key, a, b, DAY)
        elif kind == "disburse":
            name, args = "disburse", (key, b, a, DAY)
        else:
            name, args = "deduct_fee", (key, a, DAY)
        try:
            getattr(ledger, name)(*args)
            calls.append((name, args))
        except InsufficientFunds:
            assert a > ledger.custody_balance  # type: ignore[operator]
        assert ledger.custody_balance >= 0
    for entry in ledger.entries:
        assert entry.total_debit == entry.total_credit
    result = reconcile(ledger)
    assert result.ok
    assert result.total_disbursed + result.total_fees <= result.total_received
    assert result.total_received - result.total_disbursed - result.total_fees == ledger.custody_balance
    assert sum(1 for e in ledger.entries if e.kind is EntryKind.RECEIPT) == sum(
        1 for name, _ in calls if name == "receive"
    )
    assert ledger.balance(CUSTODY) == ledger.custody_balance
