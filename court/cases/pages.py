"""Judge pages: my cases with their time limits (审限), and a case page (parties, claims, documents, timeline, hearings)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from court.accounts import service as accounts
from court.accounts.policy import Action, Principal, Resource, ResourceKind, decide
from court.cases import closing, registration, service, workbench
from court.cases.deadlines import Extension, Suspension, SuspensionReason, assess_time_limit, deadline_status
from court.cases.lifecycle import CLOSING_FROM, OPEN_STATUSES, ClosingMethod
from court.cases.procedures import Procedure
from court.cases.time_limits import Approver, TimeLimit
from court.errors import InvalidInput
from court.execution import application
from court.i18n import msg
from court.replica import may_lag
from court.web.access import PageController
from court.web.csrf import CSRF_FIELD, CSRF_HEADER, check_form, check_token
from court.web.templating import page

MY_CASES_LIMIT = 200


async def limit_answers(rows: list[dict[str, Any]]) -> None:
    """Put the engine's answer beside each case: the article its limit rests on and whether it is provisional."""
    changes = await service.time_limit_changes([int(r["id"]) for r in rows if r.get("time_limit")])
    for row in rows:
        row["limit_article"], row["limit_provisional"] = "", False
        if not row.get("time_limit") or not row.get("registered_on"):
            continue
        mine = changes.get(int(row["id"]), [])
        answer = assess_time_limit(
            row["registered_on"],
            TimeLimit(row["time_limit"]),
            extensions=[
                Extension(Approver(c["approver"]), str(c["approved_by"]), c["reason"], c["months"], c["days"])
                for c in mine
                if c["kind"] == "extension"
            ],
            suspensions=[
                Suspension(
                    c["first_day"], c["last_day"], SuspensionReason(c["suspension_reason"]), c["reason"]
                )
                for c in mine
                if c["kind"] == "suspension"
            ],
        )
        row["limit_article"], row["limit_provisional"] = answer.article, answer.provisional


FILTER_STATUSES = [s.value for s in OPEN_STATUSES]


async def my_cases(
    principal: Principal, today: date, *, status: str = "", procedure: str = "", overdue: bool = False
) -> dict[str, Any]:
    """The principal's open cases, earliest limit first, each with its limit's state; and those near or past it."""
    rows = await service.open_cases_of_judge(
        principal, today, status=status, procedure=procedure, overdue=overdue, limit=MY_CASES_LIMIT
    )
    unread = await workbench.unread_case_ids(principal)
    await limit_answers(rows)
    for row in rows:
        row["new"] = int(row["id"]) in unread
        row["deadline_status"] = (
            deadline_status(row["deadline"], today, service.WARN_DAYS).value if row["deadline"] else ""
        )
    # Cases without a limit sort last, not first (NULLs order first on one engine and last on the other).
    rows.sort(key=lambda r: (r["deadline"] is None, r["deadline"] or today, r["id"]))
    pressing = await service.cases_by_deadline(principal, judge_id=principal.user_id, today=today)
    return {
        "cases": rows,
        "notices": await workbench.notices(principal, unread_only=True, limit=20),
        "filters": {"status": status, "procedure": procedure, "overdue": overdue},
        "statuses": FILTER_STATUSES,
        "procedures": [p.value for p in Procedure],
        **service.split_by_status(pressing),
    }


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
        document["readable"] = decide(
            principal, Action.READ_DOCUMENT, _document_resource(found, document)
        ).allowed
    hearings = await service.hearings_of_case(case_id)
    events = await service.timeline(case_id)
    people = {int(case["judge_id"])} if case["judge_id"] else set()
    people |= {int(e["actor_id"]) for e in events if e["actor_id"]}
    for h in hearings:
        people |= {int(j) for j in h["judges"]}
    case["deadline_status"] = (
        deadline_status(case["deadline"], today, service.WARN_DAYS).value if case["deadline"] else ""
    )
    resource = await service.resource_of(found)
    await limit_answers([case])
    is_judge = decide(principal, Action.DECIDE, resource).allowed
    if case.get("clerk_id"):
        people.add(int(case["clerk_id"]))
    return {
        "is_judge": is_judge,
        "today": today,
        "clerks": await workbench.clerks_of(found["court_code"]) if is_judge else [],
        "rooms": await workbench.courtrooms(principal, active_only=True) if is_judge else [],
        "closing_methods": [m.value for m in ClosingMethod if found["status"] in CLOSING_FROM[m]],
        "fixed_bearer": {m.value: b.value for m, b in closing.FIXED_BEARER.items()},
        "suspension_reasons": [r.value for r in SuspensionReason],
        "evidence_bound": _evidence_bound(found["procedure"], today),
        "requests": await service.time_limit_requests(case_id),
        "open": found["status"] in OPEN_STATUSES,
        "closing": found["closing"] or {},
        "case": case,
        "timeline": events,
        "hearings": hearings,
        "names": await accounts.names_of(people),
        "enforcement_matters": await application.linked_matters(case_id),
        "can_read_dossier": case["filing_id"] is not None
        and decide(principal, Action.READ_DOCUMENT, resource).allowed,
    }


def _evidence_bound(procedure: str, today: date) -> Any:
    try:
        return workbench.evidence_bound(procedure, today)
    except InvalidInput:
        return None


def _local(value: str, field: str) -> datetime:
    """A `datetime-local` field, read in the court's time zone."""
    try:
        return datetime.fromisoformat(value).replace(tzinfo=service.COURT_TZ)
    except ValueError:
        raise InvalidInput(
            msg("%(field)s is not a date and time", field=field),
            field=field,
            **workbench.bilingual("请填写开庭日期和时间", "Give the hearing's date and time"),
        ) from None


def _day(value: str, field: str, *, required: bool = True) -> date | None:
    if not value and not required:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            msg("%(field)s is not a date", field=field),
            field=field,
            **workbench.bilingual("日期格式有误", "The date is not valid"),
        ) from None


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(
            msg("%(field)s is not a number", field=field),
            field=field,
            **workbench.bilingual("请填写数字", "Give a number"),
        ) from None


class JudgePages(PageController):
    path = "/judge"

    @get("/")
    async def mine(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        status: FromQuery[str] = "",
        procedure: FromQuery[str] = "",
        overdue: FromQuery[bool] = False,
    ) -> Template:
        today = service.court_today()
        with may_lag():  # the list may lag the primary (court/replica.py)
            mine = await my_cases(principal, today, status=status, procedure=procedure, overdue=overdue)
        return page(request, "judge/mine.html", today=today, **mine)

    @get("/notices")
    async def inbox(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        """The judge's notices: newly assigned cases and decided time-limit requests."""
        return page(request, "judge/notices.html", notices=await workbench.notices(principal))

    @get("/cases/{case_id:int}")
    async def case(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Template:
        context = await case_page_context(principal, case_id, service.court_today())
        from court.appeals.service import appeals_of_case

        context["appeals"] = await appeals_of_case(case_id)  # both courts see each other's status
        context.update(await workbench.party_deadlines(principal, case_id))
        if context["is_judge"]:
            await workbench.mark_read(principal, case_id)  # the judge has now seen the case
        return page(request, "judge/case.html", **context)

    @post("/cases/{case_id:int}/clerk")
    async def clerk(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        form = await check_form(request)
        await workbench.assign_clerk(principal, case_id, _int(form.get("clerk_id", ""), "clerk_id"))
        return Redirect(f"/judge/cases/{case_id}#clerk")

    @post("/cases/{case_id:int}/hearings")
    async def schedule(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        # Who may not schedule learns nothing from how the form was filled in: the case is checked first.
        await service.authorize(principal, Action.SCHEDULE, case_id)
        form = await check_form(request)
        starts = _local(form.get("starts_at", ""), "starts_at")
        hours = _int(form.get("hours", "2") or "2", "hours")
        if not 1 <= hours <= 8:
            raise InvalidInput(
                "a hearing lasts 1 to 8 hours",
                field="hours",
                **workbench.bilingual("开庭时长应为1至8小时", "A hearing lasts 1 to 8 hours"),
            )
        replaces = form.get("replaces") or ""
        await service.schedule_hearing(
            principal,
            case_id,
            courtroom_id=_int(form.get("courtroom_id", ""), "courtroom_id"),
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            replaces=_int(replaces, "replaces") if replaces else None,
        )
        return Redirect(f"/judge/cases/{case_id}#hearings")

    @post("/cases/{case_id:int}/hearings/{hearing_id:int}/record")
    async def record(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        case_id: FromPath[int],
        hearing_id: FromPath[int],
    ) -> Redirect:
        form = await request.form()
        check_token(request, form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER))
        upload = form.get("transcript")
        content: bytes | None = None
        name = ""
        if isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read(workbench.MAX_TRANSCRIPT_BYTES + 1)
            name = upload.filename
        notes = form.get("notes")
        await workbench.record_hearing(
            request.app.state.runtime,
            principal,
            case_id,
            hearing_id,
            notes=notes if isinstance(notes, str) else "",
            transcript=content or None,
            transcript_name=name,
        )
        return Redirect(f"/judge/cases/{case_id}#hearings")

    @post("/cases/{case_id:int}/evidence")
    async def evidence(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        form = await check_form(request)
        await workbench.set_evidence_deadline(principal, case_id, _day(form.get("last_day", ""), "last_day"))  # type: ignore[arg-type]
        return Redirect(f"/judge/cases/{case_id}#evidence")

    @post("/cases/{case_id:int}/limit-requests")
    async def limit_request(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        form = await check_form(request)
        kind = form.get("kind", "")
        if kind not in {k.value for k in workbench.RequestKind}:
            raise InvalidInput(
                "choose extension or suspension",
                field="kind",
                **workbench.bilingual("请选择申请类型", "Choose what to request"),
            )
        reason = form.get("suspension_reason") or ""
        await workbench.request_change(
            principal,
            case_id,
            workbench.RequestKind(kind),
            reason=form.get("reason", ""),
            months=_int(form.get("months") or "0", "months"),
            suspension_reason=SuspensionReason(reason)
            if reason in {r.value for r in SuspensionReason}
            else None,
            first_day=_day(form.get("first_day", ""), "first_day", required=False),
            last_day=_day(form.get("last_day", ""), "last_day", required=False),
        )
        return Redirect(f"/judge/cases/{case_id}#limit")

    @post("/cases/{case_id:int}/closing")
    async def close(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        form = await check_form(request)
        share = form.get("plaintiff_share") or ""
        await closing.close_case(
            principal,
            case_id,
            form.get("method", ""),  # type: ignore[arg-type]
            closed_on=_day(form.get("closed_on", ""), "closed_on", required=False),
            bearer=form.get("bearer") or None,  # type: ignore[arg-type]
            plaintiff_share=_int(share, "plaintiff_share") if share else None,
            note=form.get("note", ""),
        )
        return Redirect(f"/judge/cases/{case_id}#closing")
