"""Disposal of seized property (财产处置): valuation, online auction rounds, sale and transfer in lieu."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal
from court.db import write_transaction
from court.errors import Conflict, InvalidInput, NotFound
from court.execution import auction
from court.execution.agencies import AgencyKind
from court.execution.ledger import ReceiptSource, money
from court.execution.service import (
    authorize,
    log_event,
    property_of_open_matter,
    set_stage,
)
from court.execution.stages import PROPERTY, PropertyStatus
from court.execution.tables import AuctionRoundRow, MatterParty, MatterProperty
from court.execution.views import AuctionAnnounced, AuctionResult, TransferredInLieu
from court.i18n import msg
from court.statemachine import claim, transition

PROPERTY_KIND: dict[str, auction.PropertyKind] = {
    AgencyKind.REAL_ESTATE_REGISTRY.value: auction.PropertyKind.REAL_ESTATE,
    AgencyKind.VEHICLE_ADMINISTRATION.value: auction.PropertyKind.MOVABLE,
}


async def _event(p: Principal, matter: dict[str, Any], kind: str, on: date, detail: dict[str, Any]) -> None:
    await log_event(int(matter["id"]), kind, on, p, detail, court_code=matter["court_code"])


async def set_valuation(p: Principal, matter_id: int, property_id: int, valuation: Decimal, on: date) -> None:
    """Record the valuation (评估) the auction's reserve is measured against."""
    matter, prop = await property_of_open_matter(p, matter_id, property_id)
    if prop["status"] != "controlled":
        raise Conflict("only property under a control measure is valued for disposal")
    value = money(valuation)
    async with write_transaction():
        await MatterProperty.update({MatterProperty.valuation: value}).where(MatterProperty.id == property_id)
        await set_stage(matter_id, "disposal")
        await _event(
            p, matter, "property_valued", on, {"property": prop["asset_ref"], "valuation": str(value)}
        )


def round_of(row: dict[str, Any]) -> auction.AuctionRound:
    plan = row["plan"]
    return msgspec.convert(msgspec.json.decode(plan) if isinstance(plan, str) else plan, auction.AuctionRound)


async def rounds_of(property_id: int) -> list[dict[str, Any]]:
    return (
        await AuctionRoundRow.select()
        .where(AuctionRoundRow.property_id == property_id)
        .order_by(AuctionRoundRow.round_no)
    )


async def announce_auction(
    p: Principal, matter_id: int, property_id: int, announced_on: date, starting_price: Decimal | None = None
) -> AuctionAnnounced:
    """Announce the next lawful round: the first at >= 70% of the valuation (法释〔2016〕18号 Art 10), or after a
    failed first round a second cut by at most 20% within 30 days (Art 26)."""
    matter, prop = await property_of_open_matter(p, matter_id, property_id)
    if prop["valuation"] is None:
        raise Conflict("value the property before auctioning it")
    async with write_transaction():
        # One round at a time: concurrent announcements queue on the property's row, and the later ones find the
        # round just announced (409) instead of announcing a second round with the same number.
        await claim(PROPERTY, property_id, PropertyStatus.SOLD)  # still controlled: not sold nor transferred
        previous_rows = await rounds_of(property_id)
        previous = round_of(previous_rows[-1]) if previous_rows else None
        if previous_rows and previous_rows[-1]["status"] != auction.RoundStatus.FAILED:
            raise Conflict(
                msg(
                    "round %(round_no)s is %(status_text)s",
                    round_no=previous_rows[-1]["round_no"],
                    status_text=previous_rows[-1]["status"],
                ),
                status=previous_rows[-1]["status"],
            )
        planned = auction.plan_auction_round(
            prop["asset_ref"],
            PROPERTY_KIND.get(prop["agency_kind"], auction.PropertyKind.PROPERTY_RIGHT),
            Decimal(prop["valuation"]),
            announced_on,
            previous=previous,
            failed_on=previous_rows[-1]["ended_on"] if previous_rows else None,
            starting_price=starting_price,
        )
        row = AuctionRoundRow(
            matter=matter_id,
            property_id=property_id,
            round_no=planned.round_no,
            plan=msgspec.to_builtins(planned),
        )
        await AuctionRoundRow.insert(row)
        await _event(
            p,
            matter,
            "auction_announced",
            announced_on,
            {
                "property": prop["asset_ref"],
                "round": planned.round_no,
                "starting_price": str(planned.starting_price),
                "bidding_starts": planned.bidding_starts.isoformat(),
            },
        )
    return msgspec.convert({"id": row.id, **msgspec.to_builtins(planned)}, AuctionAnnounced)


async def _round_row(matter_id: int, round_id: int) -> dict[str, Any] | None:
    return (
        await AuctionRoundRow.select()
        .where((AuctionRoundRow.id == round_id) & (AuctionRoundRow.matter == matter_id))
        .first()
    )


async def bidding_starts(matter_id: int, round_id: int) -> datetime | None:
    """When the round's bidding window opened (None for no such round of the matter): the page records the
    platform's winning bid as made then, inside the window."""
    row = await _round_row(matter_id, round_id)
    return round_of(row).bidding_starts if row else None


async def record_auction_result(
    p: Principal, matter_id: int, round_id: int, bids: list[auction.Bid]
) -> AuctionResult:
    """Settle a round from the platform's bids; a sale brings the price into custody (the buyer pays it)."""
    # The matter first: whether a round exists is no business of someone who may not act on the matter.
    await authorize(p, Action.ENFORCE, matter_id)
    row = await _round_row(matter_id, round_id)
    if row is None:
        raise NotFound(msg("no auction round %(round_id)s", round_id=round_id))
    matter, prop = await property_of_open_matter(p, matter_id, int(row["property_id"]))
    if row["status"] != "announced":
        raise Conflict(
            msg(
                "round %(round_no)s already ended: %(status_text)s",
                round_no=row["round_no"],
                status_text=row["status"],
            )
        )
    plan = round_of(row)
    result = auction.close_bidding(
        bids,
        plan.bidding_ends,
        starting_price=plan.starting_price,
        increment=plan.increment,
        starts_at=plan.bidding_starts,
    )
    ended_on = result.ends_at.astimezone(auction.CHINA).date()
    async with write_transaction():
        outcome = auction.RoundStatus.SOLD if result.sold else auction.RoundStatus.FAILED
        await transition(
            auction.AUCTION_ROUND,
            round_id,
            outcome,
            values={
                AuctionRoundRow.winner: result.winner,
                AuctionRoundRow.price: result.price,
                AuctionRoundRow.ended_on: ended_on,
            },
        )
        if result.sold:
            assert result.price is not None
            await _sold(
                p,
                matter,
                prop,
                result.price,
                ended_on,
                f"auction:{round_id}",
                f"拍卖成交 第{plan.round_no}次",
            )
        else:
            follow = auction.after_failed_round(plan, ended_on)
            await _event(
                p,
                matter,
                "auction_failed",
                ended_on,
                {
                    "property": prop["asset_ref"],
                    "round": plan.round_no,
                    "options": [o.value for o in follow.options],
                    "relist_by": follow.relist_by.isoformat() if follow.relist_by else None,
                },
            )
    return AuctionResult(
        sold=result.sold,
        winner=result.winner,
        price=str(result.price) if result.price else None,
        ended_on=ended_on,
        rejected=len(result.rejected),
    )


async def _sold(
    p: Principal, matter: dict[str, Any], prop: dict[str, Any], price: Decimal, on: date, key: str, how: str
) -> None:
    from court.execution.money import receive

    # Sold once: a second sale, or a sale racing a transfer in lieu, finds the property sold and gets 409.
    await transition(PROPERTY, int(prop["id"]), PropertyStatus.SOLD)
    await _event(
        p, matter, "property_sold", on, {"property": prop["asset_ref"], "price": str(price), "how": how}
    )
    await receive(int(matter["id"]), key, price, ReceiptSource.AUCTION_PROCEEDS, on, how, p)
    await set_stage(int(matter["id"]), "money")


async def _failed_round(property_id: int, round_no: int | None = None) -> auction.AuctionRound:
    rows = [r for r in await rounds_of(property_id) if r["status"] == "failed"]
    if round_no is not None:
        rows = [r for r in rows if r["round_no"] == round_no]
    if not rows:
        raise Conflict("no failed auction round to follow up" + (f" (round {round_no})" if round_no else ""))
    return round_of(rows[-1])


async def record_sale(
    p: Principal, matter_id: int, property_id: int, price: Decimal, buyer: str, on: date
) -> None:
    """Sale (变卖) after a failed second auction, at no less than the second round's starting price."""
    matter, prop = await property_of_open_matter(p, matter_id, property_id)
    terms = auction.plan_sale(await _failed_round(property_id, 2), on)
    if money(price) < terms.price:
        raise InvalidInput(
            msg(
                "a sale is at no less than %(price)s (the second auction's starting price)", price=terms.price
            )
        )
    async with write_transaction():
        await _sold(p, matter, prop, money(price), on, f"sale:{property_id}", f"变卖 买受人{buyer}")


async def transfer_in_lieu(
    p: Principal, matter_id: int, property_id: int, applicant_party_id: int, on: date
) -> TransferredInLieu:
    """Transfer in lieu of payment (以物抵债) after a failed round, at its reserve, with the applicant's consent.

    Posted as a receipt at that value and its immediate payout to that applicant, so the ledger still shows
    what satisfied whom."""
    matter, prop = await property_of_open_matter(p, matter_id, property_id)
    value = auction.transfer_in_lieu(await _failed_round(property_id), applicant_consents=True)
    party = (
        await MatterParty.select()
        .where(
            (MatterParty.id == applicant_party_id)
            & (MatterParty.matter == matter_id)
            & (MatterParty.role == "applicant")
        )
        .first()
    )
    if party is None:
        raise NotFound(
            msg(
                "no applicant %(applicant_party_id)s in matter %(matter_id)s",
                applicant_party_id=applicant_party_id,
                matter_id=matter_id,
            )
        )
    from court.execution.money import post, receive

    async with write_transaction():
        await transition(PROPERTY, property_id, PropertyStatus.TRANSFERRED)
        await receive(
            matter_id, f"transfer:{property_id}", value, ReceiptSource.AUCTION_PROCEEDS, on, "以物抵债", p
        )
        await post(
            matter_id,
            lambda lg: lg.disburse(f"transfer:{property_id}:out", str(party["id"]), value, on, "以物抵债"),
        )
        await _event(
            p,
            matter,
            "transferred_in_lieu",
            on,
            {"property": prop["asset_ref"], "to": party["name"], "value": str(value)},
        )
    return TransferredInLieu(value=str(value), to=party["name"])
