"""The one-step enforcement application's API (申请强制执行, /api/v1/cases/{id}/enforcement-applications and
/api/v1/cases/{id}/enforceable-decisions): thin handlers over court.execution.application, the same service the
case page's form uses."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from court.accounts.policy import Principal
from court.execution import application
from court.execution.service import court_day, now_of
from court.web.auth import current_principal


class EnforcementApplicationIn(msgspec.Struct, forbid_unknown_fields=True):
    """The effective decision to enforce and the amount in yuan (what the decision awards when omitted)."""

    document_id: int
    amount: str | None = None  # parsed by court.amounts in the service, like the page's form


class EnforcementApplicationOut(msgspec.Struct):
    created: bool  # False: this decision's enforcement was applied for already, and this is that application
    number: str  # the 执 case's number, which its enforcement matter bears too
    case_id: int | None
    matter_id: int
    officer_id: int | None


class EnforcementAppliedOut(msgspec.Struct):
    number: str
    case_id: int | None
    matter_id: int


class EnforceableDecisionOut(msgspec.Struct):
    document_id: int
    kind: str
    state: Literal["not_effective", "open", "lapsed", "applied"]
    effective_on: date | None
    last_day: date | None  # the last day to apply (CPL Art 250), once the decision is effective
    article: str | None
    amount: str  # the sum the decision awards, prefilled as the amount to enforce ("" when none)
    applied: EnforcementAppliedOut | None


def _today(request: Request[Any, Any, Any]) -> date:
    return court_day(now_of(request.app.state.runtime))


def decision_out(row: dict[str, Any]) -> EnforceableDecisionOut:
    applied = row.get("applied")
    return EnforceableDecisionOut(
        document_id=int(row["document_id"]),
        kind=row["kind"],
        state=row["state"],
        effective_on=row["effective_on"],
        last_day=row.get("last_day"),
        article=row.get("article"),
        amount=row["amount"],
        applied=EnforcementAppliedOut(
            number=applied["number"], case_id=applied["case_id"], matter_id=applied["matter_id"]
        )
        if applied
        else None,
    )


class EnforcementApplicationController(Controller):
    path = "/api/v1/cases/{case_id:int}"
    tags = ["execution"]
    dependencies = {"principal": Provide(current_principal)}

    @post("/enforcement-applications", status_code=201)
    async def apply(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[int],
        principal: NamedDependency[Principal],
        data: JSONBody[EnforcementApplicationIn],
    ) -> EnforcementApplicationOut:
        """申请强制执行 in one step: the 执 case and its matter (or, for the same decision again, the first ones)."""
        made = await application.apply_for_enforcement(
            principal, data.document_id, data.amount, today=_today(request), case_id=case_id
        )
        return msgspec.convert(made, EnforcementApplicationOut)

    @get("/enforceable-decisions")
    async def decisions(
        self, request: Request[Any, Any, Any], case_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> list[EnforceableDecisionOut]:
        """Each signed decision's state for enforcement: not effective, open until its last day, lapsed, applied."""
        return [
            decision_out(r) for r in await application.enforceable_titles(principal, case_id, _today(request))
        ]
