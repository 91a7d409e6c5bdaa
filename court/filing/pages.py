"""Litigant pages: my filings, the guided online filing (parties, claims, resumable uploads, fee) and its status."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from court.accounts.policy import Action, Principal, decide
from court.cases import registration
from court.cases.fee_preview import preview_fee
from court.errors import InvalidInput
from court.filing import service
from court.filing.docket_view import as_json
from court.filing.schemas import ClaimIn, FilingIn, PartyIn
from court.filing.status import FilingStatus
from court.i18n import error_detail
from court.reference import service as reference
from court.web.access import PageController
from court.web.csrf import check_form
from court.web.locale import request_locale
from court.web.ratelimit import rate_limited
from court.web.templating import page

EDITABLE = (FilingStatus.DRAFT, FilingStatus.RETURNED)
# The browser sends ~1 MB per request so a village link loses little when it drops; an S3 store needs
# parts of at least 5 MiB, so there the configured part size is used instead.
SMALL_CHUNK = 1024 * 1024


def _convert(values: dict[str, Any], shape: type[Any]) -> Any:
    """Form fields to a validated msgspec shape; blank optional fields become None."""
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    cleaned = {k: v for k, v in cleaned.items() if v not in ("", None)}
    try:
        return msgspec.convert(cleaned, shape)
    except msgspec.ValidationError as exc:
        raise InvalidInput(str(exc)) from None


def _chunk_bytes(request: Request[Any, Any, Any]) -> int:
    settings = request.app.state.runtime.settings
    return SMALL_CHUNK if settings.storage.kind == "file" else int(settings.upload_chunk_bytes)


async def _filing_page(request: Request[Any, Any, Any], principal: Principal, filing_id: int) -> Template:
    filing = await service.authorize(principal, Action.VIEW, filing_id)
    view = await service.filing_view(filing_id)
    view["receipt"] = as_json(view.get("receipt"))
    resource = await service.resource_of(filing)
    editable = view["status"] in EDITABLE and decide(principal, Action.EDIT, resource).allowed
    registered_case = await registration.case_number_of_filing(filing_id)
    return page(
        request,
        "litigant/filing.html",
        filing=view,
        editable=editable,
        fee=preview_fee(view),
        chunk_bytes=_chunk_bytes(request),
        registered_case=registered_case,
    )


class LitigantPages(PageController):
    path = "/filings"

    @get("/")
    async def mine(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        return page(request, "litigant/list.html", filings=await service.my_filings(principal, limit=100))

    @get("/new")
    async def new_form(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        return page(request, "litigant/new.html", courts=await reference.active_courts(), values={})

    @post("/new", opt=rate_limited("filing"))
    async def create(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Any:
        form = await check_form(request)
        fields = {
            k: form.get(k, "")
            for k in (
                "receiving_court_code",
                "case_type",
                "cause_name",
                "amount_in_dispute",
                "procedure",
                "summary",
            )
        }
        try:
            data = _convert(fields, FilingIn)
            filing_id = await service.create_filing(
                principal, data, idempotency_key=form.get("idempotency_key") or None
            )
        except InvalidInput as exc:
            # A refusal with a catalogue message (e.g. an amount, court.amounts) is told in the page's language.
            error = error_detail(exc, request_locale(request))
            return page(
                request,
                "litigant/new.html",
                status_code=422,
                courts=await reference.active_courts(),
                values=fields,
                error=error,
                error_field=exc.params.get("field"),
            )
        return Redirect(f"/filings/{filing_id}")

    @get("/{filing_id:int}")
    async def show(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        return await _filing_page(request, principal, filing_id)

    @post("/{filing_id:int}/parties")
    async def add_party(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        form = await check_form(request)
        fields = {
            k: form.get(k, "") for k in ("role", "name", "kind", "id_number", "uscc", "address", "phone")
        }
        await service.add_party(principal, filing_id, _convert(fields, PartyIn))
        view = await service.filing_view(filing_id)
        return page(request, "litigant/_parties.html", filing=view, editable=True, announce=True)

    @post("/{filing_id:int}/claims")
    async def add_claim(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        form = await check_form(request)
        await service.add_claim(
            principal,
            filing_id,
            _convert({"text": form.get("text", ""), "amount": form.get("amount", "")}, ClaimIn),
        )
        view = await service.filing_view(filing_id)
        return page(
            request, "litigant/_claims.html", filing=view, editable=True, fee=preview_fee(view), announce=True
        )

    @get("/{filing_id:int}/documents")
    async def documents(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        await service.authorize(principal, Action.VIEW, filing_id)
        return page(request, "litigant/_documents.html", filing=await service.filing_view(filing_id))

    @post("/{filing_id:int}/submit")
    async def submit(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Any:
        form = await check_form(request)
        try:
            await service.submit_filing(
                principal, filing_id, idempotency_key=form.get("idempotency_key") or None
            )
        except InvalidInput as exc:
            response = await _filing_page(request, principal, filing_id)
            response.context["submit_error"] = error_detail(exc, request_locale(request))
            response.status_code = 422
            return response
        return Redirect(f"/filings/{filing_id}?submitted=1")
