"""Progress lookup at a terminal: both the villager's ID number and the filing number must match."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from court.accounts.policy import Principal
from court.accounts.roles import Role
from court.audit.chain import actor_of, record
from court.bootstrap import Runtime
from court.cases.tables import Case, CaseHearing
from court.errors import NotFound, PermissionDenied
from court.filing.tables import Filing, FilingEvent, FilingParty
from court.terminals.limits import limit_lookup
from court.web.ratelimit import counter_of


async def progress(p: Principal, runtime: Runtime, *, id_number: str, number: str) -> dict[str, Any]:
    if p.role is not Role.TERMINAL_OPERATOR or p.terminal_id is None:
        raise PermissionDenied("progress lookup by ID number is for terminal sessions")
    id_number = id_number.strip().upper()
    # Counted before the answer, found or not: a guess costs the same as a hit (court.terminals.limits).
    await limit_lookup(
        counter_of(runtime),
        terminal_id=p.terminal_id,
        id_number=id_number,
        secret_key=runtime.settings.secret_key,
    )
    filing = (
        await Filing.select(
            Filing.id,
            Filing.number,
            Filing.status,
            Filing.competent_court_code,
            Filing.receiving_court_code,
            Filing.decision_due_at,
        )
        .where(Filing.number == number.strip())
        .first()
    )
    party = None
    if filing is not None:
        party = (
            await FilingParty.select(FilingParty.name)
            .where((FilingParty.filing == filing["id"]) & (FilingParty.id_number == id_number))
            .first()
        )
    # One answer for "no such number" and "not your number": no probing of other people's cases.
    if filing is None or party is None:
        raise NotFound("no filing with this number for this ID number")
    steps = (
        await FilingEvent.select(FilingEvent.at, FilingEvent.to_status, FilingEvent.reason)
        .where(FilingEvent.filing == filing["id"])
        .order_by(FilingEvent.id)
    )
    await record(
        actor_of(p),
        "terminal.progress_lookup",
        subject_type="filing",
        subject_id=filing["id"],
        court_code=filing["competent_court_code"] or filing["receiving_court_code"],
    )
    return {
        "number": filing["number"],
        "status": filing["status"],
        "party": party["name"],
        "steps": steps,
        "decision_due_at": filing["decision_due_at"],
    }


async def online_hearings(filing_number: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """Coming hearings in an online courtroom of the case a filing became; call only after the villager's
    ID number and this number were matched (lookup.progress), which also audits the lookup."""
    filing = await Filing.select(Filing.id).where(Filing.number == filing_number).first()
    if filing is None:
        return []
    case = await Case.select(Case.id, Case.number).where(Case.filing_id == filing["id"]).first()
    if case is None:
        return []
    rows = (
        await CaseHearing.select(
            CaseHearing.id,
            CaseHearing.starts_at,
            CaseHearing.ends_at,
            CaseHearing.courtroom.name.as_alias("courtroom_name"),
        )
        .where(
            (CaseHearing.case == case["id"])
            & (CaseHearing.status == "scheduled")
            & (CaseHearing.courtroom.kind == "online")
            & (CaseHearing.ends_at > (now or datetime.now(UTC)))
        )
        .order_by(CaseHearing.starts_at)
    )
    for row in rows:
        row["case_number"] = case["number"]
    return rows
