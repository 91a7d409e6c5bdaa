"""The fee a litigant sees before submitting: which kind of fee a filing attracts, and on what amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from court.cases.fees import FeeAssessment, FeeKind, assess_fee
from court.cases.procedures import Procedure
from court.errors import InvalidInput

# Filing case types that are applications (Fee Measures Art. 14), charged on the amount applied for.
_APPLICATION_KINDS = {
    "enforcement": FeeKind.ENFORCEMENT,
    "preservation": FeeKind.PRESERVATION,
    "payment_order": FeeKind.PAYMENT_ORDER,
}


def fee_kind(case_type: str, cause_name: str, amount: Decimal | None) -> FeeKind:
    """Fee Measures Art. 13: property cases by amount; divorce, labour and other non-property cases by item."""
    if case_type in _APPLICATION_KINDS:
        return _APPLICATION_KINDS[case_type]
    if case_type == "administrative":
        return FeeKind.ADMINISTRATIVE
    if "离婚" in cause_name or "divorce" in cause_name.lower():
        return FeeKind.DIVORCE
    if "劳动" in cause_name or "labour" in cause_name.lower():
        return FeeKind.LABOUR
    return FeeKind.PROPERTY if amount else FeeKind.OTHER_NON_PROPERTY


def amount_claimed(filing: dict[str, Any]) -> Decimal | None:
    """The amount in dispute as entered, or else the sum of the claims' amounts."""
    if filing.get("amount_in_dispute") not in (None, ""):
        return Decimal(str(filing["amount_in_dispute"]))
    amounts = [Decimal(str(c["amount"])) for c in filing.get("claims", []) if c.get("amount") not in (None, "")]
    return sum(amounts, Decimal("0")) if amounts else None


def preview_fee(filing: dict[str, Any]) -> FeeAssessment | None:
    """The assessed fee for a filing, or None where the rules cannot price it yet (e.g. no amount to enforce)."""
    amount = amount_claimed(filing)
    kind = fee_kind(str(filing.get("case_type") or "civil"), str(filing.get("cause_name") or ""), amount)
    try:
        procedure = Procedure(str(filing.get("procedure") or "ordinary"))
    except ValueError:
        procedure = Procedure.ORDINARY
    try:
        return assess_fee(kind, amount, procedure=procedure)
    except InvalidInput:
        return None
