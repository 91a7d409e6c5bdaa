"""The clerk's review screen over registration (立案): the case a filing became (registering is
`court.cases.registration.register_filing`, which the page and the API both call)."""

from __future__ import annotations

from typing import Any

from court.accounts.policy import Action, Principal
from court.cases import registration, service
from court.cases.tables import Case


async def registered_case(principal: Principal, filing_id: int) -> dict[str, Any] | None:
    """The case a filing became, with its number and fee notice, where the principal may see it; else None."""
    row = await Case.select(Case.id).where(Case.filing_id == filing_id).first()
    if row is None:
        return None
    await service.authorize(principal, Action.VIEW, int(row["id"]))
    return await registration.case_view(int(row["id"]))
