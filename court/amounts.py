"""Amounts of money (yuan, two places) as they cross a boundary: the one parser every form, API body and query uses.

An amount is a finite decimal in whole fen (分), not negative, and below MAX_AMOUNT. Anything else is refused with
an InvalidInput naming the field, never rounded and never left to the database (where NaN, Infinity or 1E+30 ended
as a 500 or a 503).

Structs with money fields call `check_amounts` from their `__post_init__`, so an amount is checked however the
Struct is made (an API body, a page form converted with msgspec, a job payload); text fields of pages and query
strings call `parse_amount` directly.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from court.errors import InvalidInput
from court.i18n import msg

FEN = Decimal("0.01")

# Exclusive upper bound: 10^13 yuan (十万亿元). Chosen because
#  - it is a hundred times any claim a Chinese court has heard (the largest run to the order of 10^11 yuan) and about
#    a tenth of China's yearly GDP (about 1.3 × 10^14 yuan in 2023, National Bureau of Statistics), so no genuine
#    amount is refused;
#  - every amount below it in whole fen is exact as an IEEE-754 double (10^13 × 100 = 10^15 < 2^53 ≈ 9.007 × 10^15),
#    so a browser or a JSON client that sends the amount as a number cannot change it by a fen;
#  - the money columns are NUMERIC(16, 2) (at most 10^14 - 0.01): principal, costs and doubled interest of one matter
#    added together, or ten claims of one filing summed for the fee, still fit.
MAX_AMOUNT = Decimal("1e13")


def parse_amount(value: Any, field: str = "amount", *, positive: bool = False) -> Decimal:
    """`value` (text, integer, JSON number or Decimal) as yuan quantised to the fen, or InvalidInput.

    `positive`: zero is refused too (a payment of nothing)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise _refused(field, value, "must be a decimal amount in yuan")
    text = value.strip() if isinstance(value, str) else str(value)
    if len(text) > 40:
        raise _refused(field, text[:40] + "…", "must be a decimal amount in yuan")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _refused(field, text, "must be a decimal amount in yuan") from None
    if not amount.is_finite():
        raise _refused(field, text, "must be a finite amount in yuan")
    if amount < 0 or (positive and amount == 0):
        raise _refused(field, text, "must be positive" if positive else "must not be negative")
    if amount >= MAX_AMOUNT:
        raise _refused(field, text, f"must be below {MAX_AMOUNT:f} yuan")
    if amount != amount.quantize(FEN):
        raise _refused(field, text, "must be in whole fen (at most two decimals)")
    return amount.quantize(FEN)


def parse_optional_amount(value: Any, field: str = "amount", *, positive: bool = False) -> Decimal | None:
    """As `parse_amount`, with None or blank text meaning no amount."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_amount(value, field, positive=positive)


def check_amounts(struct: Any, *fields: str) -> None:
    """The `__post_init__` of a Struct with money fields: each named field that is set is parsed by `parse_amount`
    (and put to the fen where the Struct is not frozen). Raised as InvalidInput, which msgspec lets through
    (it wraps only TypeError and ValueError), so the client gets the 422 naming the field."""
    frozen = struct.__struct_config__.frozen
    for name in fields:
        value = getattr(struct, name)
        if value is None:
            continue
        amount = parse_amount(value, name)
        if not frozen:
            setattr(struct, name, amount)


def _refused(field: str, value: Any, problem: str) -> InvalidInput:
    return InvalidInput(
        msg("%(field)s %(problem)s (got %(value)s)", field=field, problem=problem, value=repr(value)),
        field=field,
        message_key="invalid_amount",
        bound=f"{MAX_AMOUNT:f}",
    )
