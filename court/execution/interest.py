"""Interest for delayed performance (迟延履行期间的债务利息): the doubled part, with partial payments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import msgspec

from court.errors import InvalidInput
from court.i18n import msg

# CPL (2023) Art 264 (Art 260 in 2021, 253 in 2017): a debtor who misses the performance period pays the
# interest for the delay doubled. SPC 法释〔2014〕8号 Art 1: the doubled part = the unpaid money debt
# (excluding general interest) × 1.75‱ per day × days of delay. General interest follows the judgment's own
# method (Art 1 para 2) and is not computed here.
DOUBLED_DAILY_RATE = Decimal("0.000175")
FEN = Decimal("0.01")
ZERO = Decimal("0")


class Payment(msgspec.Struct, frozen=True):
    """Money that reached the applicant: payment, deduction (划拨) or a sale ruling taking effect (Art 3)."""

    on: date
    amount: Decimal


class Suspension(msgspec.Struct, frozen=True):
    """A stay not asked for by the debtor (review of the title, retrial): its days carry no doubled interest
    (Art 3 para 2). Both ends inclusive."""

    starts_on: date
    ends_on: date


class InterestStatement(msgspec.Struct, frozen=True):
    accrued: Decimal  # doubled interest accrued over the whole period, to the fen
    interest_paid: Decimal
    interest_outstanding: Decimal
    principal_outstanding: Decimal
    overpaid: Decimal  # payments beyond principal and accrued doubled interest
    days_counted: int


def first_day_of_delay(performance_period_ends: date) -> date:
    """Interest runs from the end of the performance period (Art 2); that day itself is not counted
    (CPL 2023 Art 85), so the first day of delay is the next one."""
    return performance_period_ends + timedelta(days=1)


def _counted_days(first: date, last: date, suspensions: Sequence[Suspension]) -> int:
    if last < first:
        return 0
    days = (last - first).days + 1
    for s in suspensions:
        lo, hi = max(first, s.starts_on), min(last, s.ends_on)
        if hi >= lo:
            days -= (hi - lo).days + 1
    return days


def delay_statement(
    principal: Decimal,
    from_date: date,
    to_date: date,
    payments: Sequence[Payment] = (),
    suspensions: Sequence[Suspension] = (),
) -> InterestStatement:
    """Doubled interest from `from_date` (the first day of delay) to `to_date`, both days counted.

    A payment on day D stops interest on the part it pays from D + 1: that part runs "to the day of payment"
    (Art 3). Each payment goes first to the money debt, then to doubled interest accrued so far (Art 4: "先清偿
    生效法律文书确定的金钱债务，再清偿加倍部分债务利息", unless the parties agreed otherwise). `principal` is the
    money debt without general interest; pass payments net of any part the judgment's own order sends to costs
    or general interest. Rounding: exact arithmetic, the total rounded half-up to the fen once at the end.
    """
    if principal <= 0:
        raise InvalidInput("principal must be positive")
    if to_date < from_date:
        raise InvalidInput("the period ends before it starts")
    for s in suspensions:
        if s.ends_on < s.starts_on:
            raise InvalidInput("a suspension ends before it starts")
    for p in payments:
        if p.amount <= 0:
            raise InvalidInput("payments must be positive")
        if not from_date <= p.on <= to_date:
            raise InvalidInput(
                msg(
                    "payment on %(on)s falls outside %(from_date)s..%(to_date)s",
                    on=p.on,
                    from_date=from_date,
                    to_date=to_date,
                )
            )
    outstanding = principal
    accrued = ZERO
    interest_paid = ZERO
    overpaid = ZERO
    days_total = 0
    cursor = from_date
    for p in sorted(payments, key=lambda p: p.on):
        if outstanding:
            days = _counted_days(cursor, p.on, suspensions)
            accrued += outstanding * DOUBLED_DAILY_RATE * days
            days_total += days
        cursor = p.on + timedelta(days=1)
        to_principal = min(p.amount, outstanding)
        outstanding -= to_principal
        to_interest = min(p.amount - to_principal, accrued - interest_paid)
        interest_paid += to_interest
        overpaid += p.amount - to_principal - to_interest
    days = _counted_days(cursor, to_date, suspensions)
    if outstanding:
        accrued += outstanding * DOUBLED_DAILY_RATE * days
        days_total += days
    accrued_fen = accrued.quantize(FEN, rounding=ROUND_HALF_UP)
    return InterestStatement(
        accrued=accrued_fen,
        interest_paid=interest_paid.quantize(FEN, rounding=ROUND_HALF_UP),
        interest_outstanding=max(accrued_fen - interest_paid.quantize(FEN, rounding=ROUND_HALF_UP), ZERO),
        principal_outstanding=outstanding,
        overpaid=overpaid.quantize(FEN, rounding=ROUND_HALF_UP),
        days_counted=days_total,
    )


def delay_interest(
    principal: Decimal,
    from_date: date,
    to_date: date,
    payments: Sequence[Payment] = (),
    suspensions: Sequence[Suspension] = (),
) -> Decimal:
    """The doubled part of delay interest accrued over the period, in yuan to the fen (see `delay_statement`)."""
    return delay_statement(principal, from_date, to_date, payments, suspensions).accrued
