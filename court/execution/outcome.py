"""Credit sanctions and closing of a matter: consumption restriction, dishonest listing, 终本 and the other
closing types, delisting on performance, and resumption (执恢)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec
from msgspec import UNSET

from court.accounts.policy import Action, Principal
from court.db import write_transaction
from court.errors import Conflict, InvalidInput
from court.execution import closing, sanctions
from court.execution.closing import ClosingType, MatterFacts
from court.execution.money import owed_on
from court.execution.service import (
    MatterIn,
    PartyIn,
    add_event,
    authorize,
    facts_of,
    load_matter,
    log_event,
    parties_of,
    register_matter,
    require_open,
    update_facts,
)
from court.execution.stages import MATTER, MatterStatus, Stage
from court.execution.tables import EnforcementMatter, SanctionRow
from court.execution.views import ClosingCheck, MatterClosed, NoticeIssued, SanctionOut
from court.i18n import msg
from court.statemachine import current_state, transition

# Flags an officer records by hand: acts done outside the system (report checked, on-site visit, applicant
# heard ...). Flags the system itself derives (notices, inquiry, sanctions, performance) are not among them.
RECORDABLE_FACTS = frozenset(
    {
        "report_checked",
        "report_breached",
        "report_breach_sanctioned",
        "dishonest_listing_conditions_met",
        "applicant_leads_given",
        "applicant_leads_checked",
        "on_site_investigation_done",
        "hiding_suspected",
        "search_done",
        "audit_or_reward_requested",
        "audit_or_reward_done",
        "debtor_missing",
        "debtor_searched_for",
        "obstruction",
        "obstruction_sanctioned",
        "applicant_heard",
    }
)


async def record_facts(p: Principal, matter_id: int, flags: dict[str, bool], on: date) -> MatterFacts:
    matter = await authorize(p, Action.ENFORCE, matter_id)
    require_open(matter)
    unknown = set(flags) - RECORDABLE_FACTS
    if unknown:
        raise InvalidInput(msg("not recordable by hand: %(unknown)s", unknown=sorted(unknown)), field="facts")
    async with write_transaction():
        facts = await update_facts(matter_id, **flags)
        await log_event(
            matter_id, "facts_recorded", on, p, flags, court_code=matter["court_code"], audience="court"
        )
    return facts


def _state(row: dict[str, Any]) -> Any:
    raw = row["state"]
    return msgspec.json.decode(raw) if isinstance(raw, str) else raw


async def _insert_sanctions(
    matter_id: int,
    kind: str,
    issued: Sequence[sanctions.ConsumptionRestriction | sanctions.DishonestListing],
    on: date,
) -> None:
    """One sanction row per debtor, keeping the rule engine's answer as the row's state."""
    for sanction in issued:
        await SanctionRow.insert(
            SanctionRow(
                matter=matter_id,
                kind=kind,
                debtor=sanction.debtor,
                issued_on=on,
                state=msgspec.to_builtins(sanction),
            )
        )


async def restrict_consumption(runtime: Any, p: Principal, matter_id: int, on: date) -> NoticeIssued:
    """Issue the consumption-restriction order (限制消费令) once the notice's payment date has passed."""
    matter = await authorize(p, Action.ENFORCE, matter_id)
    require_open(matter)
    if matter["notice_deadline"] is None:
        raise Conflict("send the execution notice first (法释〔2015〕17号 Art 1)")
    debtors = [x for x in await parties_of(matter_id) if x["role"] == "debtor"]
    orders = [sanctions.restrict_consumption(d["id_code"], on, matter["notice_deadline"]) for d in debtors]
    from court.execution.notices import NoticeKind, issue_notice

    async with write_transaction():
        await _insert_sanctions(matter_id, "consumption_restriction", orders, on)
        notice = await issue_notice(runtime, p, matter_id, NoticeKind.CONSUMPTION_RESTRICTION, on)
    return notice


async def list_dishonest(
    p: Principal, matter_id: int, on: date, grounds: list[sanctions.ListingGround], extension_years: int = 0
) -> list[sanctions.DishonestListing]:
    """Put the debtors on the dishonest judgment debtor list (法释〔2017〕7号)."""
    matter = await authorize(p, Action.ENFORCE, matter_id)
    require_open(matter)
    debtors = [x for x in await parties_of(matter_id) if x["role"] == "debtor"]
    listings = [
        sanctions.list_debtor(d["id_code"], on, grounds, extension_years=extension_years) for d in debtors
    ]
    async with write_transaction():
        await _insert_sanctions(matter_id, "dishonest_listing", listings, on)
        await update_facts(matter_id, listed_dishonest=True)
        detail = {
            "grounds": sorted(g.value for g in grounds),
            "term_ends_on": [x.term_ends_on.isoformat() if x.term_ends_on else None for x in listings],
        }
        await log_event(matter_id, "dishonest_listed", on, p, detail, court_code=matter["court_code"])
    return listings


async def sanctions_of(matter_id: int) -> list[SanctionOut]:
    rows = await SanctionRow.select().where(SanctionRow.matter == matter_id).order_by(SanctionRow.id)
    return [
        SanctionOut(
            id=r["id"],
            kind=r["kind"],
            debtor=r["debtor"],
            issued_on=r["issued_on"],
            ended_on=r["ended_on"],
            state=_state(r),
        )
        for r in rows
    ]


async def end_sanctions_on_performance(p: Principal | None, matter_id: int, on: date) -> None:
    """Performance lifts the restriction and deletes the listing, within 3 working days (法释〔2017〕7号 Art 10);
    done at once here, with the legal due date kept on the timeline."""
    rows = await SanctionRow.select().where(
        (SanctionRow.matter == matter_id) & SanctionRow.ended_on.is_null()
    )
    for row in rows:
        if row["kind"] == "consumption_restriction":
            order = msgspec.convert(_state(row), sanctions.ConsumptionRestriction)
            state: Any = sanctions.lift_restriction(order, on, sanctions.RestrictionLift.PERFORMED)
            detail = {"debtor": row["debtor"], "kind": row["kind"]}
        else:
            listing = msgspec.convert(_state(row), sanctions.DishonestListing)
            state = sanctions.delist(listing, on, sanctions.DelistingReason.PERFORMED)
            detail = {
                "debtor": row["debtor"],
                "kind": row["kind"],
                "due_by": sanctions.delisting_due(on).isoformat(),
            }
        await SanctionRow.update(
            {SanctionRow.state: msgspec.to_builtins(state), SanctionRow.ended_on: on}
        ).where(SanctionRow.id == row["id"])
        await add_event(matter_id, "sanction_ended", on, p, detail)


async def closing_check(p: Principal, matter_id: int, kind: ClosingType, on: date) -> ClosingCheck:
    matter = await authorize(p, Action.VIEW, matter_id)
    facts = await current_facts(matter, on)
    missing = closing.closing_problems(kind, facts, on)
    return ClosingCheck(kind=kind, allowed=not missing, missing=missing)


async def current_facts(matter: dict[str, Any], on: date) -> MatterFacts:
    facts = facts_of(matter)
    owed = await owed_on(int(matter["id"]), on)
    return msgspec.structs.replace(facts, fully_performed=owed.fully_performed)


async def close_matter(
    p: Principal,
    matter_id: int,
    kind: ClosingType,
    on: date,
    termination_ground: closing.TerminationGround | None = None,
) -> MatterClosed:
    """Close (结案) as `kind` when its conditions hold; 终本 lists what is missing otherwise."""
    matter = await authorize(p, Action.ENFORCE, matter_id)
    require_open(matter)
    from court.execution.control import release_all

    async with write_transaction():
        matter = await load_matter(matter_id, lock=True)
        require_open(matter)
        facts = await current_facts(matter, on)
        if termination_ground is not None:
            facts = msgspec.structs.replace(facts, termination_ground=termination_ground)
        closed = closing.close(str(matter_id), kind, facts, on)
        # Closing ends every stage at once (a withdrawal closes a matter still at registration), so the stage is
        # set with the status rather than walked through `closing`.
        await transition(
            MATTER,
            matter_id,
            MatterStatus.CLOSED,
            values={
                EnforcementMatter.stage: Stage.CLOSED.value,
                EnforcementMatter.closing_type: kind.value,
                EnforcementMatter.closed_on: on,
                EnforcementMatter.facts: msgspec.to_builtins(facts),
            },
        )
        detail: dict[str, Any] = {"kind": kind.value}
        requery: list[date] | None = None
        if kind is ClosingType.ZHONGBEN:
            # For 5 years the court re-queries the network every 6 months (终本 rules Art 9).
            requery = closing.requery_schedule(closed.closed_on)
            detail["requery"] = [d.isoformat() for d in requery]
        else:
            await release_all(matter_id, on)
        if kind is ClosingType.FULLY_PERFORMED:
            await end_sanctions_on_performance(p, matter_id, on)
        await log_event(matter_id, "closed", on, p, detail, court_code=matter["court_code"])
    return MatterClosed(
        closing_type=kind, closed_on=on, kind=kind, requery=requery if requery is not None else UNSET
    )


async def resume_matter(p: Principal, matter_id: int, on: date) -> int:
    """Resume a 终本 matter (恢复执行) as a new 执恢 case linked to it, not bound by the 2-year period."""
    matter = await authorize(p, Action.ENFORCE, matter_id)
    if matter["status"] != "closed":
        raise Conflict("only a closed matter is resumed")
    closed = closing.ClosedMatter(str(matter_id), ClosingType(matter["closing_type"]), matter["closed_on"])
    closing.resume(closed, on, new_property_found=True)
    parties = await parties_of(matter_id)
    owed = await owed_on(matter_id, on)
    # What is left of principal and costs carries over; delay interest is counted again by the new matter.
    left = {o.claimant: max(o.principal + o.costs - o.paid, Decimal(0)) for o in owed.applicants}
    data = MatterIn(
        court_code=matter["court_code"],
        title_number=matter["title_number"],
        performance_due=matter["performance_due"],
        title_kind=matter["title_kind"],
        officer_id=matter["officer_id"],
        parties=[
            PartyIn(
                role=x["role"],
                name=x["name"],
                id_code=x["id_code"],
                user_id=x["user_id"],
                principal=left[str(x["id"])] if x["role"] == "applicant" else None,
                priority=x["priority"],
                rank=x["rank"],
            )
            for x in parties
            if x["role"] == "debtor" or left[str(x["id"])] > 0
        ],
    )
    async with write_transaction():
        # One resumption per closed matter: concurrent requests queue on its row and the later ones find the 执恢.
        await current_state(MATTER, matter_id, lock=True)
        resumed = (
            await EnforcementMatter.select(EnforcementMatter.number)
            .where(EnforcementMatter.previous_matter_id == matter_id)
            .first()
        )
        if resumed is not None:
            raise Conflict(
                msg(
                    "matter %(number)s is already resumed as %(number2)s",
                    number=matter["number"],
                    number2=resumed["number"],
                ),
                status=MatterStatus.CLOSED.value,
                resumed_as=resumed["number"],
            )
        new_id = await register_matter(p, data, today=on, previous_matter_id=matter_id, type_code="执恢")
        await add_event(matter_id, "resumed", on, p, {"new_matter": new_id})
    return new_id
