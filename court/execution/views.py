"""What the enforcement services answer (court.responses.Out): the shapes /schema documents for the matter API.

Money is a string of yuan with two decimals (as the ledger's Decimal encodes), days are ISO dates; the services build
these, so the type runs from the rule to the response. The matter view itself is in court.execution.matter_view.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

from court.execution.auction import PropertyKind
from court.execution.closing import ClosingType, MissingCondition
from court.execution.ledger import LedgerEntry
from court.execution.measures import MeasureKind, MeasureStatus
from court.responses import Out


class MeasureOut(Out):
    """A control measure (控制措施) as of a day: its term, renewals so far and the days left before it lapses."""

    id: int
    property_id: int
    kind: MeasureKind
    property_ref: str
    amount: str  # yuan frozen or deducted; "" where the measure is not for an amount
    starts_on: date
    expires_on: date
    renewals: int
    status: MeasureStatus
    days_left: int  # negative once lapsed


class AccountOut(Out):
    kind: str  # court.execution.ledger.AccountKind
    party: str  # the applicant's party id for an applicant account, else ""


class LineOut(Out):
    account: AccountOut
    debit: str  # yuan
    credit: str  # yuan


class LedgerEntryOut(Out):
    """One journal entry of the execution-money ledger (执行款台账)."""

    key: str
    sequence: int
    kind: str  # court.execution.ledger.EntryKind
    on: date
    lines: list[LineOut]
    source: str  # a ReceiptSource for receipts, else ""
    reference: str


def entry_out(entry: LedgerEntry) -> LedgerEntryOut:
    return msgspec.convert(msgspec.to_builtins(entry), LedgerEntryOut)


class PaidOut(Out):
    to: str  # the applicant's name, or the fee account
    amount: str  # yuan


class Disbursement(Out):
    """A disbursement (执行款发放). A replay of the same key answers `replayed` with the entries it posted then,
    without the summary."""

    replayed: bool
    entries: list[LedgerEntryOut]
    paid: list[PaidOut] | UnsetType = UNSET
    returned_to_debtor: str | UnsetType = UNSET  # yuan; "0" when nothing went back


class NoticeIssued(Out):
    """A notice issued (执行通知书, 报告财产令, 限制消费令) and the services that serve it on its recipients."""

    id: int
    kind: str  # court.execution.notices.NoticeKind
    sha256: str
    size: int  # bytes of the PDF
    issued_on: date
    services: list[int]


class AuctionAnnounced(Out):
    """An auction round announced (court.execution.auction.AuctionRound, with the round's id)."""

    id: int
    property_ref: str
    kind: PropertyKind
    round_no: int
    valuation: str  # yuan
    starting_price: str
    deposit: str
    increment: str
    announced_on: date
    bidding_starts: datetime
    bidding_ends: datetime
    previous_starting_price: str | None  # round 2 only
    previous_failed_on: date | None  # round 2 only


class AuctionResult(Out):
    sold: bool
    winner: str | None
    price: str | None  # yuan
    ended_on: date
    rejected: int  # bids refused (late, below the price, below the increment)


class TransferredInLieu(Out):
    """Transfer in lieu of payment (以物抵债): at what value, to which applicant."""

    value: str  # yuan
    to: str


class ClosingCheck(Out):
    """Whether the matter may close as `kind`, and the conditions still missing."""

    kind: ClosingType
    allowed: bool
    missing: list[MissingCondition]


class MatterClosed(Out):
    closing_type: ClosingType
    closed_on: date
    kind: ClosingType
    # 终本 only: the network re-queries every 6 months for 5 years (终本 rules Art 9).
    requery: list[date] | UnsetType = UNSET


class SanctionOut(Out):
    id: int
    kind: str  # consumption_restriction, dishonest_listing
    debtor: str
    issued_on: date
    ended_on: date | None
    # court.execution.sanctions.ConsumptionRestriction or DishonestListing, as stored (told apart by `kind`).
    state: dict[str, Any]


class AgencyTaskOut(Out):
    """A task addressed to an agency (a bank, a registry): what to do, against whom, and the agency's answer."""

    id: int
    matter_id: int
    agency: str
    action: str
    debtor: str
    asset_ref: str
    amount: str | None  # yuan
    state: str
    attempts: int
    deadline: str  # ISO 8601
    next_attempt_at: str | None
    answer: Any
    last_error: str
