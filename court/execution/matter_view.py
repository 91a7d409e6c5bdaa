"""One matter, one timeline: the view each audience gets — applicant (progress and money), court (everything,
with deadlines and the 6-month limit)."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal
from court.accounts.roles import Role
from court.execution import stages
from court.execution.closing import ClosingType, zhongben_conditions
from court.execution.control import measure_view
from court.execution.disposal import round_of
from court.execution.money import load_ledger, reconcile, statement
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

COURT_ROLES = frozenset({Role.ENFORCEMENT_OFFICER, Role.COURT_LEADER, Role.JUDGE, Role.CLERK})


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str) else value


def _money(owed: Any) -> dict[str, Any]:
    data = msgspec.to_builtins(owed)
    data["fully_performed"] = owed.fully_performed
    return data


async def matter_view(p: Principal, matter_id: int, today: date) -> dict[str, Any]:
    matter = await authorize(p, Action.VIEW, matter_id)
    court = p.role in COURT_ROLES
    parties = await parties_of(matter_id)
    ledger = await load_ledger(matter_id)
    owed = statement(matter, parties, ledger, today)
    events = await MatterEvent.select().where(MatterEvent.matter == matter_id).order_by(MatterEvent.id)
    timeline = [
        {
            "kind": e["kind"],
            "on": e["on"].isoformat(),
            "at": e["at"].isoformat(),
            "detail": _json(e["detail"]),
        }
        for e in events
        if court or e["audience"] == "all"
    ]
    notices = await MatterNotice.select(
        MatterNotice.id, MatterNotice.kind, MatterNotice.issued_on, MatterNotice.sha256
    ).where(MatterNotice.matter == matter_id)
    view: dict[str, Any] = {
        "id": matter["id"],
        "number": matter["number"],
        "type_code": matter["type_code"],
        "title_number": matter["title_number"],
        "title_case_id": matter["title_case_id"],
        "previous_matter_id": matter["previous_matter_id"],
        "court_code": matter["court_code"],
        "registered_on": matter["registered_on"].isoformat(),
        "stage": matter["stage"],
        "status": matter["status"],
        "closing_type": matter["closing_type"],
        "closed_on": matter["closed_on"].isoformat() if matter["closed_on"] else None,
        "parties": [
            {
                "id": x["id"],
                "role": x["role"],
                "name": x["name"],
                "principal": str(x["principal"]) if x["principal"] is not None else None,
            }
            for x in parties
        ],
        "money": _money(owed),
        "notices": [{**n, "issued_on": n["issued_on"].isoformat()} for n in notices],
        "timeline": timeline,
    }
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
    has_property = bool(properties)
    closing_due = stages.closing_due(matter["registered_on"], has_property)
    view |= {
        "tasks": await tasks_of_matter(matter_id),
        "property": [
            {
                "id": x["id"],
                "agency": x["agency_kind"],
                "institution": x["institution"],
                "ref": x["asset_ref"],
                "description": x["description"],
                "value": str(x["value"]),
                "valuation": str(x["valuation"]) if x["valuation"] is not None else None,
                "status": x["status"],
            }
            for x in properties
        ],
        "measures": [measure_view(m, today) for m in measures],
        "auctions": [
            {
                "id": r["id"],
                "property_id": r["property_id"],
                "round": r["round_no"],
                "status": r["status"],
                "starting_price": str(round_of(r).starting_price),
                "price": str(r["price"]) if r["price"] else None,
            }
            for r in rounds
        ],
        "sanctions": await sanctions_of(matter_id),
        "ledger": {
            "entries": [msgspec.to_builtins(e) for e in ledger.entries],
            "reconciliation": msgspec.to_builtins(reconcile(ledger)),
        },
        "deadlines": {
            "notice_due": stages.notice_due(matter["registered_on"]).isoformat(),
            # SPC time-limit rules (2006) Art 1: six months from registration where there is property.
            "closing_due": closing_due.isoformat() if closing_due else None,
            "closing_days_left": (closing_due - today).days if closing_due else None,
        },
        "facts": msgspec.to_builtins(facts),
        "zhongben_missing": [msgspec.to_builtins(m) for m in zhongben_conditions(facts, today)],
        "closing_types": [k.value for k in ClosingType],
    }
    return view
