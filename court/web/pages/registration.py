"""The clerk's review screen over registration (立案): register an accepted filing, and show the case it became."""

from __future__ import annotations

from typing import Any

from litestar import Request

from court.accounts.policy import Action, Principal
from court.cases import registration, service
from court.cases.tables import Case


async def register_filing(request: Request[Any, Any, Any], principal: Principal, filing_id: int) -> int:
    """Register the filing at the clerk's court (the cases service checks the policy); returns the case id.

    Pressing the button twice returns the same case: registration is idempotent per filing."""
    case = await registration.register_filing(principal, filing_id)
    if case.get("judge_id") is None:
        # 分案 follows 立案 at once: random among the division's eligible judges, balanced by caseload, audited.
        await service.assign_case(principal, int(case["id"]))
    return int(case["id"])


async def registered_case(principal: Principal, filing_id: int) -> dict[str, Any] | None:
    """The case a filing became, with its number and fee notice, where the principal may see it; else None."""
    row = await Case.select(Case.id).where(Case.filing_id == filing_id).first()
    if row is None:
        return None
    await service.authorize(principal, Action.VIEW, int(row["id"]))
    return await registration.case_view(int(row["id"]))
