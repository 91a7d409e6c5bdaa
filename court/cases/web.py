"""The case API (/api/v1/cases, /api/v1/fees, /api/v1/filings/{id}/register): thin handlers over the case services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import UNSET, UnsetType

from court.accounts.policy import Action, Principal
from court.amounts import parse_optional_amount
from court.cases import closing, registration, service, workbench
from court.cases.calendar import RoomKind
from court.cases.deadlines import SuspensionReason
from court.cases.fees import FeeKind, assess_fee, fee_to_json
from court.cases.lifecycle import CaseEventKind, ClosingMethod
from court.cases.procedures import Procedure
from court.cases.search import CaseQuery, search_cases
from court.cases.time_limits import Approver
from court.filing.schemas import PartyContactOut
from court.responses import Created, Out, out, out_list
from court.web.auth import current_principal

Reason = Annotated[str, msgspec.Meta(max_length=2000)]


class RegisterIn(msgspec.Struct, forbid_unknown_fields=True):
    procedure: Procedure | None = None
    specialised: Annotated[str, msgspec.Meta(max_length=1)] | None = None


class AssignIn(msgspec.Struct, forbid_unknown_fields=True):
    judge_id: int | None = None  # None: random draw
    reason: Reason = ""


class RecusalIn(msgspec.Struct, forbid_unknown_fields=True):
    judge_id: int
    reason: Reason


class ExtensionIn(msgspec.Struct, forbid_unknown_fields=True):
    approver: Approver
    reason: Reason
    months: int = 0
    days: int = 0


class SuspensionIn(msgspec.Struct, forbid_unknown_fields=True):
    first_day: date
    last_day: date
    reason: SuspensionReason
    note: Reason = ""


class HearingIn(msgspec.Struct, forbid_unknown_fields=True):
    courtroom_id: int
    starts_at: datetime
    ends_at: datetime
    judges: list[int] | None = None


class EventIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: CaseEventKind
    note: Reason = ""
    hearing_id: int | None = None


class ClosingIn(msgspec.Struct, forbid_unknown_fields=True):
    method: ClosingMethod
    closed_on: date | None = None
    bearer: closing.FeeBearer | None = None
    plaintiff_share: Annotated[int, msgspec.Meta(ge=0, le=100)] | None = None
    note: Reason = ""


class ClerkIn(msgspec.Struct, forbid_unknown_fields=True):
    clerk_id: int


class LimitRequestIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: workbench.RequestKind
    reason: Reason
    months: Annotated[int, msgspec.Meta(ge=0, le=120)] = 0
    suspension_reason: SuspensionReason | None = None
    first_day: date | None = None
    last_day: date | None = None


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    approve: bool
    note: Reason = ""


class CourtroomIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    kind: RoomKind = RoomKind.PHYSICAL


class FeeLine(Out):
    """One band of the fee schedule applied (money as strings with two decimals)."""

    from_: str | None = msgspec.field(name="from")
    to: str | None
    portion: str | None
    flat: str | None
    rate: str | None
    fee: str | None
    article: str


class FeeOut(Out):
    """A litigation fee (诉讼费用) assessed under the Fee Measures; money as strings, never floats."""

    kind: str
    amount: str | None
    procedure: str
    fee: str
    halved: bool
    basis: list[str]
    breakdown: list[FeeLine]
    prepaid_by: str | None
    borne_by: str
    notes: list[str]


class CaseEventOut(Out):
    id: int
    case: int | None
    kind: str
    at: datetime
    actor_id: int | None
    actor_role: str
    detail: Any


class CasePartyOut(PartyContactOut):
    id: int
    case: int | None
    position: int
    role: str
    kind: str
    name: str


class CaseClaimOut(Out):
    id: int
    case: int | None
    position: int
    text: str
    amount: Decimal | None


class CaseDocumentOut(Out):
    id: int
    case: int | None
    position: int
    filing_document_id: int | None
    blob_key: str
    sha256: str
    size: int
    name: str
    kind: str
    page_count: int
    sealed: bool


class CaseView(Out):
    """A case with its parties, claims and documents (the docket, 案件信息)."""

    id: int
    number: str
    court_code: str
    specialised: str
    type_code: str
    year: int
    serial: int
    filing_id: int | None
    case_type: str
    cause_code: str | None
    cause_name: str
    procedure: str
    amount_in_dispute: Decimal | None
    status: str
    division: str
    judge_id: int | None
    filer_id: int | None
    registered_by: int | None
    registered_at: datetime
    registered_on: date
    time_limit: str | None
    deadline: date | None
    fee: Decimal | None
    fee_notice: Any
    closed_on: date | None
    clerk_id: int | None
    evidence_deadline: date | None
    closing_method: str
    closing: Any
    parties: list[CasePartyOut]
    claims: list[CaseClaimOut]
    documents: list[CaseDocumentOut]


class CaseListed(Out):
    id: int
    number: str
    court_code: str
    cause_name: str
    status: str
    procedure: str
    judge_id: int | None
    registered_on: date
    deadline: date | None


class CasePage(Out):
    total: int
    limit: int
    offset: int
    items: list[CaseListed]


class AssignmentOut(Out):
    """A judge assigned (分案): by random draw among the pool or by a reasoned override, and who was left out why."""

    judge_id: int
    method: str
    pool: list[str]
    excluded: dict[str, str]
    reasons: list[str]


class RecusalOut(Out):
    judge_id: int
    reason: str
    reassigned: AssignmentOut | UnsetType = UNSET  # when the recused judge had the case


class HearingBooked(Out):
    id: int
    case: int | None
    case_number: str | None
    courtroom: int | None
    courtroom_name: str | None
    starts_at: datetime
    ends_at: datetime
    judges: Any
    status: str


class CaseNearLimit(Out):
    id: int
    number: str
    status: str
    judge_id: int | None
    deadline: date | None
    time_limit: str | None
    cause_name: str
    deadline_status: str  # near or overdue


class CasesNearLimit(Out):
    """Open cases near or past their time limit."""

    near: list[CaseNearLimit]
    overdue: list[CaseNearLimit]


class DeadlineOut(Out):
    deadline: str  # ISO 8601 date: the case's time limit as it now stands


class CaseClosedOut(Out):
    """The closing (结案) as recorded on the case: how, on which day, from which status, and the fee's outcome."""

    method: ClosingMethod
    closed_on: date
    note: str
    from_: str = msgspec.field(name="from")  # the case's status before closing
    fee: closing.FeeOutcome


class CaseStatusOut(Out):
    status: str


class ClerkAssigned(Out):
    clerk_id: int


class RequestDecided(Out):
    status: str  # approved or refused
    deadline: str | None  # ISO 8601 date, when approving changed the time limit


@post(
    "/api/v1/filings/{filing_id:int}/register",
    dependencies={"principal": Provide(current_principal)},
    tags=["cases"],
)
async def register(
    filing_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[RegisterIn | None] = None
) -> CaseView:
    """Register (立案) an accepted filing and assign (分案) its judge; calling it again returns the same case."""
    body = data or RegisterIn()
    case = await registration.register_filing(
        principal, filing_id, procedure=body.procedure, specialised=body.specialised
    )
    return out(CaseView, await registration.case_view(int(case["id"])))


@get("/api/v1/fees", tags=["cases"])
async def fee(
    kind: FromQuery[FeeKind],
    amount: FromQuery[str | None] = None,
    procedure: FromQuery[Procedure] = Procedure.ORDINARY,
) -> FeeOut:
    """Assess a litigation fee (诉讼费用): public, since the Fee Measures are."""
    value = parse_optional_amount(amount, "amount")
    return out(FeeOut, fee_to_json(assess_fee(kind, value, procedure=procedure)))


class CaseController(Controller):
    path = "/api/v1/cases"
    tags = ["cases"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def search(
        self,
        principal: NamedDependency[Principal],
        number: FromQuery[str | None] = None,
        party: FromQuery[str | None] = None,
        id_number: FromQuery[str | None] = None,
        cause: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
        judge_id: FromQuery[int | None] = None,
        registered_from: FromQuery[date | None] = None,
        registered_to: FromQuery[date | None] = None,
        limit: FromQuery[int] = 20,
        offset: FromQuery[int] = 0,
    ) -> CasePage:
        query = CaseQuery(
            number, party, id_number, cause, status, judge_id, registered_from, registered_to, limit, offset
        )
        return out(CasePage, await search_cases(principal, query))

    @get("/deadlines")
    async def deadlines(
        self,
        principal: NamedDependency[Principal],
        judge_id: FromQuery[int | None] = None,
        mine: FromQuery[bool] = False,
        warn_days: FromQuery[int] = service.WARN_DAYS,
    ) -> CasesNearLimit:
        """Open cases near or past their limit: the court's, one judge's, or (mine=true) the caller's own."""
        rows = await service.cases_by_deadline(
            principal, judge_id=principal.user_id if mine else judge_id, warn_days=warn_days
        )
        return out(CasesNearLimit, service.split_by_status(rows))

    @get("/calendar")
    async def calendar(
        self, principal: NamedDependency[Principal], start: FromQuery[datetime], end: FromQuery[datetime]
    ) -> list[HearingBooked]:
        return out_list(HearingBooked, await service.court_calendar(principal, start, end))

    @post("/courtrooms", status_code=201)
    async def add_courtroom(
        self, principal: NamedDependency[Principal], data: JSONBody[CourtroomIn]
    ) -> Created:
        return Created(id=await service.add_courtroom(principal, data.name, data.kind))

    @get("/{case_id:int}")
    async def read(self, case_id: FromPath[int], principal: NamedDependency[Principal]) -> CaseView:
        await service.authorize(principal, Action.VIEW, case_id)
        return out(CaseView, await registration.case_view(case_id))

    @get("/{case_id:int}/timeline")
    async def timeline(
        self, case_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> list[CaseEventOut]:
        await service.authorize(principal, Action.VIEW, case_id)
        return out_list(CaseEventOut, await service.timeline(case_id))

    @post("/{case_id:int}/assign")
    async def assign(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[AssignIn]
    ) -> AssignmentOut:
        return out(
            AssignmentOut,
            await service.assign_case(principal, case_id, judge_id=data.judge_id, reason=data.reason),
        )

    @post("/{case_id:int}/recusals", status_code=201)
    async def recuse(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[RecusalIn]
    ) -> RecusalOut:
        return out(RecusalOut, await service.record_recusal(principal, case_id, data.judge_id, data.reason))

    @post("/{case_id:int}/extensions", status_code=201)
    async def extend(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[ExtensionIn]
    ) -> DeadlineOut:
        deadline = await service.extend_time_limit(
            principal, case_id, approver=data.approver, reason=data.reason, months=data.months, days=data.days
        )
        return DeadlineOut(deadline=deadline.isoformat())

    @post("/{case_id:int}/suspensions", status_code=201)
    async def suspend(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[SuspensionIn]
    ) -> DeadlineOut:
        deadline = await service.suspend_time_limit(
            principal,
            case_id,
            first_day=data.first_day,
            last_day=data.last_day,
            reason=data.reason,
            note=data.note,
        )
        return DeadlineOut(deadline=deadline.isoformat())

    @post("/{case_id:int}/hearings", status_code=201)
    async def schedule(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[HearingIn]
    ) -> Created:
        hearing_id = await service.schedule_hearing(
            principal,
            case_id,
            courtroom_id=data.courtroom_id,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            judges=data.judges,
        )
        return Created(id=hearing_id)

    @post("/{case_id:int}/events", status_code=201)
    async def event(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[EventIn]
    ) -> CaseStatusOut:
        await service.record_life_event(
            principal, case_id, data.kind, note=data.note, hearing_id=data.hearing_id
        )
        return CaseStatusOut(status=(await service.load_case(case_id))["status"])

    @post("/{case_id:int}/closing", status_code=201)
    async def close(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[ClosingIn]
    ) -> CaseClosedOut:
        """Close the case (结案) by a method, with who bears the fee and the refund."""
        closed = await closing.close_case(
            principal,
            case_id,
            data.method,
            closed_on=data.closed_on,
            bearer=data.bearer,
            plaintiff_share=data.plaintiff_share,
            note=data.note,
        )
        return out(CaseClosedOut, closed)

    @post("/{case_id:int}/clerk", status_code=200)
    async def clerk(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[ClerkIn]
    ) -> ClerkAssigned:
        await workbench.assign_clerk(principal, case_id, data.clerk_id)
        return ClerkAssigned(clerk_id=data.clerk_id)

    @post("/{case_id:int}/limit-requests", status_code=201)
    async def limit_request(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[LimitRequestIn]
    ) -> Created:
        """Ask a leader to extend the time limit or to leave a period uncounted."""
        request_id = await workbench.request_change(
            principal,
            case_id,
            data.kind,
            reason=data.reason,
            months=data.months,
            suspension_reason=data.suspension_reason,
            first_day=data.first_day,
            last_day=data.last_day,
        )
        return Created(id=request_id)

    @post("/limit-requests/{request_id:int}/decision", status_code=200)
    async def decide(
        self, request_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[DecisionIn]
    ) -> RequestDecided:
        deadline = await workbench.decide_request(principal, request_id, approve=data.approve, note=data.note)
        return RequestDecided(
            status="approved" if data.approve else "refused",
            deadline=deadline.isoformat() if deadline else None,
        )
