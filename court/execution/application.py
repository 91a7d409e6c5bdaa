"""Enforcement applied for from an effective judgment in one step (立审执衔接, 一键申请执行).

A party who won opens its case page, sees the effective decision (判决书, 裁定书, 调解书) with the last day to apply
(CPL Art 250: two years from the last day of performance, counted by the one deadline engine) and applies with one
form: the amount is prefilled from the case. One transaction then registers the 执 case through the one registration
path (court.cases.registration, one number from the one allocator), creates its enforcement matter with that same
number linked to the original case, and draws an enforcement officer of the court — or, for the same decision again
(a double click, twenty parallel submits, a retry), returns what the first application made.

An enforcement application a clerk registers from a filing (case type `enforcement`) gets its matter the same way
(`open_matter_for_case`), so a registered 执 case always has exactly one matter with its number.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from court.accounts.policy import Action, Principal
from court.amounts import parse_amount
from court.cases import service as cases
from court.cases.deadlines import Deadline, deadline_for
from court.cases.intake import fee_notice, insert_case_parties, new_case
from court.cases.lifecycle import CaseEventKind
from court.cases.numbers import AllocatedCaseNumber, allocate_case_number, type_code_for
from court.cases.party_periods import PeriodKind
from court.cases.procedures import Procedure
from court.cases.service import _assign, load_case, log_event
from court.cases.tables import Case, CaseClaim, CaseParty
from court.db import is_sqlite, must_exist, write_transaction
from court.errors import Conflict, NotFound, PermissionDenied

# Who stands on which side of the title: the winner applies (申请执行人), the other side is the debtor (被执行人).
APPLICANT_ROLES = frozenset({"plaintiff", "applicant", "appellant", "counterclaim_defendant"})
DEBTOR_ROLES = frozenset({"defendant", "respondent", "appellee", "debtor"})
# The decisions that are enforceable titles once effective (CPL Art 247: 发生法律效力的民事判决、裁定 … 调解书).
TITLE_KINDS = ("judgment", "ruling", "mediation")


class TitleNotEffective(Conflict):
    """The decision has not taken effect (CPL Art 158: its appeal period has not lapsed unappealed)."""

    code = "enforcement_title_not_effective"


class EnforcementPeriodLapsed(Conflict):
    """The two years to apply (CPL Art 250) have passed."""

    code = "enforcement_period_lapsed"


def performance_due(effective_on: date) -> date:
    """The last day of performance. Our decisions order payment without a period of their own, so the period runs
    from the day the decision takes effect (CPL Art 250 para 2: 法律文书未规定履行期间的，从法律文书生效之日起计算)."""
    return effective_on


def application_period(effective_on: date) -> Deadline:
    """The last day to apply for enforcement: two years from the last day of performance (CPL Art 250)."""
    return deadline_for(PeriodKind.ENFORCEMENT_APPLICATION, performance_due(effective_on))


async def _claimed(case_id: int, amount_in_dispute: Any) -> Decimal | None:
    """The sum the decision awards at most (its claims): prefilled on the form, and its upper bound."""
    claims = await CaseClaim.select(CaseClaim.amount).where(CaseClaim.case == case_id)
    total = sum((Decimal(str(c["amount"])) for c in claims if c["amount"] is not None), Decimal("0"))
    if total > 0:
        return total.quantize(Decimal("0.01"))
    return Decimal(str(amount_in_dispute)).quantize(Decimal("0.01")) if amount_in_dispute else None


async def _applicant_side(p: Principal, case: dict[str, Any]) -> bool:
    parties = await CaseParty.select(CaseParty.role, CaseParty.user_id).where(CaseParty.case == case["id"])
    own = [x for x in parties if x["user_id"] == p.user_id]
    if own:
        return any(x["role"] in APPLICANT_ROLES for x in own)
    return case["filer_id"] == p.user_id


async def _existing(title_case_id: int) -> dict[str, Any] | None:
    """The enforcement already registered on this case's decision (not a resumption, 执恢)."""
    from court.execution.tables import EnforcementMatter

    matter = (
        await EnforcementMatter.select(
            EnforcementMatter.id, EnforcementMatter.number, EnforcementMatter.officer_id
        )
        .where(
            (EnforcementMatter.title_case_id == title_case_id)
            & EnforcementMatter.previous_matter_id.is_null()
        )
        .order_by(EnforcementMatter.id)
        .first()
    )
    if matter is None:
        return None
    case = await Case.select(Case.id).where(Case.number == matter["number"]).first()
    return {
        "matter_id": int(matter["id"]),
        "number": matter["number"],
        "case_id": int(case["id"]) if case else None,
        "officer_id": matter["officer_id"],
    }


async def enforceable_titles(p: Principal, case_id: int, today: date) -> list[dict[str, Any]]:
    """What the case page offers: each signed decision with its state (not yet effective, may apply until …,
    period lapsed, applied as …), for a party on the applicant's side; [] for anyone else."""
    from court.documents.tables import CourtDocument

    case = await cases.authorize(p, Action.VIEW, case_id)
    if not await _applicant_side(p, case):
        return []
    docs = (
        await CourtDocument.select(CourtDocument.id, CourtDocument.kind, CourtDocument.effective_on)
        .where(
            (CourtDocument.case == case_id)
            & (CourtDocument.status == "signed")
            & CourtDocument.kind.is_in(list(TITLE_KINDS))
        )
        .order_by(CourtDocument.id)
    )
    existing = await _existing(case_id)
    amount = await _claimed(case_id, case["amount_in_dispute"])
    out = []
    for d in docs:
        row: dict[str, Any] = {
            "document_id": d["id"],
            "kind": d["kind"],
            "effective_on": d["effective_on"],
            "amount": f"{amount:.2f}" if amount else "",
            "applied": existing,
        }
        if d["effective_on"] is None:
            row["state"] = "not_effective"
        else:
            period = application_period(d["effective_on"])
            row.update(
                last_day=period.deadline,
                article=period.article,
                state="applied" if existing else ("open" if today <= period.deadline else "lapsed"),
            )
        out.append(row)
    return out


async def apply_for_enforcement(
    p: Principal, document_id: int, amount_text: str | None, *, today: date, case_id: int | None = None
) -> dict[str, Any]:
    """Register the enforcement application on an effective decision and open its matter, in one transaction.
    The same decision again returns the first application (`created` False)."""
    from court.documents.tables import CourtDocument

    if case_id is not None:  # from the case page: the case is checked before the form's document
        case = await cases.authorize(p, Action.VIEW, case_id)  # an outsider is told it does not exist
        if not await _applicant_side(p, case):
            raise PermissionDenied("only a party who won the case applies for its enforcement")
    doc = await CourtDocument.select().where(CourtDocument.id == document_id).first()
    if (
        doc is None
        or doc["status"] != "signed"
        or doc["kind"] not in TITLE_KINDS
        or (case_id is not None and int(doc["case"]) != case_id)
    ):
        raise NotFound("no such decision", document_id=document_id)
    case = await cases.authorize(p, Action.VIEW, int(doc["case"]))
    if not await _applicant_side(p, case):
        raise PermissionDenied("only a party who won the case applies for its enforcement")
    claimed = await _claimed(int(case["id"]), case["amount_in_dispute"])
    amount = parse_amount(amount_text, field="amount") if amount_text not in (None, "") else claimed
    if amount is None or amount <= 0:
        from court.errors import InvalidInput

        raise InvalidInput(
            "the amount to enforce is a positive sum of yuan",
            field="amount",
            message_key="enforcement_amount_positive",
        )
    if claimed is not None and amount > claimed:
        from court.errors import InvalidInput

        raise InvalidInput(
            f"the decision awards at most {claimed} yuan",
            field="amount",
            message_key="enforcement_amount_over",
            claimed=f"{claimed:.2f}",
        )
    async with write_transaction():
        # Parallel applications on one decision queue on its row; the first registers, the others find it.
        if not is_sqlite():
            await CourtDocument.raw("SELECT id FROM court_document WHERE id = {} FOR UPDATE", document_id)
        existing = await _existing(int(case["id"]))
        if existing is not None:
            return {**existing, "created": False}
        effective_on = must_exist(
            await CourtDocument.select(CourtDocument.effective_on)
            .where(CourtDocument.id == document_id)
            .first()
        )["effective_on"]
        if effective_on is None:
            raise TitleNotEffective(
                "the decision has not taken effect", message_key="enforcement_title_not_effective_detail"
            )
        period = application_period(effective_on)
        if today > period.deadline:
            raise EnforcementPeriodLapsed(
                f"the period to apply ended on {period.deadline}",
                message_key="enforcement_period_lapsed_detail",
                last_day=period.deadline.isoformat(),
                article=period.article,
            )
        made = await register_enforcement_application(
            p,
            case,
            amount=amount,
            performance_due=performance_due(effective_on),
            title_kind=doc["kind"],
            today=today,
        )
    return {**made, "created": True}


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
    court_code = title_case["court_code"]
    type_code = type_code_for("enforcement", Procedure.ORDINARY)
    number = await allocate_case_number(court_code, type_code, today.year)
    notice = fee_notice("enforcement", "", amount, Procedure.ORDINARY)
    now = datetime.now(UTC)
    case = new_case(
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


async def open_matter_for_case(
    p: Principal | None,
    case: dict[str, Any],
    number: AllocatedCaseNumber,
    parties: list[dict[str, Any]],
    *,
    amount: Decimal | None,
    title_number: str,
    title_kind: str,
    performance_due: date,
    today: date,
) -> int:
    """The enforcement matter of a 执 case just registered (inside the registration's transaction), with the case's
    number. `parties` are the 执 case's parties (role, name, id_number / uscc, user_id)."""
    from court.execution.service import MatterIn, PartyIn, register_matter

    applicants = [x for x in parties if x["role"] in APPLICANT_ROLES]
    debtors = [x for x in parties if x["role"] in DEBTOR_ROLES]
    matter_parties = [
        PartyIn(
            role="applicant",
            name=x["name"],
            id_code=(x.get("id_number") or x.get("uscc") or "")[:18],
            user_id=x.get("user_id"),
            principal=amount if i == 0 else None,
        )
        for i, x in enumerate(applicants)
    ] + [
        PartyIn(
            role="debtor",
            name=x["name"],
            id_code=(x.get("id_number") or x.get("uscc") or "")[:18],
            user_id=x.get("user_id"),
        )
        for x in debtors
    ]
    data = MatterIn(
        court_code=case["court_code"],
        title_number=title_number,
        performance_due=performance_due,
        parties=matter_parties,
        title_kind=title_kind,
        officer_id=case.get("judge_id"),
    )
    return await register_matter(None, data, today=today, number=number)


async def linked_matters(case_id: int) -> list[dict[str, Any]]:
    """The enforcement matters (and their 执 cases) registered on this case's decisions, for the judge's page; or,
    for a 执 case, its own matter."""
    from court.execution.tables import EnforcementMatter

    case = await cases.load_case(case_id)
    where = (EnforcementMatter.title_case_id == case_id) | (EnforcementMatter.number == case["number"])
    rows = (
        await EnforcementMatter.select(
            EnforcementMatter.id,
            EnforcementMatter.number,
            EnforcementMatter.stage,
            EnforcementMatter.status,
            EnforcementMatter.registered_on,
            EnforcementMatter.officer_id,
        )
        .where(where)
        .order_by(EnforcementMatter.id)
    )
    for row in rows:
        linked = await Case.select(Case.id).where(Case.number == row["number"]).first()
        row["case_id"] = int(linked["id"]) if linked else None
    return rows


async def matter_of_case(p: Principal, case_id: int) -> dict[str, Any] | None:
    """The matter a party of the case may follow from its case page (its progress link), or None."""
    from court.accounts.policy import decide
    from court.execution.service import load_matter, resource_of

    for row in await linked_matters(case_id):
        if decide(p, Action.VIEW, await resource_of(await load_matter(int(row["id"])))).allowed:
            return row
    return None
