"""Online judicial auction rounds (网络司法拍卖), SPC provisions 法释〔2016〕18号: planning, checks, bidding close."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum

import msgspec

from court.errors import InvalidInput
from court.statemachine import Machine

FEN = Decimal("0.01")
CHINA = timezone(timedelta(hours=8))  # Asia/Shanghai has had no daylight saving since 1991


class PropertyKind(StrEnum):
    MOVABLE = "movable"  # 动产
    REAL_ESTATE = "real_estate"  # 不动产
    PROPERTY_RIGHT = "property_right"  # 其他财产权 (equity, IP ...): announced like real estate (Art 12)


# Art 10: the starting price (起拍价, which is also the reserve) is at least 70% of the valuation or market price.
RESERVE_FLOOR = Decimal("0.70")
# Art 12 (first auction) and Art 26 (re-auction after a failed one): minimum days of announcement.
ANNOUNCE_DAYS: dict[int, dict[PropertyKind, int]] = {
    1: {PropertyKind.MOVABLE: 15, PropertyKind.REAL_ESTATE: 30, PropertyKind.PROPERTY_RIGHT: 30},
    2: {PropertyKind.MOVABLE: 7, PropertyKind.REAL_ESTATE: 15, PropertyKind.PROPERTY_RIGHT: 15},
}
# Art 17: the deposit is set between 5% and 20% of the starting price.
DEPOSIT_MIN = Decimal("0.05")
DEPOSIT_MAX = Decimal("0.20")
# Art 20: bidding lasts at least 24 hours; a bid in the last 5 minutes moves the end to 5 minutes after it.
MIN_BIDDING = timedelta(hours=24)
LATE_BID_WINDOW = timedelta(minutes=5)
# Art 26: a failed auction is re-auctioned within 30 days, the starting price cut by at most 20% of the previous one.
RELIST_WITHIN = timedelta(days=30)
MAX_CUT = Decimal("0.20")
# Sale (变卖) after a failed second auction: at the second starting price for 60 days. Practice under
# 法〔2017〕80号 (not re-read in the official text, see domain-rules §3.6).
SALE_PERIOD = timedelta(days=60)


class AuctionRound(msgspec.Struct, frozen=True):
    """One round of an online judicial auction (第一次拍卖 / 第二次拍卖)."""

    property_ref: str
    kind: PropertyKind
    round_no: int
    valuation: Decimal
    starting_price: Decimal
    deposit: Decimal
    increment: Decimal
    announced_on: date
    bidding_starts: datetime
    bidding_ends: datetime
    previous_starting_price: Decimal | None = None  # round 2 only
    previous_failed_on: date | None = None  # round 2 only


def _fen(value: Decimal, rounding: str) -> Decimal:
    return value.quantize(FEN, rounding=rounding)


def deposit_bounds(starting_price: Decimal) -> tuple[Decimal, Decimal]:
    """Smallest and largest deposit in whole fen that stay within 5%–20% (Art 17)."""
    return _fen(starting_price * DEPOSIT_MIN, ROUND_CEILING), _fen(starting_price * DEPOSIT_MAX, ROUND_FLOOR)


def lowest_starting_price(valuation: Decimal, previous: AuctionRound | None = None) -> Decimal:
    """The lowest lawful starting price: 70% of the valuation (Art 10), or 80% of the failed round's (Art 26)."""
    if previous is None:
        return _fen(valuation * RESERVE_FLOOR, ROUND_CEILING)
    return _fen(previous.starting_price * (1 - MAX_CUT), ROUND_CEILING)


def plan_auction_round(
    property_ref: str,
    kind: PropertyKind,
    valuation: Decimal,
    announced_on: date,
    *,
    previous: AuctionRound | None = None,
    failed_on: date | None = None,
    starting_price: Decimal | None = None,
    deposit_ratio: Decimal = Decimal("0.10"),
    increment: Decimal | None = None,
    bidding_hours: int = 24,
    opens_at: time = time(10, 0),
) -> AuctionRound:
    """Plan the earliest lawful round: the first, or the re-auction of `previous` that failed on `failed_on`.

    Without `starting_price` the lowest lawful one is used. Bidding opens at `opens_at` (China time) on the first
    day the announcement period allows. The plan is checked with `validate_round` before it is returned.
    """
    round_no = 1 if previous is None else previous.round_no + 1
    if previous is not None and failed_on is None:
        raise InvalidInput("a re-auction needs the date the previous round failed")
    price = starting_price if starting_price is not None else lowest_starting_price(valuation, previous)
    low, high = deposit_bounds(price)
    deposit = min(max(_fen(price * deposit_ratio, ROUND_CEILING), low), high)
    step = increment if increment is not None else _fen(price * Decimal("0.01"), ROUND_CEILING)
    notice_days = ANNOUNCE_DAYS[min(round_no, 2)][kind]
    starts = datetime.combine(announced_on + timedelta(days=notice_days), opens_at, CHINA).astimezone(UTC)
    planned = AuctionRound(
        property_ref=property_ref,
        kind=kind,
        round_no=round_no,
        valuation=valuation,
        starting_price=price,
        deposit=deposit,
        increment=step,
        announced_on=announced_on,
        bidding_starts=starts,
        bidding_ends=starts + timedelta(hours=bidding_hours),
        previous_starting_price=None if previous is None else previous.starting_price,
        previous_failed_on=failed_on,
    )
    validate_round(planned)
    return planned


def round_problems(r: AuctionRound) -> list[str]:
    """Every rule of 法释〔2016〕18号 the round breaks, as readable sentences (empty when lawful)."""
    problems: list[str] = []
    if r.round_no not in (1, 2):
        problems.append(
            "only two online auction rounds exist; after a failed second one, sell (变卖) (Art 26)"
        )
        return problems
    if r.valuation <= 0 or r.starting_price <= 0:
        problems.append("valuation and starting price must be positive")
        return problems
    if r.round_no == 1 and r.starting_price < r.valuation * RESERVE_FLOOR:
        problems.append(
            f"starting price {r.starting_price} is below 70% of the valuation {r.valuation} (Art 10)"
        )
    if r.round_no == 2:
        if r.previous_starting_price is None or r.previous_failed_on is None:
            problems.append(
                "a second auction must name the failed first round's starting price and date (Art 26)"
            )
        else:
            if r.starting_price < r.previous_starting_price * (1 - MAX_CUT):
                problems.append(
                    f"starting price {r.starting_price} cuts more than 20% off the previous "
                    f"{r.previous_starting_price} (Art 26)"
                )
            if r.starting_price > r.previous_starting_price:
                problems.append("a re-auction after a failed round cannot start higher than the failed one")
            opens = r.bidding_starts.astimezone(CHINA).date()
            if opens > r.previous_failed_on + RELIST_WITHIN:
                problems.append(
                    f"the re-auction opens {opens}, more than 30 days after the failure on "
                    f"{r.previous_failed_on} (Art 26)"
                )
            if r.announced_on < r.previous_failed_on:
                problems.append("the re-auction is announced before the first round failed")
    notice_days = ANNOUNCE_DAYS[r.round_no][r.kind]
    opens_on = r.bidding_starts.astimezone(CHINA).date()
    if (opens_on - r.announced_on).days < notice_days:
        article = "Art 12" if r.round_no == 1 else "Art 26"
        problems.append(
            f"a {r.kind} must be announced at least {notice_days} days before bidding; announced "
            f"{r.announced_on}, bidding opens {opens_on} ({article})"
        )
    low, high = deposit_bounds(r.starting_price)
    if not low <= r.deposit <= high:
        problems.append(f"deposit {r.deposit} is outside 5%–20% of the starting price, {low}–{high} (Art 17)")
    if r.increment <= 0:
        problems.append("the bid increment must be positive (Art 20)")
    if r.bidding_ends - r.bidding_starts < MIN_BIDDING:
        problems.append("bidding must last at least 24 hours (Art 20)")
    if r.bidding_starts.tzinfo is None or r.bidding_ends.tzinfo is None:
        problems.append("bidding times must carry a time zone")
    return problems


def validate_round(r: AuctionRound) -> None:
    problems = round_problems(r)
    if problems:
        raise InvalidInput("; ".join(problems), problems=problems)


class Bid(msgspec.Struct, frozen=True):
    bidder: str
    amount: Decimal
    at: datetime  # when the platform received it, which is what counts (Art 20)


class RejectedBid(msgspec.Struct, frozen=True):
    bid: Bid
    reason: str


class BiddingResult(msgspec.Struct, frozen=True):
    sold: bool  # False: failed (流拍), Art 26
    winner: str | None
    price: Decimal | None
    ends_at: datetime
    accepted: tuple[Bid, ...]
    rejected: tuple[RejectedBid, ...]


def close_bidding(
    bids: Iterable[Bid],
    end_time: datetime,
    *,
    starting_price: Decimal,
    increment: Decimal = Decimal("0.01"),
    starts_at: datetime | None = None,
) -> BiddingResult:
    """Run the bids in arrival order and settle the auction (Art 20).

    The first valid bid is at least the starting price, each later one at least the highest plus the increment.
    A valid bid within the last five minutes moves the end to five minutes after it; with no bid in the last
    five minutes the highest bid wins. Bids after the (possibly extended) end are rejected.
    """
    end = end_time
    highest: Bid | None = None
    accepted: list[Bid] = []
    rejected: list[RejectedBid] = []
    for bid in sorted(bids, key=lambda b: b.at):
        reason = ""
        if starts_at is not None and bid.at < starts_at:
            reason = "before bidding opened"
        elif bid.at > end:
            reason = f"after bidding closed at {end.isoformat()}"
        elif highest is None and bid.amount < starting_price:
            reason = f"below the starting price {starting_price}"
        elif highest is not None and bid.amount < highest.amount + increment:
            reason = f"not above the highest bid {highest.amount} by the increment {increment}"
        if reason:
            rejected.append(RejectedBid(bid, reason))
            continue
        accepted.append(bid)
        highest = bid
        if end - bid.at <= LATE_BID_WINDOW:
            end = bid.at + LATE_BID_WINDOW
    return BiddingResult(
        sold=highest is not None,
        winner=None if highest is None else highest.bidder,
        price=None if highest is None else highest.amount,
        ends_at=end,
        accepted=tuple(accepted),
        rejected=tuple(rejected),
    )


class NextStep(StrEnum):
    SECOND_AUCTION = "second_auction"  # 再次拍卖
    SALE = "sale"  # 变卖
    TRANSFER_IN_LIEU = "transfer_in_lieu"  # 以物抵债


class FollowUp(msgspec.Struct, frozen=True):
    """What may follow a failed round, the deadline for the next auction, and the price each option uses."""

    options: tuple[NextStep, ...]
    relist_by: date | None
    transfer_price: Decimal  # the failed round's reserve
    sale_price: Decimal | None


def after_failed_round(r: AuctionRound, failed_on: date) -> FollowUp:
    """Options after a round with no bid.

    After the first: re-auction within 30 days (Art 26). After the second: sale on the same platform
    (Art 26) at the second starting price. In both cases the applicant may take the property in lieu of
    payment at the failed round's reserve (SPC rules on auction and sale in civil enforcement, 2004 as amended
    2020, Art 16 [K]; CPL-Interp 2022 Art 490 [K for the number] — only with the applicant's consent).
    """
    if r.round_no == 1:
        return FollowUp(
            options=(NextStep.SECOND_AUCTION, NextStep.TRANSFER_IN_LIEU),
            relist_by=failed_on + RELIST_WITHIN,
            transfer_price=r.starting_price,
            sale_price=None,
        )
    return FollowUp(
        options=(NextStep.SALE, NextStep.TRANSFER_IN_LIEU),
        relist_by=None,
        transfer_price=r.starting_price,
        sale_price=r.starting_price,
    )


class SaleTerms(msgspec.Struct, frozen=True):
    """Sale (变卖) after a failed second auction."""

    property_ref: str
    price: Decimal
    opens_on: date
    closes_on: date


def plan_sale(second_round: AuctionRound, opens_on: date) -> SaleTerms:
    if second_round.round_no != 2:
        raise InvalidInput("a sale (变卖) follows only a failed second auction (Art 26)")
    return SaleTerms(
        property_ref=second_round.property_ref,
        price=second_round.starting_price,
        opens_on=opens_on,
        closes_on=opens_on + SALE_PERIOD,
    )


def transfer_in_lieu(r: AuctionRound, applicant_consents: bool) -> Decimal:
    """The value at which a failed round's property goes to the applicant instead of money (以物抵债)."""
    if not applicant_consents:
        raise InvalidInput(
            "transfer in lieu of payment needs the applicant's consent (CPL-Interp 2022 Art 490)"
        )
    return r.starting_price


class RoundStatus(StrEnum):
    ANNOUNCED = "announced"  # 已公告, bidding open or to come
    SOLD = "sold"  # 成交
    FAILED = "failed"  # 流拍


# A round ends once: its result is recorded by the one request that finds it announced.
AUCTION_ROUND = Machine(
    name="auction_round",
    table="court.execution.tables:AuctionRoundRow",
    transitions={
        RoundStatus.ANNOUNCED: frozenset({RoundStatus.SOLD, RoundStatus.FAILED}),
        RoundStatus.SOLD: frozenset(),
        RoundStatus.FAILED: frozenset(),
    },
    initial=frozenset({RoundStatus.ANNOUNCED}),
)
