"""Routing on the API: the jurisdiction decision, forwarding, the competent court's decision, overdue lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from msgspec import UNSET, UnsetType

from court.accounts.policy import Action, Principal, Resource, ResourceKind, require
from court.filing import service
from court.filing.schemas import FilingView
from court.responses import Out, out
from court.routing import workflow
from court.routing.request import Decision
from court.web.auth import current_principal


class ForwardIn(msgspec.Struct, forbid_unknown_fields=True):
    identity_checked: bool
    materials_checked: bool
    to_court_code: str | None = None


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    decision: str
    reason: str = ""


class OverdueFiling(Out):
    id: int
    number: str | None
    status: str
    receiving_court_code: str
    competent_court_code: str | None
    submitted_at: datetime | None
    decision_due_at: datetime | None
    forwarded_at: datetime | UnsetType = UNSET  # in past_service_target only


class OverdueFilings(Out):
    past_registration_limit: list[OverdueFiling]
    past_service_target: list[OverdueFiling]


class FilingRouting(Out):
    """The engine's decision for a filing as kept on it: the request it was given, the decision, facts, when."""

    request: dict[str, Any]
    decision: Decision
    facts: dict[str, Any]
    at: str  # ISO 8601


class RoutingController(Controller):
    path = "/api/v1"
    tags = ["routing"]
    dependencies = {"principal": Provide(current_principal)}

    @post("/route", status_code=200)
    async def route(self, data: JSONBody[dict[str, Any]], principal: NamedDependency[Principal]) -> Decision:
        """Decide jurisdiction for a described dispute (the same JSON as `court route`)."""
        from court.routing.reference import decide

        return msgspec.convert(await decide(data), Decision)

    @post("/filings/{filing_id:int}/route", status_code=200)
    async def route_filing(
        self, filing_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> FilingRouting:
        await service.authorize(principal, Action.REVIEW, filing_id)
        return out(FilingRouting, await workflow.route(filing_id))

    @post("/filings/{filing_id:int}/forward", status_code=200)
    async def forward(
        self, filing_id: FromPath[int], data: JSONBody[ForwardIn], principal: NamedDependency[Principal]
    ) -> FilingView:
        await workflow.forward(
            principal,
            filing_id,
            to_court_code=data.to_court_code,
            identity_checked=data.identity_checked,
            materials_checked=data.materials_checked,
        )
        return out(FilingView, await service.filing_view(filing_id))

    @post("/filings/{filing_id:int}/decision", status_code=200)
    async def decide(
        self, filing_id: FromPath[int], data: JSONBody[DecisionIn], principal: NamedDependency[Principal]
    ) -> FilingView:
        await workflow.decide(principal, filing_id, decision=data.decision, reason=data.reason)
        return out(FilingView, await service.filing_view(filing_id))

    @get("/courts/{code:str}/overdue-filings")
    async def overdue(
        self, request: Request[Any, Any, Any], code: FromPath[str], principal: NamedDependency[Principal]
    ) -> OverdueFilings:
        require(principal, Action.VIEW, Resource(ResourceKind.COURT, court_code=code))
        minutes = request.app.state.runtime.settings.registration_service_minutes
        return out(OverdueFilings, await workflow.overdue(code, service_minutes=minutes))
