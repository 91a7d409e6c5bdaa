"""Closing a case (结案): how it closed, on which day, who bears the acceptance fee and what is refunded.

The fee is assessed by the one fee function (court.cases.fees.assess_fee) — halved there for mediation or
withdrawal (Fee Measures Art 15) — and split here by who bears it. Fee Measures = 诉讼费用交纳办法 (国务院令第481号).
The plaintiff prepaid the whole acceptance fee (FM Art 20), so whatever the plaintiff does not bear is refunded to
the plaintiff, and the defendant's share is owed to the court. The refund assumes the prepaid fee was paid in full:
recording the payment itself is the fee-payment deliverable's (issue 18, item 4).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal
from court.cases import service
from court.cases.fees import assess_fee, fee_kind_for
from court.cases.lifecycle import (
    CASE,
    CLOSING_FROM,
    HEARING,
    CaseEventKind,
    CaseStatus,
    ClosingMethod,
    HearingStatus,
)
from court.cases.procedures import Procedure
from court.cases.tables import Case, CaseHearing
from court.cases.workbench import state_conflict
from court.db import write_transaction
from court.errors import InvalidInput
from court.i18n import msg
from court.statemachine import IllegalTransition, claim, transition

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class FeeBearer(StrEnum):
    PLAINTIFF = "plaintiff"  # 原告负担
    DEFENDANT = "defendant"  # 被告负担
    SHARED = "shared"  # 按比例分担 (FM Art 29 para 2: partly won, partly lost)
    NONE = "none"  # no one here: the fee goes with a transferred case


# Who bears the fee is fixed by law for these methods; for the others the judge decides (and writes it in the
# judgment, ruling or mediation document).
FIXED_BEARER: dict[ClosingMethod, FeeBearer] = {
    ClosingMethod.WITHDRAWAL: FeeBearer.PLAINTIFF,  # FM Art 34: the plaintiff who withdraws bears the fee
    ClosingMethod.DEEMED_WITHDRAWAL: FeeBearer.PLAINTIFF,  # 按撤诉处理: treated as the plaintiff's withdrawal
    ClosingMethod.DISMISSAL: FeeBearer.PLAINTIFF,  # FM Art 29: the side that loses bears it; the suit is dismissed
    # A case transferred to the competent court keeps its fee: the receiving court decides who bears it
    # (FM Art 24: the prepaid fee goes with the case; article number unverified).
    ClosingMethod.TRANSFER: FeeBearer.NONE,
}
# FM Art 15: 以调解方式结案或者当事人申请撤诉的，减半交纳案件受理费. 按撤诉处理 is not an application to withdraw,
# so it is not halved by the letter of Art 15 (some courts halve it by analogy; this court follows the letter).
HALVED = frozenset({ClosingMethod.MEDIATION, ClosingMethod.WITHDRAWAL})


class FeeOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """Money as strings with two decimals: the fee finally due, each side's share, the refund, its legal basis."""

    prepaid: str
    fee: str
    bearer: str
    plaintiff_bears: str
    defendant_bears: str
    refund_to_plaintiff: str
    basis: list[str]


def fee_outcome(
    case: dict[str, Any], method: ClosingMethod, bearer: FeeBearer, plaintiff_share: int | None = None
) -> FeeOutcome:
    """The closing's fee: assessed again by the fee function with the closing's halving, then split."""
    prepaid = Decimal(case["fee"]) if case["fee"] is not None else ZERO
    amount = Decimal(case["amount_in_dispute"]) if case["amount_in_dispute"] is not None else None
    if method is ClosingMethod.TRANSFER or case["fee"] is None:
        return FeeOutcome(
            prepaid=str(prepaid.quantize(CENT)),
            fee=str(ZERO),
            bearer=FeeBearer.NONE.value,
            plaintiff_bears=str(ZERO),
            defendant_bears=str(ZERO),
            refund_to_plaintiff=str(ZERO),
            basis=["FM Art 24 (transferred with the case)"] if method is ClosingMethod.TRANSFER else [],
        )
    assessment = assess_fee(
        fee_kind_for(case["case_type"], case["cause_name"], amount),
        amount,
        procedure=Procedure(case["procedure"]),
        mediated_or_withdrawn=method in HALVED,
    )
    fee = assessment.fee
    if bearer is FeeBearer.PLAINTIFF:
        share = 100
    elif bearer is FeeBearer.DEFENDANT:
        share = 0
    elif bearer is FeeBearer.SHARED and plaintiff_share is not None and 0 <= plaintiff_share <= 100:
        share = plaintiff_share
    else:
        raise InvalidInput(
            "say what share of the fee the plaintiff bears (0-100)",
            field="plaintiff_share",
            shown=msg("Give the plaintiff's share of the fee (0-100)"),
        )
    plaintiff_part = (fee * share / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    defendant_part = fee - plaintiff_part
    refund = max(prepaid - plaintiff_part, ZERO)
    basis = [b for b in assessment.basis if "Art 15" in b or "Art 16" in b]
    basis.append(
        "FM Art 34 (withdrawal: borne by the plaintiff)"
        if method is ClosingMethod.WITHDRAWAL
        else "FM Art 29 (borne by the losing party)"
    )
    return FeeOutcome(
        prepaid=str(prepaid.quantize(CENT)),
        fee=str(fee.quantize(CENT)),
        bearer=bearer.value,
        plaintiff_bears=str(plaintiff_part),
        defendant_bears=str(defendant_part.quantize(CENT)),
        refund_to_plaintiff=str(refund.quantize(CENT)),
        basis=basis,
    )


async def close_case(
    p: Principal,
    case_id: int,
    method: ClosingMethod,
    *,
    closed_on: date | None = None,
    bearer: FeeBearer | None = None,
    plaintiff_share: int | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Close the case (结案) by `method` on `closed_on`; only from the statuses CLOSING_FROM allows for the method."""
    try:
        method = ClosingMethod(method)
    except ValueError:
        raise InvalidInput(
            msg("unknown closing method %(method)s", method=repr(method)),
            field="method",
            shown=msg("Choose how the case closed"),
        ) from None
    fixed = FIXED_BEARER.get(method)
    if fixed is None:
        try:
            bearer = FeeBearer(bearer) if bearer else None
        except ValueError:
            bearer = None
        if bearer is None or bearer is FeeBearer.NONE:
            raise InvalidInput("say who bears the fee", field="bearer", shown=msg("Choose who bears the fee"))
    else:
        bearer = fixed
    today = service.court_today()
    closed_on = closed_on or today
    case = await service.authorize(p, Action.DECIDE, case_id)
    if closed_on > today:
        raise InvalidInput(
            "a case is not closed in the future",
            field="closed_on",
            shown=msg("The closing date cannot be in the future"),
        )
    if closed_on < case["registered_on"]:
        raise InvalidInput(
            "a case closes after its registration",
            field="closed_on",
            shown=msg("The closing date cannot precede registration"),
        )
    async with write_transaction():
        try:
            # Locks the case: of two concurrent closings one finds it open, the other finds it closed (409).
            found = await claim(CASE, case_id, CaseStatus.CLOSED, allowed_from=CLOSING_FROM[method])
        except IllegalTransition as exc:
            raise state_conflict(exc, "close the case") from None
        case = await service.load_case(case_id)
        outcome = fee_outcome(case, method, bearer, plaintiff_share)
        closing = {
            "method": method.value,
            "closed_on": closed_on.isoformat(),
            "note": note.strip(),
            "from": found,
            "fee": msgspec.to_builtins(outcome),
        }
        await transition(
            CASE,
            case_id,
            CaseStatus.CLOSED,
            values={
                Case.closed_on: closed_on,
                Case.closing_method: method.value,
                Case.closing: closing,
            },
        )
        # Hearings still booked are cancelled with the case: the courtroom's slot is free again.
        booked = await CaseHearing.select(CaseHearing.id).where(
            (CaseHearing.case == case_id) & (CaseHearing.status == HearingStatus.SCHEDULED.value)
        )
        for row in booked:
            await transition(HEARING, int(row["id"]), HearingStatus.CANCELLED)
        await service.log_event(p, case_id, case["court_code"], CaseEventKind.CLOSED, closing)
    return closing
