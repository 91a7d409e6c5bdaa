"""Clerk pages: the intake queue (overdue first) and the review screen (docket beside the document, decisions)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from court.accounts.policy import Action, Principal, Resource, ResourceKind, decide, require
from court.cases import registration
from court.filing import service
from court.filing.corrections import REVIEWABLE, correct_field
from court.filing.docket_view import as_json, docket_rows
from court.filing.status import FilingStatus
from court.replica import may_lag
from court.routing import workflow
from court.web.access import PageController
from court.web.csrf import check_form
from court.web.templating import page

FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


def _mine_to_act_on(row: dict[str, Any], court_code: str | None) -> bool:
    # Once forwarded, a filing is the competent court's to decide; the receiving court only watches it.
    if row["status"] == FilingStatus.FORWARDED:
        return row["competent_court_code"] == court_code
    return row["status"] in REVIEWABLE


async def intake_queue(principal: Principal, service_minutes: int) -> list[dict[str, Any]]:
    """Open filings of the clerk's court, overdue ones first, then by their decision date."""
    # The intake queue is the work of those who REVIEW the court's filings; merely being staff is not enough.
    court = principal.court_code
    require(
        principal, Action.REVIEW, Resource(ResourceKind.FILING, court_code=court, receiving_court_code=court)
    )
    rows = [
        r for r in await service.my_filings(principal, limit=200) if _mine_to_act_on(r, principal.court_code)
    ]
    late = await workflow.overdue(str(principal.court_code), service_minutes=service_minutes)
    past_limit = {r["id"] for r in late["past_registration_limit"]}
    past_target = {r["id"] for r in late["past_service_target"]}
    for r in rows:
        r["past_limit"] = r["id"] in past_limit
        r["past_target"] = r["id"] in past_target
    rows.sort(
        key=lambda r: (not (r["past_limit"] or r["past_target"]), r["decision_due_at"] or FAR_FUTURE, r["id"])
    )
    return rows


async def _review_context(principal: Principal, filing_id: int) -> dict[str, Any]:
    filing = await service.authorize(principal, Action.REVIEW, filing_id)
    resource = await service.resource_of(filing)
    view = await service.filing_view(filing_id)
    docket = as_json(view.get("docket"))
    corrections = as_json(view.get("corrections"))
    documents = await service.documents_for_review(filing_id)
    for d in documents:
        d["rows"] = docket_rows(as_json(d["docket"]))
        # Pages read by OCR: a field read from one is shown on the page image, its words highlighted.
        d["ocr_numbers"] = [p.get("number") for p in as_json(d.pop("ocr_pages")) or [] if isinstance(p, dict)]
        d["active_content"] = as_json(d["active_content"]) or []
    is_open = view["status"] in REVIEWABLE
    allowed = {
        a.value: decide(principal, a, resource).allowed
        for a in (Action.REVIEW, Action.FORWARD, Action.REGISTER, Action.READ_DOCUMENT)
    }
    return {
        "filing": view,
        "rows": docket_rows(docket, corrections),
        "corrections": corrections,
        "documents": documents,
        "routing": as_json(view.get("routing")),
        "can_correct": is_open and allowed["review"],
        "can_forward": is_open and allowed["forward"] and view["status"] != FilingStatus.FORWARDED,
        "can_decide": is_open and allowed["register"],
        "can_read": allowed["read_document"],
        "can_register": is_open and allowed["register"],
        "case": await registration.registered_case(principal, filing_id),
    }


class ClerkPages(PageController):
    path = "/clerk"

    @get("/")
    async def queue(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        minutes = int(request.app.state.runtime.settings.registration_service_minutes)
        with may_lag():  # the queue may lag the primary (court/replica.py)
            filings = await intake_queue(principal, minutes)
        return page(request, "clerk/queue.html", filings=filings, now=datetime.now(UTC))

    @get("/filings/{filing_id:int}")
    async def review(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        return page(request, "clerk/review.html", **await _review_context(principal, filing_id))

    @post("/filings/{filing_id:int}/corrections")
    async def correct(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        form = await check_form(request)
        path = form.get("path", "")
        corrections = await correct_field(principal, filing_id, path, form.get("value", ""))
        view = await service.filing_view(filing_id)
        row = next(r for r in docket_rows(as_json(view.get("docket")), corrections) if r.path == path)
        return page(request, "clerk/_row.html", row=row, filing=view, can_correct=True, saved=True)

    @post("/filings/{filing_id:int}/decision")
    async def decide_filing(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Redirect:
        form = await check_form(request)
        await workflow.decide(
            principal, filing_id, decision=form.get("decision", ""), reason=form.get("reason", "")
        )
        return Redirect(f"/clerk/filings/{filing_id}" if form.get("decision") == "review" else "/clerk")

    @post("/filings/{filing_id:int}/forward")
    async def forward(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Redirect:
        form = await check_form(request)
        await workflow.forward(
            principal,
            filing_id,
            to_court_code=form.get("to_court_code") or None,
            identity_checked=form.get("identity_checked") == "on",
            materials_checked=form.get("materials_checked") == "on",
        )
        return Redirect("/clerk")

    @post("/filings/{filing_id:int}/register")
    async def register(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Redirect:
        await check_form(request)
        case = await registration.register_filing(principal, filing_id)
        return Redirect(f"/clerk/filings/{filing_id}?registered={case['id']}")
