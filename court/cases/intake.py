"""The pieces of opening a case that registration (court.cases.registration), the enforcement application
(court.execution.application) and the appeal's second-instance case (court.appeals.service) share: the fee notice,
the case row under its allocated number, its parties, and the one assignment (分案) after registration. It imports
none of them, so each can build on it without a cycle between them."""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from court.accounts.policy import Action, Principal
from court.cases.deadlines import compute_deadline, time_limit_for
from court.cases.fees import case_fee, fee_to_json
from court.cases.lifecycle import CaseStatus
from court.cases.numbers import AllocatedCaseNumber
from court.cases.procedures import Procedure
from court.cases.service import _assign, authorize, division_for, load_case
from court.cases.tables import Case, CaseParty
from court.db import is_sqlite, write_transaction


def fee_notice(
    case_type: str, cause_name: str, amount: Decimal | None, procedure: Procedure
) -> dict[str, Any] | None:
    """The fee assessment for a new case, as stored on the case and shown on the fee notice (交纳诉讼费用通知).
    The litigant's preview and `court fee` price a case through the same `fees.case_fee`."""
    assessment = case_fee(case_type, cause_name, amount, procedure)
    return None if assessment is None else fee_to_json(assessment)


# What a case keeps of each party, copied from a filing's party rows or another case's (the same columns).
PARTY_COLUMNS = (
    "role",
    "kind",
    "name",
    "id_number",
    "uscc",
    "address",
    "phone",
    "legal_representative",
    "agents",
    "user_id",
)


async def insert_case_parties(case_id: int, parties: list[dict[str, Any]]) -> None:
    """The parties of a new case in the order given; each row's PARTY_COLUMNS are taken as they are."""
    await CaseParty.insert(
        *[
            CaseParty.from_dict({"case": case_id, "position": i, **{c: x[c] for c in PARTY_COLUMNS}})
            for i, x in enumerate(parties)
        ]
    )


def new_case(
    number: AllocatedCaseNumber,
    court_code: str,
    type_code: str,
    *,
    registered_at: datetime,
    registered_on: date,
    notice: dict[str, Any] | None,
    **fields: Any,
) -> Case:
    """A registered case's row under its allocated number: its division, its limit (and the deadline counted from
    the registration day) and its fee notice follow from the type and the notice; `fields` are the rest."""
    limit = time_limit_for(fields["case_type"], fields["procedure"])
    return Case(
        number=number.text,
        court_code=court_code,
        specialised=number.specialised,
        type_code=type_code,
        year=number.year,
        serial=number.serial,
        status=CaseStatus.REGISTERED.value,
        division=division_for(type_code)[0],
        registered_at=registered_at,
        registered_on=registered_on,
        time_limit=limit.value if limit else None,
        deadline=compute_deadline(registered_on, limit) if limit else None,
        fee=Decimal(notice["fee"]) if notice else None,
        fee_notice=notice or {},
        **fields,
    )


async def assign_registered_case(p: Principal, case_id: int) -> None:
    """Assign (分案) a newly registered case: the one assignment path after registration, at first instance
    (`register_filing`) and at second instance (`court.appeals.service`, the appeal's case).

    The judge is drawn at random among the division's eligible judges, balanced by caseload, and the draw is
    audited (`court.cases.service._assign` over the pure draw `court.cases.assignment.assign_judge`). It needs the
    ASSIGN permission on the case. Only a case still waiting for its judge is assigned: a second press of
    "register" (or a concurrent one) waits on the case's row, finds the judge already drawn and leaves it, so
    calling it again is harmless."""
    await authorize(p, Action.ASSIGN, case_id)
    async with write_transaction():
        if not is_sqlite():
            await Case.raw("SELECT id FROM court_case WHERE id = {} FOR UPDATE", case_id)
        case = await load_case(case_id)
        # Only a case still waiting for its judge: one already drawn, or closed meanwhile, is left as it is.
        if case["judge_id"] is None and case["status"] == CaseStatus.REGISTERED:
            await _assign(p, case, None, "", random.SystemRandom())
