"""One matter, one timeline: the view each audience gets — applicant (progress and money), court (everything,
with deadlines and the 6-month limit). `MatterOut` is what the API answers; the page renders the same view as plain
data (`matter_view`), without the court's part for the parties."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

from court.accounts.policy import Action, Principal
from court.accounts.roles import Role
from court.execution import stages
from court.execution.closing import ClosingType, MatterFacts, MissingCondition, zhongben_conditions
from court.execution.control import measure_view
from court.execution.disposal import round_of
from court.execution.ledger import reconcile
from court.execution.money import load_ledger, statement
from court.execution.outcome import current_facts, sanctions_of
from court.execution.service import authorize, parties_of
from court.execution.tables import (
    AuctionRoundRow,
    ControlMeasureRow,
    MatterEvent,
    MatterNotice,
    MatterProperty,
)
from court.execution.tasks import tasks_of_matter
from court.execution.views import AgencyTaskOut, LedgerEntryOut, MeasureOut, SanctionOut, entry_out
from court.responses import Out

COURT_ROLES = frozenset({Role.ENFORCEMENT_OFFICER, Role.COURT_LEADER, Role.JUDGE, Role.CLERK})


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str) else value


class PartyOut(Out):
    id: int
    role: str  # applicant, debtor
    name: str
    principal: str | None  # yuan the title awards an applicant; None for a debtor


class OwedOut(Out):
    """What the debtor owes one applicant to date (court.execution.money.Owed), in yuan."""

    claimant: str  # the party id
    name: str
    principal: str
    costs: str
    interest: str  # its share of the doubled delay interest (CPL 2023 Art 264)
    paid: str
    outstanding: str
    priority: int  # court.execution.ledger.PriorityClass
    rank: int


class MoneyOut(Out):
    """The statement of what is owed on `on` (court.execution.money.Statement), in yuan."""

    on: date
    applicants: list[OwedOut]
    fee: str
    fee_paid: str
    fee_outstanding: str
    interest: str
    interest_days: int
    custody_balance: str
    received: str
    outstanding: str  # everything still owed, fee included
    fully_performed: bool


class NoticeOut(Out):
    id: int
    kind: str  # court.execution.notices.NoticeKind
    issued_on: date
    sha256: str


class EventOut(Out):
    """One entry of the timeline; `detail` depends on `kind`."""

    kind: str
    on: date
    at: str  # ISO 8601 with its offset
    detail: Any


class PropertyOut(Out):
    id: int
    agency: str  # court.execution.agencies.AgencyKind that found it
    institution: str
    ref: str
    description: str
    value: str  # yuan
    valuation: str | None  # yuan, once valued (评估)
    status: str  # found, controlled, sold, transferred, exhausted


class AuctionOut(Out):
    id: int
    property_id: int
    round: int
    status: str  # announced, sold, failed
    starting_price: str  # yuan
    price: str | None  # yuan, once sold


class ReconciliationOut(Out):
    """The custody balance checked against the postings (对账), in yuan."""

    matter_id: str
    recorded_balance: str
    computed_balance: str
    total_received: str
    total_disbursed: str
    total_fees: str
    total_returned: str
    problems: list[str]


class LedgerOut(Out):
    entries: list[LedgerEntryOut]
    reconciliation: ReconciliationOut


class DeadlinesOut(Out):
    notice_due: date
    closing_due: date | None  # none without property to dispose of
    closing_days_left: int | None


class MatterOut(Out):
    """A matter as its viewer may see it. The parties see the parts down to `timeline`; the court's staff also
    the rest (tasks, property, measures, auctions, sanctions, ledger, deadlines and the closing conditions)."""

    id: int
    number: str
    type_code: str  # 执 or 执恢
    title_number: str
    title_case_id: int | None
    previous_matter_id: int | None  # the 终本 matter a 执恢 resumes
    court_code: str
    registered_on: date
    stage: str  # court.execution.stages.Stage
    status: str  # open, closed
    closing_type: str | None
    closed_on: date | None
    parties: list[PartyOut]
    money: MoneyOut
    notices: list[NoticeOut]
    timeline: list[EventOut]
    tasks: list[AgencyTaskOut] | UnsetType = UNSET
    property: list[PropertyOut] | UnsetType = UNSET
    measures: list[MeasureOut] | UnsetType = UNSET
    auctions: list[AuctionOut] | UnsetType = UNSET
    sanctions: list[SanctionOut] | UnsetType = UNSET
    ledger: LedgerOut | UnsetType = UNSET
    deadlines: DeadlinesOut | UnsetType = UNSET
    facts: MatterFacts | UnsetType = UNSET
    zhongben_missing: list[MissingCondition] | UnsetType = UNSET
    closing_types: list[str] | UnsetType = UNSET


async def matter_out(p: Principal, matter_id: int, today: date) -> MatterOut:
    matter = await authorize(p, Action.VIEW, matter_id)
    court = p.role in COURT_ROLES
    parties = await parties_of(matter_id)
    ledger = await load_ledger(matter_id)
    owed = statement(matter, parties, ledger, today)
    events = await MatterEvent.select().where(MatterEvent.matter == matter_id).order_by(MatterEvent.id)
    timeline = [
        EventOut(kind=e["kind"], on=e["on"], at=e["at"].isoformat(), detail=_json(e["detail"]))
        for e in events
        if court or e["audience"] == "all"
    ]
    notices = await MatterNotice.select(
        MatterNotice.id, MatterNotice.kind, MatterNotice.issued_on, MatterNotice.sha256
    ).where(MatterNotice.matter == matter_id)
    view = MatterOut(
        id=matter["id"],
        number=matter["number"],
        type_code=matter["type_code"],
        title_number=matter["title_number"],
        title_case_id=matter["title_case_id"],
        previous_matter_id=matter["previous_matter_id"],
        court_code=matter["court_code"],
        registered_on=matter["registered_on"],
        stage=matter["stage"],
        status=matter["status"],
        closing_type=matter["closing_type"],
        closed_on=matter["closed_on"],
        parties=[
            PartyOut(
                id=x["id"],
                role=x["role"],
                name=x["name"],
                principal=str(x["principal"]) if x["principal"] is not None else None,
            )
            for x in parties
        ],
        money=msgspec.convert(
            {**msgspec.to_builtins(owed), "fully_performed": owed.fully_performed}, MoneyOut
        ),
        notices=[NoticeOut(**n) for n in notices],
        timeline=timeline,
    )
    if not court:
        return view
    facts = await current_facts(matter, today)
    properties = (
        await MatterProperty.select().where(MatterProperty.matter == matter_id).order_by(MatterProperty.id)
    )
    measures = (
        await ControlMeasureRow.select()
        .where(ControlMeasureRow.matter == matter_id)
        .order_by(ControlMeasureRow.id)
    )
    rounds = (
        await AuctionRoundRow.select().where(AuctionRoundRow.matter == matter_id).order_by(AuctionRoundRow.id)
    )
    closing_due = stages.closing_due(matter["registered_on"], bool(properties))
    return msgspec.structs.replace(
        view,
        tasks=await tasks_of_matter(matter_id),
        property=[
            PropertyOut(
                id=x["id"],
                agency=x["agency_kind"],
                institution=x["institution"],
                ref=x["asset_ref"],
                description=x["description"],
                value=str(x["value"]),
                valuation=str(x["valuation"]) if x["valuation"] is not None else None,
                status=x["status"],
            )
            for x in properties
        ],
        measures=[measure_view(m, today) for m in measures],
        auctions=[
            AuctionOut(
                id=r["id"],
                property_id=r["property_id"],
                round=r["round_no"],
                status=r["status"],
                starting_price=str(round_of(r).starting_price),
                price=str(r["price"]) if r["price"] else None,
            )
            for r in rounds
        ],
        sanctions=await sanctions_of(matter_id),
        ledger=LedgerOut(
            entries=[entry_out(e) for e in ledger.entries],
            reconciliation=msgspec.convert(msgspec.to_builtins(reconcile(ledger)), ReconciliationOut),
        ),
        deadlines=DeadlinesOut(
            notice_due=stages.notice_due(matter["registered_on"]),
            # SPC time-limit rules (2006) Art 1: six months from registration where there is property.
            closing_due=closing_due,
            closing_days_left=(closing_due - today).days if closing_due else None,
        ),
        facts=facts,
        zhongben_missing=zhongben_conditions(facts, today),
        closing_types=[k.value for k in ClosingType],
    )


async def matter_view(p: Principal, matter_id: int, today: date) -> dict[str, Any]:
    """The same view as plain data for the page: the court's part is absent, not empty, for the parties (the
    template asks whether it is defined)."""
    return msgspec.to_builtins(await matter_out(p, matter_id, today))
