"""Appeal screens: the party's appeal form and status on its case page (/my-cases/{id}/appeal), and the courts'
appeal pages (/appeals): the first-instance court forwards the dossier, the court of second instance registers it
verified and its judge records the outcome."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import Redirect, Template

from court.accounts.policy import Principal
from court.accounts.roles import Role
from court.appeals import service as appeals
from court.appeals.status import AppealOutcome
from court.payments.web import platform_of
from court.web.access import PageController
from court.web.csrf import CSRF_FIELD, CSRF_HEADER, check_form, check_token
from court.web.templating import page


class AppealLitigantPages(PageController):
    """The party's appeal (/my-cases/{id}/appeal): the form, filing it, paying its fee."""

    path = "/my-cases"

    @get("/{case_id:int}/appeal")
    async def form(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Template:
        options = await appeals.appeal_options(principal, case_id)
        from court.cases.service import load_case

        return page(request, "appeals/form.html", case=await load_case(case_id), options=options)

    @post("/{case_id:int}/appeal")
    async def file(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        form = await request.form()
        check_token(request, form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER))
        upload = form.get("statement")
        content: bytes | None = None
        name = ""
        if isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read(appeals.MAX_UPLOAD_BYTES + 1)
            name = upload.filename
        party = form.get("party_id") or ""
        document = form.get("document_id") or ""
        await appeals.file_appeal(
            principal,
            request.app.state.runtime,
            case_id,
            grounds=str(form.get("grounds") or ""),
            claims=str(form.get("claims") or ""),
            amount=form.get("amount") or None,
            party_id=int(party) if str(party).isdigit() else None,
            document_id=int(document) if str(document).isdigit() else None,
            upload=content,
            upload_name=name,
        )
        return Redirect(f"/my-cases/{case_id}#appeal")

    @post("/{case_id:int}/appeal/pay")
    async def pay(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        await check_form(request)
        order = await appeals.start_fee_payment(principal, case_id, platform_of(request))
        return Redirect(order["checkout_url"])


Step = Callable[[Request[Any, Any, Any], Principal, int, dict[str, str]], Awaitable[Any]]


def _appeal_action(path: str, step: Step) -> HTTPRouteHandler:
    """A form on the appeal's page (forward, register, decide): the appeal is checked visible before the form, so
    whoever may not see it learns nothing from the form's check; then the step, and the appeal shown again."""

    async def handler(
        self: Any,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        appeal_id: FromPath[int],
    ) -> Redirect:
        await appeals.authorize_view(principal, appeal_id)
        form = await check_form(request)
        await step(request, principal, appeal_id, form)
        return Redirect(f"/appeals/{appeal_id}")

    handler.__name__ = path.rsplit("/", 1)[-1]
    return post(path)(handler)


class AppealPages(PageController):
    """The courts' appeal pages: both courts see the appeal, each acts in its turn."""

    path = "/appeals"

    @get("/")
    async def index(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        lists: dict[str, Any] = await appeals.appeals_of_court(principal)
        return page(request, "appeals/index.html", **lists)

    @get("/{appeal_id:int}")
    async def show(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], appeal_id: FromPath[int]
    ) -> Template:
        await appeals.authorize_view(principal, appeal_id)
        appeal = await appeals.appeal_view(appeal_id)
        ours = principal.court_code == appeal["court_code"]
        theirs = principal.court_code == appeal["appeal_court_code"]
        return page(
            request,
            "appeals/show.html",
            appeal=appeal,
            can_forward=ours and principal.role in (Role.CLERK, Role.JUDGE) and appeal["status"] == "paid",
            can_register=theirs and principal.role is Role.CLERK and appeal["status"] == "forwarded",
            can_decide=theirs
            and appeal["status"] == "registered"
            and appeal["second_judge"] == principal.user_id,
            outcomes=[o.value for o in AppealOutcome],
            me=principal.user_id,
        )

    forward = _appeal_action(
        "/{appeal_id:int}/forward",
        lambda r, p, appeal_id, form: appeals.forward(p, r.app.state.runtime, appeal_id),
    )
    register = _appeal_action(
        "/{appeal_id:int}/register",
        lambda r, p, appeal_id, form: appeals.register(p, r.app.state.runtime, appeal_id),
    )
    decision = _appeal_action(
        "/{appeal_id:int}/decision",
        lambda r, p, appeal_id, form: appeals.decide(p, appeal_id, str(form.get("outcome") or "")),
    )
