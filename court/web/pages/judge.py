"""Judge pages: my cases with their time limits (审限), and a case page (parties, claims, documents, timeline, hearings)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get
from litestar.response import Template

from court.accounts.policy import Action, Principal, Resource, ResourceKind, decide, require
from court.accounts.tables import User
from court.cases import registration, service
from court.cases.deadlines import deadline_status
from court.cases.lifecycle import OPEN_STATUSES
from court.cases.tables import Case, CaseHearing
from court.web.pages.access import PageController
from court.web.pages.templating import page

MY_CASES_LIMIT = 200


async def my_cases(principal: Principal, today: date) -> dict[str, Any]:
    """The principal's open cases, earliest limit first, each with its limit's state; and those near or past it."""
    # A judge's own docket: the policy is asked whether this user may decide a case of the court assigned to them.
    require(principal, Action.DECIDE, Resource(ResourceKind.CASE, court_code=principal.court_code,
                                               assigned_user_ids=frozenset({principal.user_id})))
    rows = await Case.select(
        Case.id, Case.number, Case.status, Case.cause_name, Case.procedure, Case.registered_on, Case.deadline,
        Case.time_limit,
    ).where(
        (Case.court_code == principal.court_code) & (Case.judge_id == principal.user_id)
        & Case.status.is_in([s.value for s in OPEN_STATUSES])
    ).order_by(Case.deadline).order_by(Case.id).limit(MY_CASES_LIMIT)
    for row in rows:
        row["deadline_status"] = deadline_status(row["deadline"], today, service.WARN_DAYS).value if row["deadline"] else ""
    # Cases without a limit sort last, not first (NULLs order first on one engine and last on the other).
    rows.sort(key=lambda r: (r["deadline"] is None, r["deadline"] or today, r["id"]))
    pressing = await service.cases_by_deadline(principal, judge_id=principal.user_id, today=today)
    return {"cases": rows, **service.split_by_status(pressing)}


async def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.display_name, User.username).where(User.id.is_in(sorted(user_ids)))
    return {int(r["id"]): r["display_name"] or r["username"] for r in rows}


def _document_resource(case: dict[str, Any], document: dict[str, Any]) -> Resource:
    return Resource(
        ResourceKind.DOCUMENT,
        court_code=case["court_code"],
        assigned_user_ids=frozenset({int(case["judge_id"])}) if case["judge_id"] else frozenset(),
        sealed=bool(document["sealed"]),
    )


async def case_page_context(principal: Principal, case_id: int, today: date) -> dict[str, Any]:
    found = await service.authorize(principal, Action.VIEW, case_id)
    case = await registration.case_view(case_id)
    for document in case["documents"]:
        # Sealed documents are for the assigned judge and the leaders only: the policy says so per document.
        document["readable"] = decide(principal, Action.READ_DOCUMENT, _document_resource(found, document)).allowed
    hearings = await CaseHearing.select(
        CaseHearing.id, CaseHearing.starts_at, CaseHearing.ends_at, CaseHearing.status, CaseHearing.judges,
        CaseHearing.courtroom.name.as_alias("courtroom_name"), CaseHearing.courtroom.kind.as_alias("courtroom_kind"),
    ).where(CaseHearing.case == case_id).order_by(CaseHearing.starts_at).output(load_json=True)
    events = await service.timeline(case_id)
    people = {int(case["judge_id"])} if case["judge_id"] else set()
    people |= {int(e["actor_id"]) for e in events if e["actor_id"]}
    for h in hearings:
        people |= {int(j) for j in h["judges"]}
    case["deadline_status"] = deadline_status(case["deadline"], today, service.WARN_DAYS).value if case["deadline"] else ""
    resource = await service.resource_of(found)
    return {
        "case": case,
        "timeline": events,
        "hearings": hearings,
        "names": await _names(people),
        "can_read_dossier": case["filing_id"] is not None and decide(principal, Action.READ_DOCUMENT, resource).allowed,
    }


class JudgePages(PageController):
    path = "/judge"

    @get("/")
    async def mine(self, request: Request[Any, Any, Any], principal: Principal) -> Template:
        today = service.court_today()
        return page(request, "judge/mine.html", today=today, **await my_cases(principal, today))

    @get("/cases/{case_id:int}")
    async def case(self, request: Request[Any, Any, Any], principal: Principal, case_id: int) -> Template:
        return page(request, "judge/case.html", **await case_page_context(principal, case_id, service.court_today()))
