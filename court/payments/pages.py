"""The litigant's case page (移动微法院: case number and judge, fee notice and payment, hearings, documents served,
judgment download) and the simulated platform's checkout page, labelled 模拟支付."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from court.accounts import service as accounts
from court.accounts.policy import Action, Principal
from court.cases import registration
from court.cases import service as cases
from court.documents import service as documents
from court.errors import NotFound
from court.execution import application
from court.execution.service import court_day, now_of
from court.payments import service
from court.payments.platform import SimulatedPlatform
from court.payments.web import platform_of
from court.web.access import PageController, optional_page_principal
from court.web.csrf import check_form
from court.web.templating import page


def _today(request: Request[Any, Any, Any]) -> Any:
    return court_day(now_of(request.app.state.runtime))


class LitigantCasePages(PageController):
    """The case as its party sees it (/my-cases/{id})."""

    path = "/my-cases"

    @get("/{case_id:int}")
    async def show(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Template:
        await cases.authorize(principal, Action.VIEW, case_id)
        case = await registration.case_view(case_id)
        judge = await accounts.display_name_of(int(case["judge_id"])) if case["judge_id"] else None
        signed = [d for d in await documents.list_documents(principal, case_id) if d["status"] == "signed"]
        from court.appeals import service as appeals

        party_ids = {int(x["id"]) for x in await appeals.my_parties(principal, case)}
        mine = [a for a in await appeals.appeals_of_case(case_id) if int(a["party"]) in party_ids]
        return page(
            request,
            "litigant/case.html",
            case=case,
            judge=judge,
            fee=await service.charge_view(case_id),
            hearings=await cases.hearings_for_parties(case_id),
            documents=signed,
            judgments=[d for d in signed if d["kind"] in ("judgment", "ruling", "mediation")],
            paid=request.query_params.get("paid") == "1",
            appeals=mine,
            appeal_options=await appeals.appeal_options(principal, case_id),
            enforcement=await application.enforceable_titles(principal, case_id, _today(request)),
            enforcement_matter=await application.matter_of_case(principal, case_id),
            applied=request.query_params.get("applied") == "1",
        )

    @post("/{case_id:int}/enforcement")
    async def apply_enforcement(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        """申请强制执行 in one step from the effective decision (court.execution.application)."""
        form = await check_form(request)
        try:
            document_id = int(form.get("document_id", ""))
        except ValueError:
            raise NotFound("no such decision") from None
        await application.apply_for_enforcement(
            principal, document_id, form.get("amount"), today=_today(request), case_id=case_id
        )
        return Redirect(f"/my-cases/{case_id}?applied=1#enforcement")

    @post("/{case_id:int}/pay")
    async def pay(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        await check_form(request)
        order = await service.start_payment(principal, case_id, platform_of(request))
        return Redirect(order["checkout_url"])


class SimulatedPayPages(PageController):
    """The simulated platform's checkout (模拟支付): only while the simulated platform is configured; no money moves."""

    path = "/pay/simulated"
    dependencies = {"viewer": Provide(optional_page_principal)}

    @get("/{order_no:str}")
    async def checkout(
        self,
        request: Request[Any, Any, Any],
        viewer: NamedDependency[Principal | None],
        order_no: FromPath[str],
    ) -> Template:
        order = await _simulated_order(request, order_no)
        return page(request, "litigant/simulated_pay.html", order=order)

    @post("/{order_no:str}")
    async def confirm(
        self,
        request: Request[Any, Any, Any],
        viewer: NamedDependency[Principal | None],
        order_no: FromPath[str],
    ) -> Redirect:
        await check_form(request)
        order = await _simulated_order(request, order_no)
        platform = platform_of(request)
        # The platform notifies the court exactly as over the network: a signed body through the same handler.
        await service.handle_callback(platform, *platform.signed_callback(order_no, order["amount"]))
        if order.get("matter"):  # a debtor's payment into an enforcement matter
            return Redirect(f"/enforcement/{order['matter']}?done=paid_online")
        if order.get("case_id") is None and order.get(
            "appeal_id"
        ):  # an appeal's fee: back to the appealed case
            from court.appeals import service as appeals

            case_id = await appeals.case_of_appeal(int(order["appeal_id"]))
            return Redirect(f"/my-cases/{case_id if case_id is not None else ''}?paid=1#appeal")
        return Redirect(f"/my-cases/{order['case_id']}?paid=1")


async def _simulated_order(request: Request[Any, Any, Any], order_no: str) -> dict[str, Any]:
    if not isinstance(platform_of(request), SimulatedPlatform) or len(order_no) > 40:
        raise NotFound("no such payment order")
    from court.execution import payorders

    order = await (
        payorders.order(order_no) if payorders.is_matter_order(order_no) else service.order(order_no)
    )
    if order["platform"] != SimulatedPlatform.name:
        raise NotFound("no such payment order")
    order["amount"] = service._money(order["amount"])
    return order
