"""Court leaders' dashboard (院领导驾驶舱): intake, registrations and closures, clearance, time limits, execution
money, and cross-region filings with the competent court's response time — one court, one period."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from court.accounts.policy import Action, Principal, Resource, ResourceKind, require
from court.cases import service as cases
from court.management import charts
from court.management.dashboard import dashboard
from court.replica import may_lag
from court.web.access import PageController
from court.web.templating import page

DEFAULT_DAYS = 28
PERIODS = (7, 28, 91, 365)


class LeaderPages(PageController):
    path = "/leader"

    @get("/")
    async def dashboard(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        days: FromQuery[int] = DEFAULT_DAYS,
    ) -> Template:
        days = days if days in PERIODS else DEFAULT_DAYS
        with may_lag():  # the dashboard's figures may lag the primary (court/replica.py)
            data = await dashboard(principal, today=cases.court_today(), days=days)
        return page(
            request,
            "leader/dashboard.html",
            periods=PERIODS,
            bar_chart=charts.bar_chart,
            line_chart=charts.line_chart,
            **data,
        )

    @get("/terminals")
    async def terminals(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        court: FromQuery[str] = "",
    ) -> Template:
        """The court's shared-court terminals (共享法庭): last seen, queued items, versions. The administrator, who
        belongs to no court, names the court (?court=浙0106); fleet() checks that they may administer it."""
        from court.terminals.service import fleet

        court_code = str(principal.court_code or court)
        rows = await fleet(principal, court_code)
        return page(request, "leader/terminals.html", terminals=rows, court_code=court_code)

    @get("/courtrooms")
    async def courtrooms(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        """The court's courtrooms (法庭), physical and online: added and taken out of use here."""
        from court.cases import workbench

        require(principal, Action.ADMINISTER, Resource(ResourceKind.COURT, court_code=principal.court_code))
        return page(request, "leader/courtrooms.html", rooms=await workbench.courtrooms(principal))

    @post("/courtrooms")
    async def add_courtroom(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Redirect:
        from court.cases import workbench
        from court.cases.calendar import RoomKind
        from court.errors import InvalidInput
        from court.web.csrf import check_form

        form = await check_form(request)
        name, kind = form.get("name", "").strip(), form.get("kind", "physical")
        if not name or len(name) > 64:
            raise InvalidInput(
                "a courtroom has a name of at most 64 characters",
                field="name",
                **workbench.bilingual(
                    "请填写法庭名称（不超过64字）", "Give the courtroom a name (64 characters at most)"
                ),
            )
        if kind not in {k.value for k in RoomKind}:
            raise InvalidInput(
                "choose a physical or an online courtroom",
                field="kind",
                **workbench.bilingual("请选择法庭类型", "Choose the kind of courtroom"),
            )
        await cases.add_courtroom(principal, name, RoomKind(kind))
        return Redirect("/leader/courtrooms")

    @post("/courtrooms/{courtroom_id:int}/active")
    async def courtroom_active(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        courtroom_id: FromPath[int],
    ) -> Redirect:
        from court.cases import workbench
        from court.web.csrf import check_form

        form = await check_form(request)
        await workbench.set_courtroom_active(principal, courtroom_id, form.get("active") == "true")
        return Redirect("/leader/courtrooms")

    @get("/inbox")
    async def inbox(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        """Requests to extend a time limit or leave a period uncounted, waiting for a leader's decision (审批)."""
        from court.cases import workbench

        rows = await workbench.inbox(principal, include_decided=True)
        return page(
            request,
            "leader/inbox.html",
            requests=rows,
            pending=[r for r in rows if r["status"] == "pending"],
            decided=[r for r in rows if r["status"] != "pending"],
        )

    @post("/inbox/{request_id:int}/decision")
    async def decide(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        request_id: FromPath[int],
    ) -> Redirect:
        from court.cases import workbench
        from court.web.csrf import check_form

        form = await check_form(request)
        await workbench.decide_request(
            principal, request_id, approve=form.get("decision") == "approve", note=form.get("note", "")
        )
        return Redirect("/leader/inbox")
