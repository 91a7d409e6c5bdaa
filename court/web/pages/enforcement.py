"""Enforcement pages (执行一件事): the court's matters with their deadlines, and one matter's single timeline."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from court.accounts.policy import Action, Principal, Resource, ResourceKind, require
from court.cases.service import court_today
from court.execution.matter_view import matter_view
from court.execution.tables import EnforcementMatter
from court.web.pages.access import PageController
from court.web.pages.templating import page


async def court_matters(p: Principal) -> list[dict[str, Any]]:
    # The list shows matters, so it asks what a matter of this court asks: staff who may not VIEW a matter
    # (clerks, trial judges, administrators) must not read the court's matters off the list either.
    require(p, Action.VIEW, Resource(ResourceKind.MATTER, court_code=p.court_code))
    return await EnforcementMatter.select(
        EnforcementMatter.id, EnforcementMatter.number, EnforcementMatter.title_number, EnforcementMatter.stage,
        EnforcementMatter.status, EnforcementMatter.registered_on, EnforcementMatter.officer_id,
    ).where(EnforcementMatter.court_code == p.court_code).order_by(EnforcementMatter.id, ascending=False).limit(200)


class EnforcementPages(PageController):
    path = "/enforcement"

    @get("/")
    async def matters(self, request: Request[Any, Any, Any], principal: Principal) -> Template:
        return page(request, "enforcement/matters.html", matters=await court_matters(principal), me=principal.user_id)

    @get("/{matter_id:int}")
    async def matter(self, request: Request[Any, Any, Any], principal: Principal, matter_id: int) -> Template:
        return page(request, "enforcement/matter.html", m=await matter_view(principal, matter_id, court_today()))
