"""The fee a litigant sees before submitting: the fee registration will charge (`fees.case_fee`), on the filing as
it stands."""

from __future__ import annotations

from typing import Any

from court.cases.fees import UNCHARGED_CASE_TYPES, FeeAssessment, amount_claimed, case_fee
from court.cases.procedures import Procedure
from court.errors import InvalidInput


def preview_fee(filing: dict[str, Any]) -> FeeAssessment | None:
    """The fee registration would charge for this filing, or None where none is due (`fee_free`) or the rules
    cannot price it yet (e.g. a property case without its amount)."""
    amount = amount_claimed(
        filing.get("amount_in_dispute"), [c.get("amount") for c in filing.get("claims") or []]
    )
    try:
        procedure = Procedure(str(filing.get("procedure") or "ordinary"))
    except ValueError:
        procedure = Procedure.ORDINARY
    try:
        return case_fee(
            str(filing.get("case_type") or "civil"), str(filing.get("cause_name") or ""), amount, procedure
        )
    except InvalidInput:
        return None


def fee_free(filing: dict[str, Any]) -> bool:
    """Whether the filing's case pays no fee at all, so the page says so instead of asking for an amount."""
    return str(filing.get("case_type") or "") in UNCHARGED_CASE_TYPES
