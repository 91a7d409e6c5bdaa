"""Online judicial auctions, SPC 法释〔2016〕18号."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import msgspec
import pytest

from court.errors import InvalidInput
from court.execution.auction import (
    CHINA,
    Bid,
    NextStep,
    PropertyKind,
    after_failed_round,
    close_bidding,
    plan_auction_round,
    plan_sale,
    round_problems,
    transfer_in_lieu,
    validate_round,
)

D = Decimal
FLAT = PropertyKind.REAL_ESTATE


def first_round(**overrides: object):  # type: ignore[no-untyped-def]
    r = plan_auction_round("RE-1", FLAT, D("1000000"), date(2025, 3, 1))
    return msgspec.structs.replace(r, **overrides)


def test_first_round_plan_uses_the_lowest_lawful_figures() -> None:
    r = plan_auction_round("RE-1", FLAT, D("1000000"), date(2025, 3, 1))
    assert r.starting_price == D("700000.00")  # Art 10: 70% of the valuation
    assert r.bidding_starts.astimezone(CHINA).date() == date(2025, 3, 31)  # Art 12: 30 days for real estate
    assert r.bidding_ends - r.bidding_starts == timedelta(hours=24)  # Art 20
    assert r.deposit == D("70000.00")
    car = plan_auction_round("VEH-1", PropertyKind.MOVABLE, D("100000"), date(2025, 3, 1))
    assert car.bidding_starts.astimezone(CHINA).date() == date(2025, 3, 16)  # Art 12: 15 days for movables


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        pytest.param({"starting_price": D("699999.99")}, "70%", id="Art10-reserve-below-70pct"),
        pytest.param({"announced_on": date(2025, 3, 2)}, "30 days", id="Art12-real-estate-notice-short"),
        pytest.param({"deposit": D("34999.99")}, "5%", id="Art17-deposit-below-5pct"),
        pytest.param({"deposit": D("140000.01")}, "20%", id="Art17-deposit-above-20pct"),
        pytest.param(
            {"bidding_ends": datetime(2025, 3, 31, 2, 0, tzinfo=UTC) + timedelta(hours=23, minutes=59)},
            "24 hours",
            id="Art20-bidding-shorter-than-24h",
        ),
    ],
)
def test_validate_round_names_the_broken_rule(overrides: dict[str, object], fragment: str) -> None:
    r = first_round(**overrides)
    with pytest.raises(InvalidInput) as info:
        validate_round(r)
    assert fragment in info.value.detail


@pytest.mark.parametrize(
    ("deposit", "ok"),
    [(D("35000.00"), True), (D("140000.00"), True), (D("34999.99"), False), (D("140000.01"), False)],
    ids=["Art17-5pct", "Art17-20pct", "Art17-under", "Art17-over"],
)
def test_deposit_bounds_are_inclusive(deposit: Decimal, ok: bool) -> None:
    assert (round_problems(first_round(deposit=deposit)) == []) is ok


def test_second_auction_reserve_is_cut_by_at_most_20_percent() -> None:
    first = first_round()
    failed_on = first.bidding_ends.astimezone(CHINA).date()
    second = plan_auction_round("RE-1", FLAT, D("1000000"), failed_on, previous=first, failed_on=failed_on)
    assert second.round_no == 2
    assert second.starting_price == D("560000.00")  # 700,000 less 20% (Art 26)
    # Art 26: 15 days' notice for real estate in a re-auction
    assert second.bidding_starts.astimezone(CHINA).date() == failed_on + timedelta(days=15)
    too_low = msgspec.structs.replace(second, starting_price=D("559999.99"))
    with pytest.raises(InvalidInput, match="20%"):
        validate_round(too_low)


def test_second_auction_must_open_within_30_days_of_the_failure() -> None:
    first = first_round()
    failed_on = date(2025, 4, 1)
    late_announcement = failed_on + timedelta(days=16)  # + 15 days' notice = 31 days
    with pytest.raises(InvalidInput, match="30 days"):
        plan_auction_round("RE-1", FLAT, D("1000000"), late_announcement, previous=first, failed_on=failed_on)
    ok = plan_auction_round(
        "RE-1", FLAT, D("1000000"), failed_on + timedelta(days=15), previous=first, failed_on=failed_on
    )
    assert ok.bidding_starts.astimezone(CHINA).date() == failed_on + timedelta(days=30)


def test_there_is_no_third_auction_round() -> None:
    first = first_round()
    second = plan_auction_round(
        "RE-1", FLAT, D("1000000"), date(2025, 4, 2), previous=first, failed_on=date(2025, 4, 1)
    )
    with pytest.raises(InvalidInput, match="two online auction rounds"):
        plan_auction_round(
            "RE-1", FLAT, D("1000000"), date(2025, 5, 1), previous=second, failed_on=date(2025, 5, 1)
        )


END = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)


def at(minutes_before_end: float) -> datetime:
    return END - timedelta(minutes=minutes_before_end)


def test_bid_in_last_five_minutes_extends_the_end_five_minutes_from_the_bid() -> None:
    bids = [
        Bid("a", D("700000"), at(60)),
        Bid("b", D("710000"), at(2)),  # end moves to END + 3 min
        Bid("a", D("720000"), at(-2)),  # inside the extended time: end moves to END + 7 min
        Bid("c", D("730000"), at(-8)),  # after END + 7 min: too late
    ]
    result = close_bidding(bids, END, starting_price=D("700000"), increment=D("10000"))
    assert result.sold and result.winner == "a" and result.price == D("720000")
    assert result.ends_at == END + timedelta(minutes=7)
    assert [r.bid.bidder for r in result.rejected] == ["c"]


def test_bid_before_the_last_five_minutes_does_not_extend() -> None:
    result = close_bidding([Bid("a", D("700000"), at(5.5))], END, starting_price=D("700000"))
    assert result.ends_at == END


def test_bids_below_start_or_increment_are_rejected_and_no_valid_bid_fails_the_round() -> None:
    bids = [Bid("a", D("699999"), at(30)), Bid("b", D("700000"), at(20)), Bid("c", D("700500"), at(10))]
    result = close_bidding(bids, END, starting_price=D("700000"), increment=D("1000"))
    assert result.winner == "b"
    assert {r.bid.bidder for r in result.rejected} == {"a", "c"}
    failed = close_bidding([Bid("a", D("1"), at(30))], END, starting_price=D("700000"))
    assert not failed.sold and failed.winner is None


def test_after_first_failure_second_auction_within_30_days_or_transfer_in_lieu() -> None:
    first = first_round()
    follow = after_failed_round(first, date(2025, 4, 1))
    assert follow.options == (NextStep.SECOND_AUCTION, NextStep.TRANSFER_IN_LIEU)
    assert follow.relist_by == date(2025, 5, 1)


def test_after_second_failure_sale_at_the_second_price_or_transfer_in_lieu() -> None:
    first = first_round()
    second = plan_auction_round(
        "RE-1", FLAT, D("1000000"), date(2025, 4, 2), previous=first, failed_on=date(2025, 4, 1)
    )
    follow = after_failed_round(second, date(2025, 4, 20))
    assert follow.options == (NextStep.SALE, NextStep.TRANSFER_IN_LIEU)
    sale = plan_sale(second, date(2025, 4, 25))
    assert sale.price == second.starting_price == follow.sale_price
    with pytest.raises(InvalidInput):
        plan_sale(first, date(2025, 4, 25))
    with pytest.raises(InvalidInput, match="consent"):
        transfer_in_lieu(second, applicant_consents=False)
    assert transfer_in_lieu(second, applicant_consents=True) == D("560000.00")
