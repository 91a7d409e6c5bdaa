"""Enforcement matters (执行案件): registration from an enforceable title, access, facts, timeline and the clock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from court.accounts.policy import Action, Principal, Resource, ResourceKind, not_found, require
from court.amounts import check_amounts
from court.audit.chain import actor_of, subject_events
from court.cases.fees import FeeKind, assess_fee
from court.cases.numbers import AllocatedCaseNumber, allocate_case_number
from court.db import is_sqlite, write_transaction
from court.errors import Conflict, InvalidInput, NotFound
from court.execution.agencies import AgencyAdapter, SimulatedGateway
from court.execution.closing import MatterFacts
from court.execution.ledger import PriorityClass
from court.execution.tables import EnforcementMatter, MatterEvent, MatterParty, MatterProperty
from court.i18n import msg
from kernel.case_numbers import InvalidCaseNumber, format_case_number, parse_case_number

COURT_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_GATEWAY_SEED = 2026


class PartyIn(msgspec.Struct, forbid_unknown_fields=True):
    role: str  # applicant, debtor
    name: str
    id_code: str
    user_id: int | None = None
    principal: Decimal | None = None  # money debt the title awards this applicant
    costs: Decimal | None = None  # litigation costs the debtor must reimburse this applicant
    priority: PriorityClass = PriorityClass.ORDINARY
    rank: int = 0

    def __post_init__(self) -> None:
        check_amounts(self, "principal", "costs")


class MatterIn(msgspec.Struct, forbid_unknown_fields=True):
    """An application for enforcement (申请执行) of an effective title (执行依据)."""

    court_code: str
    title_number: str  # case number of the judgment, ruling or mediation statement enforced
    performance_due: date  # last day of the performance period the title set
    parties: list[PartyIn]
    title_kind: str = "judgment"
    officer_id: int | None = None


# --- clock and gateway: injectable through the runtime, so tests move time instead of sleeping --------------


def now_of(runtime: Any | None) -> datetime:
    clock = getattr(runtime, "extras", {}).get("clock") if runtime is not None else None
    return clock() if clock else datetime.now(UTC)


def court_day(now: datetime) -> date:
    return now.astimezone(COURT_TZ).date()


def gateway_of(runtime: Any | None) -> AgencyAdapter:
    gateway = getattr(runtime, "extras", {}).get("agency_gateway") if runtime is not None else None
    return gateway or SimulatedGateway(seed=DEFAULT_GATEWAY_SEED)


# --- title (执行依据) -----------------------------------------------------------------------------------------


def parse_title_number(text: str) -> str:
    """Read the title's case number (the one parser, kernel.case_numbers) and return its written form."""
    try:
        parsed = parse_case_number(text)
    except InvalidCaseNumber:
        raise InvalidInput(
            msg("%(text)s is not a case number", text=repr(text)), field="title_number"
        ) from None
    return format_case_number(parsed)


# --- registration -----------------------------------------------------------------------------------------


async def _allocate(court_code: str, type_code: str, year: int) -> AllocatedCaseNumber:
    """The one allocator of case numbers (court.cases.numbers): a 执 number is the same serial whether the matter
    is registered here, by the clerk's registration or from the litigant's one-step application."""
    return await allocate_case_number(court_code, type_code, year)


def _check_parties(parties: list[PartyIn], *, require_amounts: bool = True) -> None:
    applicants = [x for x in parties if x.role == "applicant"]
    debtors = [x for x in parties if x.role == "debtor"]
    if not applicants or not debtors:
        raise InvalidInput("a matter needs at least one applicant and one debtor", field="parties")
    if any(x.role not in ("applicant", "debtor") for x in parties):
        raise InvalidInput("a party is an applicant or a debtor", field="parties")
    for a in applicants:
        if not require_amounts and a.principal is None:
            continue  # a title without a sum (e.g. to do an act): the fee is the flat one (FM Art 14(1) item 1)
        if a.principal is None or a.principal <= 0:
            raise InvalidInput(
                msg("applicant %(name)s needs the positive sum the title awards", name=a.name),
                field="principal",
            )
        for value in (a.principal, a.costs or Decimal("0")):
            if value < 0 or value != value.quantize(Decimal("0.01")):
                raise InvalidInput(
                    "amounts are non-negative yuan with at most two decimals", field="principal"
                )


async def register_matter(
    p: Principal | None,
    data: MatterIn,
    *,
    today: date,
    previous_matter_id: int | None = None,
    type_code: str = "执",
    number: AllocatedCaseNumber | None = None,
) -> int:
    """Register an enforcement case (执 number) linked to its title; the enforcement fee is borne by the debtor.

    `number`: the number the one registration path (court.cases.registration) allocated for the 执 case this
    matter belongs to, inside the caller's transaction; without it the number is allocated here by the same
    allocator. Either way one number, never two."""
    if p is not None:
        require(p, Action.ENFORCE, Resource(ResourceKind.MATTER, court_code=data.court_code))
    from_registration = number is not None
    _check_parties(data.parties, require_amounts=not from_registration)
    if from_registration and not data.title_number:
        title = ""  # the clerk's filing named no title the docket could read: the officer completes it
    else:
        title = parse_title_number(data.title_number)
    amount = sum(
        (
            (x.principal or Decimal(0)) + (x.costs or Decimal(0))
            for x in data.parties
            if x.role == "applicant"
        ),
        Decimal(0),
    )
    # Fee Measures Art 14(1) item 2 on the sum to enforce; not prepaid, borne by the debtor (Art 20 para 2, Art 38).
    fee = assess_fee(FeeKind.ENFORCEMENT, amount)
    from court.cases.tables import Case

    title_case = await Case.select(Case.id).where(Case.number == title).first() if title else None
    async with write_transaction():
        allocated = number or await _allocate(data.court_code, type_code, today.year)
        number_text = allocated.text
        matter = EnforcementMatter(
            number=number_text,
            court_code=data.court_code,
            type_code=allocated.type_code,
            year=allocated.year,
            serial=allocated.serial,
            title_number=title,
            title_kind=data.title_kind,
            title_case_id=title_case["id"] if title_case else None,
            previous_matter_id=previous_matter_id,
            performance_due=data.performance_due,
            registered_on=today,
            officer_id=data.officer_id if data.officer_id is not None else (p.user_id if p else None),
            enforcement_fee=fee.fee,
            fee_basis=list(fee.basis),
            facts=msgspec.to_builtins(MatterFacts(registered_on=today)),
        )
        await EnforcementMatter.insert(matter)
        matter_id = int(matter.id)
        for party in data.parties:
            await MatterParty.insert(
                MatterParty(
                    matter=matter_id,
                    role=party.role,
                    name=party.name,
                    id_code=party.id_code,
                    user_id=party.user_id,
                    principal=party.principal,
                    costs=party.costs,
                    priority=int(party.priority),
                    rank=party.rank,
                )
            )
        detail = {"number": number_text, "title": title, "amount": str(amount), "fee": str(fee.fee)}
        await add_event(matter_id, "registered", today, p, detail)
        await audit_matter(
            actor_of(p), "matter.registered", matter_id, court_code=data.court_code, detail=detail
        )
    return matter_id


# --- loading, access, facts, timeline -----------------------------------------------------------------------


async def load_matter(matter_id: int, *, lock: bool = False) -> dict[str, Any]:
    if lock and not is_sqlite():
        # Postings and stage changes of one matter are serialised on its row (SQLite: the write lock).
        await EnforcementMatter.raw("SELECT id FROM court_exec_matter WHERE id = {} FOR UPDATE", matter_id)
    row = await EnforcementMatter.select().where(EnforcementMatter.id == matter_id).first()
    if row is None:
        raise not_found("enforcement matter", matter_id)
    return row


async def parties_of(matter_id: int) -> list[dict[str, Any]]:
    return await MatterParty.select().where(MatterParty.matter == matter_id).order_by(MatterParty.id)


async def resource_of(matter: Mapping[str, Any]) -> Resource:
    parties = await parties_of(int(matter["id"]))
    # Both sides read their matter (the applicant its progress, the debtor what it owes); what each may do beyond
    # reading is decided by its role in the matter (court.execution.portal).
    parties_ = frozenset(int(x["user_id"]) for x in parties if x["user_id"])
    return Resource(
        ResourceKind.MATTER,
        court_code=matter["court_code"],
        party_user_ids=parties_,
        assigned_user_ids=frozenset({int(matter["officer_id"])}) if matter["officer_id"] else frozenset(),
        status=matter["status"],
        ref=("enforcement matter", matter["id"]),
    )


async def authorize(p: Principal, action: Action, matter_id: int) -> dict[str, Any]:
    matter = await load_matter(matter_id)
    require(p, action, await resource_of(matter))
    return matter


async def property_of_open_matter(
    p: Principal, matter_id: int, property_id: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The open matter the principal may enforce, and one of its properties (404 for a property of another)."""
    matter = await authorize(p, Action.ENFORCE, matter_id)
    require_open(matter)
    prop = (
        await MatterProperty.select()
        .where((MatterProperty.id == property_id) & (MatterProperty.matter == matter_id))
        .first()
    )
    if prop is None:
        raise NotFound(
            msg(
                "no property %(property_id)s in matter %(matter_id)s",
                property_id=property_id,
                matter_id=matter_id,
            )
        )
    return matter, prop


def require_open(matter: Mapping[str, Any]) -> None:
    if matter["status"] != "open":
        raise Conflict(
            msg(
                "matter %(number)s is closed (%(closing_type)s)",
                number=matter["number"],
                closing_type=matter["closing_type"],
            ),
            status=matter["status"],
        )


def facts_of(matter: Mapping[str, Any]) -> MatterFacts:
    raw = matter["facts"]
    data = msgspec.json.decode(raw) if isinstance(raw, str) else raw
    return msgspec.convert(data, MatterFacts)


async def update_facts(matter_id: int, **flags: Any) -> MatterFacts:
    matter = await load_matter(matter_id)
    facts = msgspec.structs.replace(facts_of(matter), **flags)
    await EnforcementMatter.update({EnforcementMatter.facts: msgspec.to_builtins(facts)}).where(
        EnforcementMatter.id == matter_id
    )
    return facts


async def set_stage(matter_id: int, stage: str) -> None:
    """Move the matter to `stage` along its declared stages (a compare-and-set); reaching it again changes nothing."""
    from court.execution.stages import STAGE
    from court.statemachine import transition

    await transition(STAGE, matter_id, stage, stay=True)


async def add_event(
    matter_id: int,
    kind: str,
    on: date,
    p: Principal | None = None,
    detail: dict[str, Any] | None = None,
    *,
    audience: str = "all",
    key: str | None = None,
) -> bool:
    """Append to the timeline; with `key`, a second call with the same key adds nothing (returns False)."""
    if key is not None and await MatterEvent.exists().where(MatterEvent.key == key):
        return False
    await MatterEvent.insert(
        MatterEvent(
            matter=matter_id,
            kind=kind,
            on=on,
            actor_id=p.user_id if p else None,
            audience=audience,
            detail=detail or {},
            key=key,
        )
    )
    return True


audit_matter = subject_events("matter")


async def log_event(
    matter_id: int,
    kind: str,
    on: date,
    p: Principal | None,
    detail: dict[str, Any],
    *,
    court_code: str | None = None,
    audit: str | None = None,
    audience: str = "all",
) -> None:
    """A step on the matter's timeline and its audit event (`matter.<kind>` unless `audit` names it otherwise), in
    the court's chain (the system chain where no court is named)."""
    await add_event(matter_id, kind, on, p, detail, audience=audience)
    await audit_matter(
        actor_of(p), audit or f"matter.{kind}", matter_id, court_code=court_code, detail=detail
    )
