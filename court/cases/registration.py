"""Registration (立案): an accepted filing becomes a case with its number, parties, claims, documents, fee and limit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from court.accounts.policy import Action, Principal
from court.audit.chain import actor_of
from court.cases.fees import amount_claimed
from court.cases.intake import (
    assign_registered_case,
    fee_notice,
    insert_case_parties,
    new_case,
)
from court.cases.lifecycle import CaseEventKind
from court.cases.numbers import allocate_case_number, type_code_for
from court.cases.procedures import Procedure
from court.cases.service import authorize, court_today, load_case, log_event
from court.cases.tables import Case, CaseClaim, CaseDocument, CaseParty
from court.db import write_transaction
from court.errors import Conflict, InvalidInput
from court.filing import service as filings
from court.filing.status import FILING, FilingStatus
from court.filing.tables import FilingClaim, FilingDocument, FilingParty
from court.i18n import msg
from court.statemachine import claim, current_state


async def _existing_case(filing_id: int) -> dict[str, Any] | None:
    return await Case.select().where(Case.filing_id == filing_id).output(load_json=True).first()


class Registering(TypedDict, total=False):
    """How a filing is registered, all optional: `_open_case`'s keyword arguments, which register_filing passes on."""

    procedure: Procedure | str | None
    specialised: str | None
    now: datetime | None


async def register_filing(p: Principal, filing_id: int, **how: Unpack[Registering]) -> dict[str, Any]:
    """Register (立案) the filing and assign (分案) the case: the one registration path of the clerk's page, the API
    and the demo. Calling it again returns the same case, and assigns it if an earlier assignment failed."""
    case = await _open_case(p, filing_id, **how)
    if case.get("judge_id") is None:
        await assign_registered_case(p, int(case["id"]))
        case = await load_case(int(case["id"]))
    return case


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
        case = new_case(
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
