"""Registration (立案): an accepted filing becomes a case with its number, parties, claims, documents, fee and limit."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from court.accounts.policy import Action, Principal
from court.cases.deadlines import compute_deadline, time_limit_for
from court.cases.fees import amount_claimed, case_fee, fee_to_json
from court.cases.lifecycle import CaseEventKind, CaseStatus
from court.cases.numbers import AllocatedCaseNumber, allocate_case_number, type_code_for
from court.cases.procedures import Procedure
from court.cases.service import _assign, actor_of, authorize, court_today, division_for, load_case, log_event
from court.cases.tables import Case, CaseClaim, CaseDocument, CaseParty
from court.db import is_sqlite, write_transaction
from court.errors import Conflict, InvalidInput
from court.filing import service as filings
from court.filing.status import FILING, FilingStatus
from court.filing.tables import FilingClaim, FilingDocument, FilingParty
from court.i18n import msg
from court.statemachine import claim, current_state


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


async def _existing_case(filing_id: int) -> dict[str, Any] | None:
    return await Case.select().where(Case.filing_id == filing_id).output(load_json=True).first()


def _new_case(
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


async def register_filing(
    p: Principal,
    filing_id: int,
    *,
    procedure: Procedure | str | None = None,
    specialised: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Register (立案) the filing and assign (分案) the case: the one registration path of the clerk's page, the API
    and the demo. Calling it again returns the same case, and assigns it if an earlier assignment failed."""
    case = await _open_case(p, filing_id, procedure=procedure, specialised=specialised, now=now)
    if case.get("judge_id") is None:
        await assign_registered_case(p, int(case["id"]))
        case = await load_case(int(case["id"]))
    return case


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


async def _open_case(
    p: Principal,
    filing_id: int,
    *,
    procedure: Procedure | str | None = None,
    specialised: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Register the filing at its competent court and return the case. Registering it again returns the same case.

    One transaction holds it all: the serial (given back on rollback), the case and its copies of the filing's
    parties, claims and documents, the fee notice, the limit, the filing's move to `registered` and the audit events.
    """
    filing = await filings.authorize(p, Action.REGISTER, filing_id)
    existing = await _existing_case(filing_id)
    if existing is not None:
        return existing
    now = now or datetime.now(UTC)
    async with write_transaction():
        # Two clerks pressing "register" together: the second waits on the filing's row and then finds the case;
        # a refusal racing a registration waits likewise and then finds the filing registered (409), or the reverse.
        await current_state(FILING, filing_id, lock=True)
        existing = await _existing_case(filing_id)
        if existing is not None:
            return existing
        # The compare half of the move written below: the number is allocated only once the filing may be registered.
        await claim(FILING, filing_id, FilingStatus.REGISTERED)
        filing = await filings.load_filing(filing_id)
        court_code = filing["competent_court_code"] or filing["receiving_court_code"]
        if court_code != p.court_code:
            raise Conflict(
                msg("the filing belongs to %(court_code)s; forward it instead", court_code=court_code),
                court_code=court_code,
            )
        chosen = Procedure(procedure or filing["procedure"] or Procedure.ORDINARY)
        case_type = filing["case_type"] or "civil"
        type_code = type_code_for(case_type, chosen)
        registered_on = court_today(now)
        number = await allocate_case_number(court_code, type_code, registered_on.year, specialised)
        # The amount the litigant was shown the fee on: as entered, or else the claims' sum.
        claim_amounts = await FilingClaim.select(FilingClaim.amount).where(FilingClaim.filing == filing_id)
        amount = amount_claimed(filing["amount_in_dispute"], [c["amount"] for c in claim_amounts])
        notice = fee_notice(case_type, filing["cause_name"], amount, chosen)
        case = _new_case(
            number,
            court_code,
            type_code,
            registered_at=now,
            registered_on=registered_on,
            notice=notice,
            filing_id=filing_id,
            case_type=case_type,
            cause_code=filing["cause_code"],
            cause_name=filing["cause_name"] or "",
            procedure=chosen.value,
            amount_in_dispute=amount,
            filer_id=filing["filer"],
            registered_by=p.user_id,
        )
        await case.save()
        case_id = int(case.id)
        await _copy_filing(filing_id, case_id)
        await filings.move(
            p,
            filing_id,
            FilingStatus.REGISTERED,
            reason=f"已立案，案号{number.text}",
            competent_court_code=court_code,
        )
        detail = {
            "number": number.text,
            "filing_id": filing_id,
            "fee": notice["fee"] if notice else None,
            "deadline": case.deadline.isoformat() if case.deadline else None,
        }
        await log_event(p, case_id, court_code, CaseEventKind.REGISTERED, detail)
        if type_code.startswith("执"):
            # An enforcement application (执) opens its enforcement matter with the same number, in this transaction.
            await _open_matter_for_filing(p, filing, case_id, number, amount, registered_on)
        if notice and notice.get("prepaid_by"):
            # The fee notice is given with registration; the 7-day period to prepay runs from today (CPL-Interp Art 213).
            from court.payments.service import open_charge

            await open_charge(
                case_id,
                court_code=court_code,
                amount=Decimal(notice["fee"]),
                notice_on=registered_on,
                actor=actor_of(p),
            )
    return await load_case(case_id)


def _title_number_of(filing: dict[str, Any]) -> str:
    """The case number of the title the application enforces, as the clerk corrected it or the docket read it."""
    from court.execution.service import parse_title_number

    candidates: list[Any] = []
    for source in (filing.get("corrections") or {}, filing.get("docket") or {}):
        if isinstance(source, dict):
            value = source.get("case_numbers")
            candidates += value if isinstance(value, list) else [value]
    candidates.append(filing.get("summary") or "")
    for item in candidates:
        text = item.get("text", "") if isinstance(item, dict) else str(item or "")
        if not text:
            continue
        try:
            return parse_title_number(text)
        except InvalidInput:
            continue
    return ""


async def _open_matter_for_filing(
    p: Principal,
    filing: dict[str, Any],
    case_id: int,
    number: Any,
    amount: Decimal | None,
    registered_on: date,
) -> int:
    from court.documents.tables import CourtDocument
    from court.execution.application import open_matter_for_case

    filing = await filings.load_filing(int(filing["id"]))
    for key in ("docket", "corrections"):
        if isinstance(filing.get(key), str):
            import json

            filing[key] = json.loads(filing[key] or "{}")
    title = _title_number_of(filing)
    performance_due = registered_on
    if title:
        title_case = await Case.select(Case.id).where(Case.number == title).first()
        if title_case is not None:
            effective = (
                await CourtDocument.select(CourtDocument.effective_on)
                .where((CourtDocument.case == title_case["id"]) & CourtDocument.effective_on.is_not_null())
                .first()
            )
            if effective is not None:
                from court.execution.application import performance_due as due_from

                performance_due = due_from(effective["effective_on"])
    case = await load_case(case_id)
    parties = await CaseParty.select().where(CaseParty.case == case_id).order_by(CaseParty.position)
    return await open_matter_for_case(
        p,
        case,
        number,
        parties,
        amount=amount,
        title_number=title,
        title_kind="judgment",
        performance_due=performance_due,
        today=registered_on,
    )


async def register_enforcement_application(
    p: Principal,
    title_case: dict[str, Any],
    *,
    amount: Decimal,
    performance_due: date,
    title_kind: str,
    today: date,
) -> dict[str, Any]:
    """Register the litigant's one-step enforcement application on an effective decision of `title_case` (inside
    the caller's write transaction): the 执 case with its number from the one allocator, its parties from the
    title case, its fee (not prepaid: FM Art 20, borne by the debtor, Art 38), its limit, an enforcement officer
    drawn (分案), and its matter with the same number linked to the title case."""
    from court.execution.application import APPLICANT_ROLES, DEBTOR_ROLES, open_matter_for_case

    court_code = title_case["court_code"]
    type_code = type_code_for("enforcement", Procedure.ORDINARY)
    number = await allocate_case_number(court_code, type_code, today.year)
    notice = fee_notice("enforcement", "", amount, Procedure.ORDINARY)
    now = datetime.now(UTC)
    case = _new_case(
        number,
        court_code,
        type_code,
        registered_at=now,
        registered_on=today,
        notice=notice,
        filing_id=None,
        case_type="enforcement",
        cause_code=title_case["cause_code"],
        cause_name=title_case["cause_name"] or "",
        procedure=Procedure.ORDINARY.value,
        amount_in_dispute=amount,
        filer_id=p.user_id,
        registered_by=None,
    )
    await case.save()
    case_id = int(case.id)
    title_parties = (
        await CaseParty.select()
        .where(CaseParty.case == title_case["id"])
        .order_by(CaseParty.position)
        .output(load_json=True)
    )
    # The applying party first: the sum applied for is its own.
    applicants = sorted(
        (x for x in title_parties if x["role"] in APPLICANT_ROLES), key=lambda x: x["user_id"] != p.user_id
    )
    debtors = [x for x in title_parties if x["role"] in DEBTOR_ROLES]
    rows = [(x, "applicant") for x in applicants] + [(x, "respondent") for x in debtors]
    await insert_case_parties(
        case_id,
        [
            # The one applying acts for the first applicant (its filer's account when the party had none).
            {
                **x,
                "role": role,
                "user_id": x["user_id"] or (p.user_id if i == 0 and role == "applicant" else None),
            }
            for i, (x, role) in enumerate(rows)
        ],
    )
    await CaseClaim.insert(
        CaseClaim(case=case_id, position=0, text=f"申请强制执行{title_case['number']}", amount=amount)
    )
    detail = {
        "number": number.text,
        "title_case": title_case["id"],
        "title_number": title_case["number"],
        "fee": notice["fee"] if notice else None,
        "deadline": case.deadline.isoformat() if case.deadline else None,
        "applied_by": p.user_id,
    }
    await log_event(p, case_id, court_code, CaseEventKind.REGISTERED, detail)
    # 分案 at once: an enforcement officer of the court's 执行局, drawn like a judge (court.cases.service._assign).
    await _assign(None, await load_case(case_id), None, "", random.SystemRandom())
    registered = await load_case(case_id)
    parties = await CaseParty.select().where(CaseParty.case == case_id).order_by(CaseParty.position)
    matter_id = await open_matter_for_case(
        None,
        registered,
        number,
        parties,
        amount=amount,
        title_number=title_case["number"],
        title_kind=title_kind,
        performance_due=performance_due,
        today=today,
    )
    return {
        "case_id": case_id,
        "number": number.text,
        "matter_id": matter_id,
        "officer_id": registered["judge_id"],
    }


async def _copy_filing(filing_id: int, case_id: int) -> None:
    parties = (
        await FilingParty.select()
        .where(FilingParty.filing == filing_id)
        .order_by(FilingParty.position)
        .output(load_json=True)
    )
    if not parties:
        raise InvalidInput("a filing without parties cannot be registered", field="parties")
    await insert_case_parties(case_id, parties)
    claims = await FilingClaim.select().where(FilingClaim.filing == filing_id).order_by(FilingClaim.position)
    if claims:
        await CaseClaim.insert(
            *[
                CaseClaim(case=case_id, position=i, text=c["text"], amount=c["amount"])
                for i, c in enumerate(claims)
            ]
        )
    documents = (
        await FilingDocument.select()
        .where(FilingDocument.filing == filing_id)
        .order_by(FilingDocument.position)
    )
    if documents:
        await CaseDocument.insert(
            *[
                CaseDocument(
                    case=case_id,
                    position=i,
                    filing_document_id=d["id"],
                    blob_key=d["blob_key"],
                    sha256=d["sha256"],
                    size=d["size"],
                    name=d["original_name"],
                    kind=d["kind"],
                    page_count=d["page_count"],
                    sealed=d["sealed"],
                )
                for i, d in enumerate(documents)
            ]
        )


async def case_view(case_id: int) -> dict[str, Any]:
    """The case with its parties, claims and documents (the docket, 案件信息)."""
    case = await load_case(case_id)
    for money in ("fee", "amount_in_dispute"):
        # SQLite hands Numeric back without its scale; the API always shows yuan with two decimals.
        if case[money] is not None:
            case[money] = Decimal(case[money]).quantize(Decimal("0.01"))
    case["parties"] = (
        await CaseParty.select()
        .where(CaseParty.case == case_id)
        .order_by(CaseParty.position)
        .output(load_json=True)
    )
    case["claims"] = await CaseClaim.select().where(CaseClaim.case == case_id).order_by(CaseClaim.position)
    case["documents"] = (
        await CaseDocument.select().where(CaseDocument.case == case_id).order_by(CaseDocument.position)
    )
    return case


async def registered_case(principal: Principal, filing_id: int) -> dict[str, Any] | None:
    """The case a filing became, with its number and fee notice, where the principal may see it; else None (the
    clerk's review screen shows it beside the filing)."""
    row = await Case.select(Case.id).where(Case.filing_id == filing_id).first()
    if row is None:
        return None
    await authorize(principal, Action.VIEW, int(row["id"]))
    return await case_view(int(row["id"]))


async def case_number_of_filing(filing_id: int) -> dict[str, Any] | None:
    """The id and number of the case a filing became, or None while it is not registered: the filer's page links
    to the case by its number. The caller has checked that the principal may view the filing; the case page itself
    checks again who may open the case."""
    return await Case.select(Case.id, Case.number).where(Case.filing_id == filing_id).first()
