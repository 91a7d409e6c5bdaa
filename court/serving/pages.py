"""Service (送达) pages: the judge's and clerk's serving screen on a document and the case's services and deadlines,
the litigant's address confirmation, inbox and deadlines, and the public notice page of service by publication."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from court.accounts.policy import Action, Principal
from court.cases import registration
from court.cases import service as cases
from court.documents import service as documents
from court.errors import InvalidInput
from court.replica import may_lag
from court.serving import flow
from court.serving import photos as photos_mod
from court.serving.flow import AddressIn, RecordIn, ServeIn
from court.serving.machine import Channel
from court.web.access import PageController, local_path, optional_page_principal
from court.web.csrf import CSRF_FIELD, CSRF_HEADER, check_token
from court.web.templating import page


async def _form(request: Request[Any, Any, Any]) -> tuple[dict[str, str], Any]:
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    check_token(request, fields.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER))
    return fields, form


def _ints(values: list[Any], field: str) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise InvalidInput("choose from the list", field=field) from None


class ServicePages(PageController):
    path = "/"

    @get("/documents/{document_id:int}/service")
    async def document_service(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        document_id: FromPath[int],
    ) -> Template:
        document, case = await documents.authorize(principal, Action.VIEW, document_id)
        await flow.authorize_case_services(principal, int(case["id"]))
        view = await documents.document_view(document_id)
        services = [
            s for s in await flow.services_of_case(principal, int(case["id"])) if s["document"] == document_id
        ]
        return page(
            request,
            "serving/document_service.html",
            document=view,
            case=case,
            services=services,
            parties=await flow.parties_with_addresses(int(case["id"])),
            channels=list(Channel),
            can_serve=principal.role in flow.SERVING_ROLES and view["status"] == "signed",
            notices=await flow.notices_of_court(principal, int(case["id"])),
        )

    @post("/documents/{document_id:int}/service")
    async def serve(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        document_id: FromPath[int],
    ) -> Redirect:
        _, form = await _form(request)
        await flow.serve_document(
            principal,
            document_id,
            ServeIn(
                parties=_ints(form.getall("parties", []), "parties"),
                channels=list(form.getall("channels", [])),
            ),
        )
        runner = request.app.state.runtime.extras.get("runner")
        if runner is not None:
            runner.wake()  # the attempts' jobs run now rather than at the next poll
        return Redirect(f"/documents/{document_id}/service")

    @get("/cases/{case_id:int}/service")
    async def case_service(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Template:
        await flow.authorize_case_services(principal, case_id)
        case = await registration.case_view(case_id)
        return page(
            request,
            "serving/case_service.html",
            case=case,
            services=await flow.services_of_case(principal, case_id),
            deadlines=await flow.case_deadlines(principal, case_id),
            parties=await flow.parties_with_addresses(case_id),
            notices=await flow.notices_of_court(principal, case_id),
            today=cases.court_today(),
        )

    @post("/service-attempts/{attempt_id:int}/record")
    async def record(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        attempt_id: FromPath[int],
    ) -> Redirect:
        """The clerk's (or enforcement officer's) record, from the browser form; photos taken at the address (留置送达,
        in person) come as files, are checked (JPEG or PNG), stored in the blob store by their SHA-256."""
        fields, form = await _form(request)
        served_on = None
        if fields.get("served_on"):
            try:
                served_on = date.fromisoformat(fields["served_on"])
            except ValueError:
                raise InvalidInput("a day as YYYY-MM-DD", field="served_on") from None
        photos = await photos_mod.store_uploads(
            principal,
            request.app.state.runtime,
            attempt_id,
            [f for f in form.getall("photos", []) if isinstance(f, UploadFile)],
        )
        view = await flow.record_by_clerk(
            principal,
            attempt_id,
            RecordIn(
                outcome=fields.get("outcome", ""),
                served_on=served_on,
                ems_number=fields.get("ems_number") or None,
                receipt_signed_by=fields.get("receipt_signed_by") or None,
                reason=fields.get("reason") or None,
                witnesses=[w for w in (fields.get("witnesses") or "").split("、") if w.strip()],
                photos=photos,
            ),
        )
        nxt = fields.get("next") or ""
        if nxt.startswith("/") and not nxt.startswith("//"):
            return Redirect(nxt)
        return Redirect(f"/documents/{view['document']}/service")

    @get("/service-attempts/{attempt_id:int}/photos/{n:int}")
    async def photo(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        attempt_id: FromPath[int],
        n: FromPath[int],
    ) -> Response[bytes]:
        """One photo of a service record (as uploaded; shown as a thumbnail on the record), for who may see it."""
        data, media_type = await photos_mod.photo(principal, request.app.state.runtime, attempt_id, n)
        return Response(
            data,
            media_type=media_type,
            headers={"cache-control": "private, max-age=3600", "x-content-type-options": "nosniff"},
        )

    @post("/parties/{party_id:int}/service-address")
    async def confirm_address(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], party_id: FromPath[int]
    ) -> Redirect:
        fields, _ = await _form(request)
        await flow.set_address(
            principal,
            party_id,
            AddressIn(
                email=fields.get("email"),
                mobile=fields.get("mobile"),
                postal_address=fields.get("postal_address"),
                consent_electronic=fields.get("consent_electronic") == "yes",
            ),
        )
        return Redirect(local_path(fields.get("next")) or "/my/service")

    @get("/my/service")
    async def my_service(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        return page(
            request, "serving/my_service.html", today=cases.court_today(), **await flow.inbox(principal)
        )


class PublicNoticePages(PageController):
    """公告 — the court's public notices of service by publication (CPL Art 95); anyone may read them."""

    path = "/notices"
    dependencies = {"viewer": Provide(optional_page_principal)}

    @get("/")
    async def notices(
        self, request: Request[Any, Any, Any], viewer: NamedDependency[Principal | None]
    ) -> Template:
        with may_lag():  # the public list may lag the primary (court/replica.py)
            notices = await flow.public_notices()
        return page(request, "serving/notices.html", notices=notices)
