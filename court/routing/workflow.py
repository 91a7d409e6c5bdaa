"""Forward-and-register (跨域立案): the receiving court checks and forwards; the competent court decides in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from court.accounts.policy import Action, Principal
from court.errors import InvalidInput
from court.filing import service
from court.filing.status import FilingStatus
from court.filing.tables import Filing, FilingEvent, FilingParty
from court.i18n import msg
from court.reference.tables import Court

OPEN_STATUSES = (FilingStatus.SUBMITTED, FilingStatus.UNDER_REVIEW, FilingStatus.FORWARDED)


def routing_request(filing: dict[str, Any], parties: list[dict[str, Any]]) -> dict[str, Any]:
    """The jurisdiction engine's input from what the filer entered, filled from the extracted docket where empty."""
    docket = filing.get("docket") or {}
    routing_facts = (filing.get("routing") or {}).get("facts", {})
    entered = [
        {"role": p["role"], "kind": p["kind"], "address": p["address"]} for p in parties if p["address"]
    ]
    if not entered:
        entered = [
            {"role": p.get("role"), "kind": p.get("kind") or "person", "address": p.get("address")}
            for p in docket.get("parties", [])
            if p.get("address")
        ]
    cause = filing.get("cause_name") or (docket.get("cause_of_action") or {}).get("name")
    amount = filing.get("amount_in_dispute") or docket.get("amount_in_dispute")
    request: dict[str, Any] = {
        "cause": cause,
        "parties": entered,
        "amount": str(amount) if amount is not None else None,
        "filing_date": (filing.get("submitted_at") or datetime.now(UTC)).date().isoformat()
        if isinstance(filing.get("submitted_at"), datetime)
        else None,
    }
    request.update({k: v for k, v in routing_facts.items() if v not in (None, "")})
    if filing.get("case_type") == "enforcement" and docket.get("case_numbers"):
        request.setdefault("enforcement_of", docket["case_numbers"][0].get("text"))
    return {k: v for k, v in request.items() if v not in (None, "", [])}


async def route(filing_id: int) -> dict[str, Any]:
    """Run the jurisdiction engine for a filing and keep its decision (with the rule and why) on the filing."""
    from court.routing.reference import decide

    filing = await service.load_filing(filing_id)
    parties = await FilingParty.select().where(FilingParty.filing == filing_id).order_by(FilingParty.position)
    request = routing_request(filing, parties)
    decision = await decide(request)
    previous = filing.get("routing") or {}
    routing = {
        "request": request,
        "decision": decision,
        "facts": previous.get("facts", {}),
        "at": datetime.now(UTC).isoformat(),
    }
    courts = decision.get("courts") or []
    values: dict[Any, Any] = {Filing.routing: routing}
    # A court named without a code (decision["unknown"]) is competent too: the plaintiff must choose, so no default.
    if len(courts) == 1 and not decision.get("unknown") and not filing["competent_court_code"]:
        values[Filing.competent_court_code] = courts[0]["code"]
    await Filing.update(values).where(Filing.id == filing_id)
    return routing


async def forward(
    p: Principal,
    filing_id: int,
    *,
    to_court_code: str | None,
    identity_checked: bool,
    materials_checked: bool,
) -> None:
    """The receiving court has checked identity and materials and sends the filing to the competent court."""
    filing = await service.authorize(p, Action.FORWARD, filing_id)
    if not (identity_checked and materials_checked):
        raise InvalidInput(
            "check the filer's identity and the materials before forwarding", field="identity_checked"
        )
    target = to_court_code or filing["competent_court_code"]
    if not target:
        raise InvalidInput("no competent court is known yet; name one (to_court_code)", field="to_court_code")
    if target == filing["receiving_court_code"]:
        raise InvalidInput(
            "this court is the competent court: register or decide here instead of forwarding",
            field="to_court_code",
        )
    if not await Court.exists().where(Court.code == target):
        raise InvalidInput(msg("unknown court %(target)s", target=target), field="to_court_code")
    await service.move(
        p,
        filing_id,
        FilingStatus.FORWARDED,
        reason="Forwarded to the competent court",
        competent_court_code=target,
    )  # a msgid: the timeline shows it translated (|t); the court beside it


async def decide(p: Principal, filing_id: int, *, decision: str, reason: str) -> None:
    """The competent court asks for more (退回补正) or refuses with reasons (不予受理). Registration is cases.registration."""
    target = {
        "request_more": FilingStatus.RETURNED,
        "refuse": FilingStatus.REFUSED,
        "review": FilingStatus.UNDER_REVIEW,
    }.get(decision)
    if target is None:
        raise InvalidInput(
            "decision must be review, request_more or refuse (register via /register)", field="decision"
        )
    await service.authorize(p, Action.REVIEW if decision == "review" else Action.REGISTER, filing_id)
    if target is not FilingStatus.UNDER_REVIEW and not reason.strip():
        raise InvalidInput("a reason is required: the litigant is told why", field="reason")
    await service.move(p, filing_id, target, reason=reason.strip())


async def overdue(
    court_code: str, *, now: datetime | None = None, service_minutes: int = 30
) -> dict[str, list[dict[str, Any]]]:
    """Filings of a court past their 7-day registration limit, and forwarded ones past the service target."""
    now = now or datetime.now(UTC)
    cols = [
        Filing.id,
        Filing.number,
        Filing.status,
        Filing.receiving_court_code,
        Filing.competent_court_code,
        Filing.submitted_at,
        Filing.decision_due_at,
    ]
    mine = (Filing.competent_court_code == court_code) | (
        Filing.competent_court_code.is_null() & (Filing.receiving_court_code == court_code)
    )
    past_limit = (
        await Filing.select(*cols)
        .where(mine & Filing.status.is_in(list(OPEN_STATUSES)) & (Filing.decision_due_at < now))
        .order_by(Filing.decision_due_at)
    )
    forwarded = await Filing.select(*cols).where(
        (Filing.competent_court_code == court_code) & (Filing.status == FilingStatus.FORWARDED)
    )
    late: list[dict[str, Any]] = []
    for row in forwarded:
        step = (
            await FilingEvent.select(FilingEvent.at)
            .where((FilingEvent.filing == row["id"]) & (FilingEvent.to_status == FilingStatus.FORWARDED))
            .order_by(FilingEvent.id, ascending=False)
            .first()
        )
        if step and step["at"] + timedelta(minutes=service_minutes) < now:
            row["forwarded_at"] = step["at"]
            late.append(row)
    return {"past_registration_limit": past_limit, "past_service_target": late}
