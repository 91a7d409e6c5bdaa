"""The access-control matrix: every route of the app, who must be let through, and how to call it.

One row per (method, path template) of the live app. Each row names the demo resource its path parameters point
at (tests/security/world.py builds them) and the roles that must be allowed, written from the policy's intent
(court/accounts/policy.py: role × court × party × sealed), not copied from what the handlers do. The demo staff
all sit at 浙0106 (西湖); "the case" is registered there with litigant.wang as party and judge.xihu assigned;
"the matter" is the demo enforcement matter at 浙0106 with enforcer.xihu as officer and wang as applicant.

A row whose path names a stored object carries `seen_by`: the roles that may see that object (policy.may_see).
A role that is refused and may not see it must get the very 404 a missing id gets (no enumeration of ids); a
role that may see it but not do this gets 403 (issue 15).

A row may carry an `xfail` reason: a hole the matrix found whose fix belongs to a feature being finished by
someone else; the test runs it with strict xfail, so the row fails the suite once the hole is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security.world import ROLE_USERS, World

SIGNED_IN = frozenset(ROLE_USERS)
PUBLIC = SIGNED_IN | {"anonymous"}
NONE: frozenset[str] = frozenset()

# Routes not in the matrix, each with its reason; anything else unlisted fails test_every_route_has_a_row.
EXCLUDED_PREFIXES = {
    "/static": "static files: public assets, no data behind them (headers checked in test_headers)",
    "/schema": "the OpenAPI document and its viewers: public by design, describes routes, holds no data",
}
EXCLUDED_PATHS = {
    "/health": "liveness probe for the orchestrator: public by design, says nothing about cases",
    "/ready": "readiness probe: public by design, reports only whether the backing services answer",
}
EXCLUDED_METHODS = {
    "OPTIONS": "Litestar's automatic OPTIONS answer lists the allowed methods; it runs no handler code",
    "HEAD": "only the static router has HEAD (see /static)",
}

Body = Callable[[World], Any] | None


@dataclass(frozen=True)
class Row:
    allowed: frozenset[str]
    params: dict[str, str] = field(default_factory=dict)  # path parameter -> key in World.ids
    json: Body = None
    form: Body = None  # page forms: the CSRF token is added by the test
    content: bytes | None = None
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    device: bool = False  # send the terminal's device key (header for the API, cookie for the kiosk)
    seen_by: frozenset[str] | None = None  # who may see the object the first path parameter names
    # A later path parameter names an object that does not exist on purpose (no auction round, no listing yet): a
    # role that may act gets that sub-object's 404, which a page cannot tell apart from the hidden-object 404.
    sub_missing: bool = False
    xfail: str = ""
    why: str = ""


def _roles(*names: str) -> frozenset[str]:
    unknown = set(names) - set(PUBLIC)
    assert not unknown, unknown
    return frozenset(names)


# Who may act on the submitted filing of litigant.wang at 浙0106 (VIEW): the filer, and the court's clerk, judges
# and leader (policy: clerk of the competent/receiving court; judge and leader of the same court).
FILING_VIEWERS = _roles("litigant", "clerk", "judge", "court_leader")
# READ_DOCUMENT on that (civil) filing's documents: the same; enforcement officers read enforcement applications
# and case documents, not the materials of a civil filing.
DOCUMENT_READERS = FILING_VIEWERS
CASE_VIEWERS = _roles("litigant", "clerk", "judge", "enforcement_officer", "court_leader")
# Judges read the court's matters (the judge's 执行案件 link), reading only.
MATTER_VIEWERS = _roles("litigant", "judge", "enforcement_officer", "court_leader")
COURT_STAFF = _roles("clerk", "judge", "enforcement_officer", "court_leader")
ENFORCER = _roles("enforcement_officer")
FILER = _roles("litigant")  # the draft belongs to litigant.wang
OPERATOR = _roles("terminal_operator")
# Who may see the stored objects (policy.may_see: VIEW, or READ_DOCUMENT for documents). A draft is the filer's
# alone until it is submitted; the terminal and the job are seen by the staff of their court (and administrators).
SEES_FILING = FILING_VIEWERS
SEES_DRAFT = FILER
SEES_CASE = CASE_VIEWERS
SEES_MATTER = MATTER_VIEWERS
SEES_COURT_THINGS = COURT_STAFF | {"administrator"}

F = {"filing_id": "submitted_filing"}
D = {"filing_id": "draft_filing"}
IN = {"filing_id": "inbound_filing"}
C = {"case_id": "case"}
J = {"document_id": "draft_judgment"}
# A draft court document is the court's internal work: its clerk, judges and leader read it (not enforcement).
DOCUMENT_STAFF = _roles("clerk", "judge", "court_leader")
M = {"matter_id": "matter"}
SN = {"document_id": "signed_notice"}
SV = {"service_id": "service"}
CA = {"attempt_id": "clerk_attempt"}
SERVICE_STAFF = _roles("clerk", "judge", "court_leader")
K = {"filing_id": "terminal_filing"}
AP = {"appeal_id": "appeal"}
APPEAL_STAFF = _roles(
    "clerk", "judge", "court_leader"
)  # of 浙0106; 浙01's users are not in the matrix's world
SEES_APPEAL = APPEAL_STAFF | {"litigant"}


def _filing_body(w: World) -> dict[str, Any]:
    return {
        "receiving_court_code": "浙0106",
        "cause_name": "民间借贷纠纷",
        "parties": [{"role": "plaintiff", "name": "测试人"}],
        "claims": [{"text": "归还借款1000元", "amount": "1000"}],
    }


def _matter_body(w: World) -> dict[str, Any]:
    return {
        "court_code": "浙0106",
        "title_number": "（2025）浙0106民初77号",
        "performance_due": "2025-12-31",
        "parties": [
            {"role": "applicant", "name": "王丽华", "id_code": "330105198307161627", "principal": "1000"},
            {"role": "debtor", "name": "陈建国", "id_code": "330602198511020539"},
        ],
    }


def _judge(w: World) -> dict[str, Any]:
    return {"judge_id": w.users["judge.xihu"], "reason": "回避申请"}


def _sign_in(w: World) -> dict[str, Any]:
    return {"username": "litigant.wang", "password": "court-demo-2026"}


def _operator_sign_in(w: World) -> dict[str, Any]:
    return {"username": "operator.shangtian", "password": "court-demo-2026"}


def _lookup(w: World) -> dict[str, Any]:
    return {"id_number": "330105198307161627", "number": "nonexistent"}


ROWS: dict[tuple[str, str], Row] = {
    # --- accounts -----------------------------------------------------------------------------------------------
    ("POST", "/api/v1/auth/sign-in"): Row(PUBLIC, json=_sign_in, why="anyone may sign in"),
    ("POST", "/api/v1/auth/sign-out"): Row(SIGNED_IN),
    ("POST", "/api/v1/auth/tokens"): Row(
        SIGNED_IN, json=lambda w: {"label": "m", "scopes": ["view"], "days": 1}
    ),
    ("GET", "/api/v1/me"): Row(SIGNED_IN),
    ("GET", "/api/v1/auth/tokens"): Row(SIGNED_IN, why="one's own tokens"),
    ("DELETE", "/api/v1/auth/tokens/{token_id:int}"): Row(
        SIGNED_IN, params={"token_id": "case"}, why="one's own tokens; another's id answers 404"
    ),
    ("POST", "/api/v1/me/password"): Row(
        SIGNED_IN, json=lambda w: {"old_password": "wrong-one", "new_password": "x" * 12}
    ),
    # --- reference data and fees: public, the law and the court list are public ---------------------------------
    ("GET", "/api/v1/courts"): Row(PUBLIC),
    ("GET", "/api/v1/courts/{code:str}"): Row(PUBLIC, params={"code": "court"}),
    ("GET", "/api/v1/causes"): Row(PUBLIC),
    ("GET", "/api/v1/fees"): Row(PUBLIC, query={"kind": "property", "amount": "100000"}),
    # --- jobs: staff see and retry their court's failed jobs (DESIGN: "a visible failed state a clerk can see and
    # retry"); the world's job is an extraction job of 浙0106 ------------------------------------------------------
    ("GET", "/api/v1/jobs"): Row(COURT_STAFF | {"administrator"}),
    ("GET", "/api/v1/jobs/{job_id:int}"): Row(
        COURT_STAFF | {"administrator"}, params={"job_id": "job"}, seen_by=SEES_COURT_THINGS
    ),
    ("POST", "/api/v1/jobs/{job_id:int}/retry"): Row(
        COURT_STAFF | {"administrator"}, params={"job_id": "job"}, seen_by=SEES_COURT_THINGS
    ),
    # --- filings ------------------------------------------------------------------------------------------------
    ("POST", "/api/v1/filings"): Row(
        _roles("litigant", "lawyer", "terminal_operator", "clerk"),
        json=_filing_body,
        why="anyone files; a clerk at the counter of their own court (浙0106)",
    ),
    ("GET", "/api/v1/filings"): Row(SIGNED_IN, why="the caller's own filings: a list scoped to the caller"),
    ("GET", "/api/v1/filings/{filing_id:int}"): Row(FILING_VIEWERS, params=F, seen_by=SEES_FILING),
    ("GET", "/api/v1/filings/{filing_id:int}/status"): Row(FILING_VIEWERS, params=F, seen_by=SEES_FILING),
    ("GET", "/api/v1/filings/{filing_id:int}/receipt"): Row(FILING_VIEWERS, params=F, seen_by=SEES_FILING),
    ("GET", "/api/v1/filings/{filing_id:int}/receipt.pdf"): Row(
        FILING_VIEWERS, params=F, seen_by=SEES_FILING
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/parties"): Row(
        FILER, params=D, seen_by=SEES_DRAFT, json=lambda w: {"role": "defendant", "name": "李四"}
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/claims"): Row(
        FILER, params=D, seen_by=SEES_DRAFT, json=lambda w: {"text": "支付利息"}
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/documents"): Row(
        FILER, params=D, seen_by=SEES_DRAFT, content=b"%PDF-1.4 not really"
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/uploads"): Row(
        FILER, params=D, seen_by=SEES_DRAFT, json=lambda w: {"filename": "a.pdf", "size": 10}
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/submit"): Row(FILER, params=D, seen_by=SEES_DRAFT),
    ("GET", "/api/v1/filings/{filing_id:int}/documents/{document_id:int}/content"): Row(
        DOCUMENT_READERS, params={**F, "document_id": "submitted_document"}, seen_by=SEES_FILING
    ),
    ("GET", "/api/v1/filings/{filing_id:int}/documents/{document_id:int}/pages/{number:int}"): Row(
        DOCUMENT_READERS,
        params={**F, "document_id": "submitted_document", "number": "page_one"},
        seen_by=SEES_FILING,
        sub_missing=True,
    ),
    ("GET", "/api/v1/filings/{filing_id:int}/dossier.pdf"): Row(
        FILING_VIEWERS,
        params=F,
        seen_by=SEES_FILING,
        why="VIEW of the filing and READ_DOCUMENT of its documents: the enforcement officer lacks the first",
    ),
    ("GET", "/api/v1/uploads/{token:str}"): Row(FILER, params={"token": "upload_token"}, seen_by=SEES_DRAFT),
    ("PATCH", "/api/v1/uploads/{token:str}"): Row(
        FILER,
        params={"token": "upload_token"},
        seen_by=SEES_DRAFT,
        content=b"x" * 10,
        headers={"upload-offset": "0"},
    ),
    # --- routing ------------------------------------------------------------------------------------------------
    ("POST", "/api/v1/route"): Row(
        SIGNED_IN,
        json=lambda w: {"cause": "民间借贷纠纷"},
        why="pure jurisdiction advice over the body, no stored data",
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/route"): Row(
        _roles("clerk"), params=F, seen_by=SEES_FILING, why="REVIEW"
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/forward"): Row(
        _roles("clerk"),
        params=F,
        seen_by=SEES_FILING,
        json=lambda w: {"identity_checked": True, "materials_checked": True, "to_court_code": "浙0602"},
        why="FORWARD: clerk of the receiving court",
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/decision"): Row(
        _roles("clerk"),
        params=IN,
        seen_by=SEES_FILING,
        json=lambda w: {"decision": "review"},
        why="REVIEW by the competent court's clerk",
    ),
    ("GET", "/api/v1/courts/{code:str}/overdue-filings"): Row(
        COURT_STAFF | {"administrator"},
        params={"code": "court"},
        why="VIEW of the court: its staff; administrators may view courts",
    ),
    ("POST", "/api/v1/filings/{filing_id:int}/register"): Row(
        _roles("clerk"), params=IN, seen_by=SEES_FILING, why="REGISTER (立案)"
    ),
    # --- cases --------------------------------------------------------------------------------------------------
    ("GET", "/api/v1/cases"): Row(
        SIGNED_IN, why="search is scoped to what the caller may see (empty for others)"
    ),
    ("GET", "/api/v1/cases/deadlines"): Row(
        COURT_STAFF | {"administrator"}, why="VIEW of the caller's own court"
    ),
    ("GET", "/api/v1/cases/calendar"): Row(
        COURT_STAFF | {"administrator"},
        query={"start": "2026-01-01T00:00:00Z", "end": "2026-01-31T00:00:00Z"},
    ),
    ("POST", "/api/v1/cases/courtrooms"): Row(
        _roles("court_leader", "administrator"),
        json=lambda w: {"name": "第九法庭"},
        why="ADMINISTER of the court",
    ),
    ("GET", "/api/v1/cases/{case_id:int}"): Row(CASE_VIEWERS, params=C, seen_by=SEES_CASE),
    ("GET", "/api/v1/cases/{case_id:int}/timeline"): Row(CASE_VIEWERS, params=C, seen_by=SEES_CASE),
    ("POST", "/api/v1/cases/{case_id:int}/assign"): Row(
        _roles("clerk", "court_leader"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"reason": "重新分案"},
        why="ASSIGN (分案)",
    ),
    ("POST", "/api/v1/cases/{case_id:int}/recusals"): Row(
        _roles("clerk", "court_leader"), params=C, seen_by=SEES_CASE, json=_judge, why="ASSIGN"
    ),
    ("POST", "/api/v1/cases/{case_id:int}/extensions"): Row(
        _roles("court_leader"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"approver": "president", "reason": "案情复杂", "months": 3},
        why="APPROVE (院长审批延长审限)",
    ),
    ("POST", "/api/v1/cases/{case_id:int}/suspensions"): Row(
        _roles("court_leader"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"first_day": "2026-01-05", "last_day": "2026-01-20", "reason": "appraisal"},
        why="APPROVE",
    ),
    ("POST", "/api/v1/cases/{case_id:int}/hearings"): Row(
        _roles("clerk", "judge"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {
            "courtroom_id": 999,
            "starts_at": "2026-03-02T01:00:00Z",
            "ends_at": "2026-03-02T03:00:00Z",
        },
        why="SCHEDULE: clerk of the court or the assigned judge",
    ),
    ("POST", "/api/v1/cases/{case_id:int}/events"): Row(
        _roles("judge"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"kind": "judged"},
        why="DECIDE: the assigned judge",
    ),
    # --- the judge's workbench and the leader's approvals (审限 requests, courtrooms) ------------------------------
    ("POST", "/api/v1/cases/{case_id:int}/clerk"): Row(
        _roles("judge"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"clerk_id": w.users["clerk.xihu"]},
        why="ASSIGN a clerk: the assigned judge",
    ),
    ("POST", "/api/v1/cases/{case_id:int}/closing"): Row(
        _roles("judge"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"method": "withdrawal"},
        why="DECIDE (结案)",
    ),
    ("POST", "/api/v1/cases/{case_id:int}/limit-requests"): Row(
        _roles("judge"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"kind": "extension", "reason": "案情复杂", "months": 3},
        why="DECIDE: the assigned judge asks",
    ),
    ("POST", "/api/v1/cases/limit-requests/{request_id:int}/decision"): Row(
        _roles("court_leader"),
        params={"request_id": "limit_request"},
        seen_by=COURT_STAFF,
        json=lambda w: {"approve": False, "note": "不予批准"},
        why="APPROVE: a leader of the case's court",
    ),
    ("GET", "/judge/notices"): Row(
        SIGNED_IN, why="each user's own notices (assignments reach judges; empty for others)"
    ),
    ("POST", "/judge/cases/{case_id:int}/clerk"): Row(
        _roles("judge"), params=C, seen_by=SEES_CASE, form=lambda w: {"clerk_id": str(w.users["clerk.xihu"])}
    ),
    ("POST", "/judge/cases/{case_id:int}/closing"): Row(
        _roles("judge"), params=C, seen_by=SEES_CASE, form=lambda w: {"method": "withdrawal"}
    ),
    ("POST", "/judge/cases/{case_id:int}/evidence"): Row(
        _roles("judge"), params=C, seen_by=SEES_CASE, form=lambda w: {"last_day": "2030-01-31"}
    ),
    ("POST", "/judge/cases/{case_id:int}/hearings"): Row(
        _roles("clerk", "judge"),
        params=C,
        seen_by=SEES_CASE,
        form=lambda w: {"courtroom_id": str(w.ids["courtroom"])},
    ),
    ("POST", "/judge/cases/{case_id:int}/hearings/{hearing_id:int}/record"): Row(
        _roles("judge"),
        params={**C, "hearing_id": "hearing"},
        seen_by=SEES_CASE,
        form=lambda w: {"notes": "双方到庭"},
    ),
    ("POST", "/judge/cases/{case_id:int}/limit-requests"): Row(
        _roles("judge"),
        params=C,
        seen_by=SEES_CASE,
        form=lambda w: {"kind": "extension", "reason": "案情复杂", "months": "3"},
    ),
    ("GET", "/leader/courtrooms"): Row(
        _roles("court_leader", "administrator"), why="ADMINISTER of the court"
    ),
    ("POST", "/leader/courtrooms"): Row(
        _roles("court_leader", "administrator"),
        why="ADMINISTER (an administrator has no court: 422)",
        form=lambda w: {"name": "第十法庭", "kind": "physical"},
    ),
    ("POST", "/leader/courtrooms/{courtroom_id:int}/active"): Row(
        _roles("court_leader", "administrator"),
        params={"courtroom_id": "courtroom"},
        form=lambda w: {"active": "0"},
    ),
    ("GET", "/leader/inbox"): Row(
        _roles("court_leader", "administrator"), why="APPROVE: the approvals of the leader's court"
    ),
    ("POST", "/leader/inbox/{request_id:int}/decision"): Row(
        _roles("court_leader"),
        params={"request_id": "limit_request"},
        seen_by=COURT_STAFF,
        form=lambda w: {"decision": "refuse", "note": "不予批准"},
    ),
    # --- enforcement --------------------------------------------------------------------------------------------
    ("POST", "/api/v1/matters"): Row(ENFORCER, json=_matter_body, why="ENFORCE at the officer's court"),
    ("GET", "/api/v1/matters/{matter_id:int}"): Row(MATTER_VIEWERS, params=M, seen_by=SEES_MATTER),
    ("POST", "/api/v1/matters/{matter_id:int}/notices"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, json=lambda w: {"kind": "report_order"}
    ),
    ("GET", "/api/v1/matters/{matter_id:int}/notices/{notice_id:int}"): Row(
        MATTER_VIEWERS, params={**M, "notice_id": "notice"}, seen_by=SEES_MATTER
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/inquiries"): Row(ENFORCER, params=M, seen_by=SEES_MATTER),
    ("POST", "/api/v1/matters/{matter_id:int}/property/{property_id:int}/control"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        json=lambda w: {"action": "freeze", "amount": "100"},
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/measures/{measure_id:int}/renew"): Row(
        ENFORCER, params={**M, "measure_id": "measure"}, seen_by=SEES_MATTER
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/measures/{measure_id:int}/release"): Row(
        ENFORCER, params={**M, "measure_id": "measure"}, seen_by=SEES_MATTER
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/property/{property_id:int}/valuation"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        json=lambda w: {"valuation": "60000"},
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/property/{property_id:int}/auctions"): Row(
        ENFORCER, params={**M, "property_id": "property"}, seen_by=SEES_MATTER
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/auctions/{round_id:int}/result"): Row(
        ENFORCER,
        params={**M, "round_id": "missing"},
        seen_by=SEES_MATTER,
        json=lambda w: {"bids": []},
        why="no round exists: the officer gets 404 for the round; the matter is checked first, so others who may "
        "see it get 403 and the rest the 404 of a missing matter",
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/property/{property_id:int}/sale"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        json=lambda w: {"price": "1", "buyer": "某"},
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/property/{property_id:int}/transfer"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        json=lambda w: {"applicant_party_id": 1},
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/payments"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, json=lambda w: {"key": "sec-1", "amount": "10"}
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/disbursements"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, json=lambda w: {"key": "sec-2"}
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/sanctions/consumption-restriction"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/sanctions/dishonest-listing"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, json=lambda w: {"grounds": []}
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/facts"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, json=lambda w: {"report_order_served": True}
    ),
    ("GET", "/api/v1/matters/{matter_id:int}/closing"): Row(MATTER_VIEWERS, params=M, seen_by=SEES_MATTER),
    ("POST", "/api/v1/matters/{matter_id:int}/close"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, json=lambda w: {"kind": "withdrawn"}
    ),
    ("POST", "/api/v1/matters/{matter_id:int}/resume"): Row(ENFORCER, params=M, seen_by=SEES_MATTER),
    ("GET", "/api/v1/agency-tasks"): Row(_roles("agency_officer"), why="an agency sees only its own tasks"),
    ("GET", "/api/v1/agency-tasks/{task_id:int}"): Row(
        _roles("agency_officer") | MATTER_VIEWERS,
        params={"task_id": "agency_task"},
        seen_by=_roles("agency_officer") | SEES_MATTER,
        why="the addressed agency, and whoever may view the matter the task belongs to",
    ),
    # --- terminals ----------------------------------------------------------------------------------------------
    ("POST", "/api/v1/terminal/heartbeat"): Row(
        PUBLIC,
        device=True,
        json=lambda w: {"version": "1.0"},
        why="authenticated by the device key, not a user",
    ),
    ("POST", "/api/v1/terminal/sign-in"): Row(
        PUBLIC, device=True, json=_operator_sign_in, why="the device key plus the operator's password"
    ),
    ("POST", "/api/v1/terminals"): Row(
        _roles("court_leader", "administrator"),
        json=lambda w: {"code": "T-M", "name": "终端", "court_code": "浙0106"},
        why="ADMINISTER of the court",
    ),
    ("POST", "/api/v1/terminals/{terminal_id:int}/revoke"): Row(
        _roles("court_leader", "administrator"), params={"terminal_id": "terminal"}, seen_by=SEES_COURT_THINGS
    ),
    ("GET", "/api/v1/courts/{code:str}/terminals"): Row(
        COURT_STAFF | {"administrator"}, params={"code": "court"}
    ),
    ("POST", "/api/v1/terminal/identity"): Row(
        OPERATOR,
        json=lambda w: {"name": "王丽华", "id_number": "330105198307161627"},
        why="identity checks are made on a terminal session",
    ),
    ("GET", "/api/v1/terminal/progress"): Row(
        OPERATOR,
        query={"id_number": "330105198307161627", "number": "nonexistent"},
        why="lookup by ID number is for terminal sessions",
    ),
    # --- pages: accounts ----------------------------------------------------------------------------------------
    ("GET", "/"): Row(SIGNED_IN, why="signed-in users go home; others are sent to sign in"),
    ("GET", "/sign-in"): Row(PUBLIC),
    ("GET", "/demo"): Row(
        PUBLIC,
        why="the demo start page: shown only where `court seed --demo` loaded the demo (404 elsewhere)",
    ),
    ("POST", "/sign-in"): Row(PUBLIC, form=_sign_in),
    ("GET", "/register"): Row(PUBLIC),
    ("POST", "/register"): Row(
        PUBLIC, form=lambda w: {"username": "x", "password": "short", "password_again": "other"}
    ),
    ("POST", "/sign-out"): Row(PUBLIC, form=lambda w: {}),
    ("GET", "/account"): Row(SIGNED_IN),
    ("POST", "/account/password"): Row(
        SIGNED_IN,
        form=lambda w: {"old_password": "wrong", "new_password": "a" * 10, "new_password_again": "a" * 10},
    ),
    ("POST", "/language"): Row(PUBLIC, form=lambda w: {"locale": "en"}),
    # --- pages: litigant ----------------------------------------------------------------------------------------
    ("GET", "/filings"): Row(SIGNED_IN, why="the caller's own filings"),
    ("GET", "/filings/new"): Row(SIGNED_IN, why="an empty form; creating is checked on POST"),
    ("POST", "/filings/new"): Row(
        _roles("litigant", "lawyer", "terminal_operator", "clerk"),
        form=lambda w: {"receiving_court_code": "浙0106", "cause_name": "民间借贷纠纷"},
    ),
    ("GET", "/filings/{filing_id:int}"): Row(FILING_VIEWERS, params=F, seen_by=SEES_FILING),
    ("POST", "/filings/{filing_id:int}/parties"): Row(
        FILER, params=D, seen_by=SEES_DRAFT, form=lambda w: {"role": "defendant", "name": "李四"}
    ),
    ("POST", "/filings/{filing_id:int}/claims"): Row(
        FILER, params=D, seen_by=SEES_DRAFT, form=lambda w: {"text": "支付利息"}
    ),
    ("GET", "/filings/{filing_id:int}/documents"): Row(FILING_VIEWERS, params=F, seen_by=SEES_FILING),
    ("POST", "/filings/{filing_id:int}/submit"): Row(FILER, params=D, seen_by=SEES_DRAFT, form=lambda w: {}),
    # --- pages: clerk -------------------------------------------------------------------------------------------
    ("GET", "/clerk"): Row(_roles("clerk"), why="the intake queue: filings to REVIEW at the clerk's court"),
    ("GET", "/clerk/filings/{filing_id:int}"): Row(
        _roles("clerk"), params=F, seen_by=SEES_FILING, why="REVIEW"
    ),
    ("POST", "/clerk/filings/{filing_id:int}/corrections"): Row(
        _roles("clerk"),
        params=F,
        seen_by=SEES_FILING,
        form=lambda w: {"path": "cause_name", "value": "民间借贷纠纷"},
    ),
    ("POST", "/clerk/filings/{filing_id:int}/decision"): Row(
        _roles("clerk"), params=IN, seen_by=SEES_FILING, form=lambda w: {"decision": "review"}
    ),
    ("POST", "/clerk/filings/{filing_id:int}/forward"): Row(
        _roles("clerk"),
        params=F,
        seen_by=SEES_FILING,
        form=lambda w: {"identity_checked": "on", "materials_checked": "on", "to_court_code": "浙0602"},
    ),
    ("POST", "/clerk/filings/{filing_id:int}/register"): Row(
        _roles("clerk"), params=IN, seen_by=SEES_FILING, form=lambda w: {}
    ),
    # --- court documents (法律文书): the draft judgment of the case (judge.xihu assigned) and a signed fee notice -----
    ("GET", "/api/v1/cases/{case_id:int}/court-documents"): Row(
        CASE_VIEWERS, params=C, seen_by=SEES_CASE, why="VIEW of the case; the list holds what each may read"
    ),
    ("POST", "/api/v1/cases/{case_id:int}/court-documents"): Row(
        _roles("clerk", "judge"),
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"kind": "fee_notice"},
        why="DRAFT: a notice, by the clerk or the assigned judge",
    ),
    ("GET", "/api/v1/court-documents/{document_id:int}"): Row(
        DOCUMENT_STAFF, params=J, why="a draft: the court's staff"
    ),
    ("PUT", "/api/v1/court-documents/{document_id:int}"): Row(
        _roles("judge"),
        params=J,
        json=lambda w: {"base_version": 1, "sections": {"facts": "查明"}},
        why="DRAFT of a judgment: the trying judge only",
    ),
    ("POST", "/api/v1/court-documents/{document_id:int}/sign"): Row(
        _roles("judge"), params=J, json=lambda w: {"version": 1}, why="SIGN a judgment: the trying judge only"
    ),
    ("GET", "/api/v1/court-documents/{document_id:int}/pdf"): Row(
        DOCUMENT_STAFF, params=J, why="a draft's preview"
    ),
    ("GET", "/api/v1/verify/{code:str}"): Row(
        PUBLIC,
        params={"code": "verification_code"},
        why="anyone checks a signed document by its verification code",
    ),
    ("POST", "/api/v1/verify"): Row(
        PUBLIC,
        content=b"%PDF-1.7 not really",
        headers={"content-type": "application/pdf"},
        why="anyone checks a PDF's seal",
    ),
    ("GET", "/cases/{case_id:int}/documents"): Row(CASE_VIEWERS, params=C, seen_by=SEES_CASE),
    ("POST", "/cases/{case_id:int}/documents"): Row(
        _roles("clerk", "judge"), params=C, seen_by=SEES_CASE, form=lambda w: {"kind": "fee_notice"}
    ),
    ("GET", "/documents/{document_id:int}"): Row(DOCUMENT_STAFF, params=J),
    ("POST", "/documents/{document_id:int}/versions"): Row(
        _roles("judge"), params=J, form=lambda w: {"base_version": "1", "section:facts": "查明"}
    ),
    ("POST", "/documents/{document_id:int}/sign"): Row(
        _roles("judge"), params=J, form=lambda w: {"version": "1"}
    ),
    ("GET", "/verify"): Row(
        PUBLIC, query={"code": "AAAA-BBBB-CCCC-DDDD"}, why="the public check (an unknown code: 404)"
    ),
    ("POST", "/verify"): Row(PUBLIC, form=lambda w: {}, why="the public check of an upload (none sent: 422)"),
    # --- service (送达) of the signed notice: wang served in its inbox, the defendant to be served in person -------
    ("PUT", "/api/v1/case-parties/{party_id:int}/service-address"): Row(
        _roles("litigant", "clerk", "judge"),
        params={"party_id": "plaintiff"},
        json=lambda w: {"email": "w@example.cn"},
        why="送达地址确认书: the party itself, or the court's clerk or judge",
    ),
    ("POST", "/api/v1/court-documents/{document_id:int}/services"): Row(
        _roles("clerk", "judge"),
        params=SN,
        json=lambda w: {"parties": [w.ids["defendant"]], "channels": ["in_person"]},
        why="serving: the court's clerks and judges",
    ),
    ("GET", "/api/v1/cases/{case_id:int}/services"): Row(
        SERVICE_STAFF, params=C, why="shows the parties' addresses"
    ),
    ("GET", "/api/v1/cases/{case_id:int}/service-deadlines"): Row(
        CASE_VIEWERS, params=C, seen_by=SEES_CASE, why="VIEW of the case: every party's deadlines"
    ),
    ("POST", "/api/v1/service-attempts/{attempt_id:int}/record"): Row(
        _roles("clerk", "judge"),
        params=CA,
        json=lambda w: {"outcome": "bounced", "reason": "退回"},
        why="a clerk's record of service by hand",
    ),
    ("GET", "/api/v1/services/{service_id:int}/receipt"): Row(
        SERVICE_STAFF, params=SV, why="送达回证: the court's staff or the party served"
    ),
    ("GET", "/api/v1/services/{service_id:int}/integrity"): Row(SERVICE_STAFF, params=SV),
    ("GET", "/api/v1/me/service-inbox"): Row(SIGNED_IN, why="one's own inbox (empty for staff)"),
    ("GET", "/api/v1/me/service-inbox/{attempt_id:int}/pdf"): Row(
        _roles("litigant"), params={"attempt_id": "served_attempt"}, why="the party served downloads it"
    ),
    ("POST", "/api/v1/service/sms-callback"): Row(
        PUBLIC,
        content=b'{"callback_id": "x"}',
        headers={"content-type": "application/json", "x-court-signature": "00"},
        why="the SMS gateway, authenticated by its HMAC signature (a forged one: 422 naming the header)",
    ),
    ("GET", "/documents/{document_id:int}/service"): Row(SERVICE_STAFF, params=SN),
    ("POST", "/documents/{document_id:int}/service"): Row(
        _roles("clerk", "judge"),
        params=SN,
        form=lambda w: {"parties": str(w.ids["defendant"]), "channels": "in_person"},
    ),
    ("GET", "/cases/{case_id:int}/service"): Row(SERVICE_STAFF, params=C),
    ("POST", "/service-attempts/{attempt_id:int}/record"): Row(
        _roles("clerk", "judge"), params=CA, form=lambda w: {"outcome": "bounced", "reason": "退回"}
    ),
    ("GET", "/service-attempts/{attempt_id:int}/photos/{n:int}"): Row(
        SERVICE_STAFF,
        params={**CA, "n": "missing"},
        sub_missing=True,
        why="a photo of a service record: the court's staff who see the services (the attempt has none: 404)",
    ),
    ("POST", "/parties/{party_id:int}/service-address"): Row(
        _roles("litigant", "clerk", "judge"),
        params={"party_id": "plaintiff"},
        form=lambda w: {"email": "w@example.cn"},
    ),
    ("GET", "/my/service"): Row(
        SIGNED_IN, why="one's own served documents, deadlines and address confirmations"
    ),
    ("GET", "/notices"): Row(PUBLIC, why="公告送达 is public by law (CPL Art 95)"),
    # --- fees paid (缴费): the case's charge (a pending order of wang's) and the simulated platform ------------------
    ("GET", "/api/v1/cases/{case_id:int}/fee"): Row(
        CASE_VIEWERS, params=C, seen_by=SEES_CASE, why="VIEW of the case"
    ),
    ("POST", "/api/v1/cases/{case_id:int}/fee/payments"): Row(
        FILER, params=C, seen_by=SEES_CASE, why="only a party pays; the court's staff see, pay nothing"
    ),
    ("GET", "/api/v1/cases/{case_id:int}/fee/receipt.pdf"): Row(
        CASE_VIEWERS,
        params=C,
        seen_by=SEES_CASE,
        why="VIEW of the case (nothing paid yet: 404 naming the fee)",
    ),
    ("POST", "/api/v1/payments/callback/{platform_name:str}"): Row(
        PUBLIC,
        params={"platform_name": "payment_platform"},
        content=b"{}",
        headers={"content-type": "application/json"},
        why="the platform has no account: its HMAC signature is checked (none sent: 400)",
    ),
    ("GET", "/my-cases/{case_id:int}"): Row(CASE_VIEWERS, params=C, seen_by=SEES_CASE),
    ("POST", "/my-cases/{case_id:int}/pay"): Row(FILER, params=C, seen_by=SEES_CASE, form=lambda w: {}),
    ("POST", "/my-cases/{case_id:int}/enforcement"): Row(
        FILER,
        params=C,
        seen_by=SEES_CASE,
        sub_missing=True,
        form=lambda w: {"document_id": str(w.ids["signed_notice"])},
    ),
    ("GET", "/pay/simulated/{order_no:str}"): Row(
        PUBLIC,
        params={"order_no": "fee_order"},
        why="the platform's own checkout: the unguessable order number is the key",
    ),
    ("POST", "/pay/simulated/{order_no:str}"): Row(
        PUBLIC,
        params={"order_no": "fee_order"},
        form=lambda w: {},
        why="the simulated platform confirms; no money moves",
    ),
    # --- appeals (上诉): wang's appeal against the world case's judgment, its fee still due --------------------------
    ("GET", "/my-cases/{case_id:int}/appeal"): Row(
        CASE_VIEWERS, params=C, seen_by=SEES_CASE, why="VIEW of the case"
    ),
    ("POST", "/my-cases/{case_id:int}/appeal"): Row(
        FILER,
        params=C,
        seen_by=SEES_CASE,
        form=lambda w: {"claims": "撤销原判", "grounds": "理由"},
        why="only a party appeals (wang's appeal exists: the same one is returned)",
    ),
    ("POST", "/my-cases/{case_id:int}/appeal/pay"): Row(
        FILER, params=C, seen_by=SEES_CASE, form=lambda w: {}, why="the appellant pays its appeal fee"
    ),
    ("GET", "/appeals"): Row(
        APPEAL_STAFF, why="the court's appeals, outgoing and incoming: its clerks, judges, leader"
    ),
    ("GET", "/appeals/{appeal_id:int}"): Row(
        APPEAL_STAFF,
        params=AP,
        seen_by=SEES_APPEAL,
        why="both courts' staff; the party follows it on its case page (403)",
    ),
    ("POST", "/appeals/{appeal_id:int}/forward"): Row(
        _roles("clerk", "judge"),
        params=AP,
        seen_by=SEES_APPEAL,
        form=lambda w: {},
        why="the first-instance court's clerks and judges forward (fee unpaid: 409)",
    ),
    ("POST", "/appeals/{appeal_id:int}/register"): Row(
        NONE,
        params=AP,
        seen_by=SEES_APPEAL,
        form=lambda w: {},
        why="only the appeal court's (浙01) clerks register",
    ),
    ("POST", "/appeals/{appeal_id:int}/decision"): Row(
        NONE,
        params=AP,
        seen_by=SEES_APPEAL,
        form=lambda w: {"outcome": "affirmed"},
        why="only the 民终 case's judge at 浙01 records the outcome",
    ),
    # --- the appeal and enforcement-application API (court.appeals.web, court.execution.application_web) ----------
    ("POST", "/api/v1/cases/{case_id:int}/appeals"): Row(
        FILER,
        params=C,
        seen_by=SEES_CASE,
        json=lambda w: {"request": "撤销原判", "grounds": "理由"},
        why="only a party appeals (wang's appeal exists: the same one is returned)",
    ),
    ("GET", "/api/v1/appeals"): Row(
        APPEAL_STAFF | _roles("litigant", "lawyer"),
        why="the court's outgoing/incoming for its staff; a party's own appeals",
    ),
    ("GET", "/api/v1/appeals/{appeal_id:int}"): Row(
        SEES_APPEAL, params=AP, seen_by=SEES_APPEAL, why="both courts' staff and the parties of the case"
    ),
    ("POST", "/api/v1/appeals/{appeal_id:int}/payment"): Row(
        FILER, params=AP, seen_by=SEES_APPEAL, why="the appellant pays its appeal fee"
    ),
    ("POST", "/api/v1/appeals/{appeal_id:int}/forward"): Row(
        _roles("clerk", "judge"),
        params=AP,
        seen_by=SEES_APPEAL,
        why="the first-instance court's clerks and judges forward (fee unpaid: 409)",
    ),
    ("POST", "/api/v1/appeals/{appeal_id:int}/register"): Row(
        NONE, params=AP, seen_by=SEES_APPEAL, why="only the appeal court's (浙01) clerks register"
    ),
    ("POST", "/api/v1/appeals/{appeal_id:int}/decision"): Row(
        NONE,
        params=AP,
        seen_by=SEES_APPEAL,
        json=lambda w: {"outcome": "affirmed"},
        why="only the 民终 case's judge at 浙01 records the outcome",
    ),
    ("POST", "/api/v1/cases/{case_id:int}/enforcement-applications"): Row(
        FILER,
        params=C,
        seen_by=SEES_CASE,
        sub_missing=True,
        json=lambda w: {"document_id": w.ids["signed_notice"]},
        why="the winning party applies (a notice is no enforceable title: 404 naming the decision)",
    ),
    ("GET", "/api/v1/cases/{case_id:int}/enforceable-decisions"): Row(
        CASE_VIEWERS,
        params=C,
        seen_by=SEES_CASE,
        why="VIEW of the case (only the applicant's side gets rows)",
    ),
    # --- pages: enforcement, judge, leader ----------------------------------------------------------------------
    ("GET", "/enforcement"): Row(
        _roles("enforcement_officer", "court_leader", "judge", "litigant", "lawyer"),
        why="staff: the court's matters (VIEW of a matter of the court); parties: their own",
    ),
    ("GET", "/enforcement/{matter_id:int}"): Row(MATTER_VIEWERS, params=M, seen_by=SEES_MATTER),
    ("GET", "/enforcement/dashboard"): Row(_roles("court_leader", "administrator"), why="VIEW_DASHBOARD"),
    ("POST", "/enforcement/{matter_id:int}/notice"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {"kind": "report_order"}
    ),
    ("POST", "/enforcement/{matter_id:int}/inquiry"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {}
    ),
    ("POST", "/enforcement/{matter_id:int}/property/{property_id:int}/control"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        form=lambda w: {"action": "freeze", "amount": "100"},
    ),
    ("POST", "/enforcement/{matter_id:int}/measures/{measure_id:int}/renew"): Row(
        ENFORCER, params={**M, "measure_id": "measure"}, seen_by=SEES_MATTER, form=lambda w: {}
    ),
    ("POST", "/enforcement/{matter_id:int}/measures/{measure_id:int}/release"): Row(
        ENFORCER, params={**M, "measure_id": "measure"}, seen_by=SEES_MATTER, form=lambda w: {}
    ),
    ("POST", "/enforcement/{matter_id:int}/property/{property_id:int}/valuation"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        form=lambda w: {"valuation": "60000"},
    ),
    ("POST", "/enforcement/{matter_id:int}/property/{property_id:int}/auction"): Row(
        ENFORCER, params={**M, "property_id": "property"}, seen_by=SEES_MATTER, form=lambda w: {}
    ),
    ("POST", "/enforcement/{matter_id:int}/auctions/{round_id:int}/result"): Row(
        ENFORCER,
        params={**M, "round_id": "missing"},
        seen_by=SEES_MATTER,
        sub_missing=True,
        form=lambda w: {},
        why="no round exists: the officer gets 404, everyone else 403 (the matter is checked first)",
    ),
    ("POST", "/enforcement/{matter_id:int}/property/{property_id:int}/sale"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        form=lambda w: {"price": "1", "buyer": "某"},
    ),
    ("POST", "/enforcement/{matter_id:int}/property/{property_id:int}/transfer"): Row(
        ENFORCER,
        params={**M, "property_id": "property"},
        seen_by=SEES_MATTER,
        form=lambda w: {"applicant_party_id": "1"},
    ),
    ("POST", "/enforcement/{matter_id:int}/payment"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {"key": "p1", "amount": "10"}
    ),
    ("POST", "/enforcement/{matter_id:int}/pay-online"): Row(
        NONE,
        params=M,
        seen_by=SEES_MATTER,
        form=lambda w: {"amount": "10"},
        why="only the matter's debtor pays; the world's matter has no debtor account",
    ),
    ("POST", "/enforcement/{matter_id:int}/disburse"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {"key": "p2"}
    ),
    ("POST", "/enforcement/{matter_id:int}/restrict"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {}
    ),
    ("POST", "/enforcement/{matter_id:int}/listing"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {"grounds": "breaches_report_duty"}
    ),
    ("POST", "/enforcement/{matter_id:int}/sanctions/{sanction_id:int}/delist"): Row(
        ENFORCER,
        params={**M, "sanction_id": "missing"},
        seen_by=SEES_MATTER,
        sub_missing=True,
        form=lambda w: {"reason": "performed"},
        why="no listing exists: the officer gets 404, everyone else 403 (the matter is checked first)",
    ),
    ("POST", "/enforcement/{matter_id:int}/facts"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {"report_checked": "on"}
    ),
    ("POST", "/enforcement/{matter_id:int}/interview"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {"note": "已告知终本后果"}
    ),
    ("POST", "/enforcement/{matter_id:int}/close"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {"kind": "withdrawn"}
    ),
    ("POST", "/enforcement/{matter_id:int}/resume"): Row(
        ENFORCER, params=M, seen_by=SEES_MATTER, form=lambda w: {}
    ),
    ("POST", "/enforcement/{matter_id:int}/lead"): Row(
        FILER,
        params=M,
        seen_by=SEES_MATTER,
        form=lambda w: {"lead": "被执行人有一辆轿车"},
        why="the applicant of the demo matter",
    ),
    ("POST", "/enforcement/{matter_id:int}/request"): Row(
        FILER, params=M, seen_by=SEES_MATTER, form=lambda w: {"kind": "audit"}
    ),
    ("POST", "/enforcement/{matter_id:int}/zhongben-opinion"): Row(
        FILER, params=M, seen_by=SEES_MATTER, form=lambda w: {"agrees": "yes"}
    ),
    ("POST", "/enforcement/{matter_id:int}/report"): Row(
        NONE,
        params=M,
        seen_by=SEES_MATTER,
        form=lambda w: {"description_1": "轿车一辆"},
        why="the debtor's report: the demo matter's debtor has no account, so no one here may",
    ),
    ("GET", "/agency"): Row(_roles("agency_officer"), why="an agency's inbox: only its own tasks"),
    ("GET", "/agency/tasks/{task_id:int}"): Row(_roles("agency_officer"), params={"task_id": "agency_task"}),
    ("POST", "/agency/tasks/{task_id:int}/answer"): Row(
        _roles("agency_officer"), params={"task_id": "agency_task"}, form=lambda w: {"outcome": "nothing"}
    ),
    ("POST", "/agency/tasks/{task_id:int}/refuse"): Row(
        _roles("agency_officer"), params={"task_id": "agency_task"}, form=lambda w: {"reason": "账户已销户"}
    ),
    ("POST", "/agency/batch"): Row(
        _roles("agency_officer"), form=lambda w: {}, why="ANSWER_TASK is asked before the file is read"
    ),
    ("GET", "/judge"): Row(
        _roles("judge"), why="the judge's own docket: DECIDE on a case of the court assigned to them"
    ),
    ("GET", "/judge/cases/{case_id:int}"): Row(CASE_VIEWERS, params=C, seen_by=SEES_CASE),
    ("GET", "/leader"): Row(_roles("court_leader", "administrator"), why="VIEW_DASHBOARD"),
    ("GET", "/leader/terminals"): Row(
        COURT_STAFF | {"administrator"},
        why="the terminal fleet: VIEW of the court, as GET /api/v1/courts/{code}/terminals",
    ),
    # --- pages: kiosk (a terminal session: the operator signed in on the device) ---------------------------------
    # No seen_by on the kiosk's filing screens: any session not opened on this terminal is refused before the id
    # is looked at, the same for every id.
    ("GET", "/kiosk/setup"): Row(PUBLIC, device=True),
    ("POST", "/kiosk/setup"): Row(PUBLIC, device=True, form=lambda w: {"device_key": w.ids["device_key"]}),
    ("GET", "/kiosk/sign-in"): Row(PUBLIC, device=True),
    ("POST", "/kiosk/sign-in"): Row(PUBLIC, device=True, form=_operator_sign_in),
    ("POST", "/kiosk/sign-out"): Row(PUBLIC, device=True, form=lambda w: {}),
    ("GET", "/kiosk/help"): Row(PUBLIC, device=True),
    ("GET", "/kiosk/help/{topic:str}"): Row(PUBLIC, device=True, params={"topic": "help_topic"}),
    ("GET", "/kiosk"): Row(OPERATOR, device=True),
    ("GET", "/kiosk/file"): Row(OPERATOR, device=True),
    ("POST", "/kiosk/file"): Row(
        OPERATOR,
        device=True,
        form=lambda w: {"name": "王丽华", "id_number": "330105198307161627", "cause_name": "民间借贷纠纷"},
    ),
    ("GET", "/kiosk/filings/{filing_id:int}/defendant"): Row(OPERATOR, device=True, params=K),
    ("POST", "/kiosk/filings/{filing_id:int}/defendant"): Row(
        OPERATOR, device=True, params=K, form=lambda w: {"name": "李四", "kind": "person"}
    ),
    ("GET", "/kiosk/filings/{filing_id:int}/claims"): Row(OPERATOR, device=True, params=K),
    ("POST", "/kiosk/filings/{filing_id:int}/claims"): Row(
        OPERATOR, device=True, params=K, form=lambda w: {"text": "还款"}
    ),
    ("GET", "/kiosk/filings/{filing_id:int}/documents"): Row(OPERATOR, device=True, params=K),
    ("GET", "/kiosk/filings/{filing_id:int}/review"): Row(OPERATOR, device=True, params=K),
    ("POST", "/kiosk/filings/{filing_id:int}/submit"): Row(
        OPERATOR, device=True, params=K, form=lambda w: {}
    ),
    ("GET", "/kiosk/filings/{filing_id:int}/receipt"): Row(OPERATOR, device=True, params=K),
    ("GET", "/kiosk/progress"): Row(OPERATOR, device=True),
    ("POST", "/kiosk/progress"): Row(OPERATOR, device=True, form=_lookup),
    ("GET", "/kiosk/hearings"): Row(OPERATOR, device=True),
    ("POST", "/kiosk/hearings"): Row(OPERATOR, device=True, form=_lookup),
}


def excluded(method: str, path: str) -> str | None:
    """Why a route is outside the matrix, or None when it must have a row."""
    if method in EXCLUDED_METHODS:
        return EXCLUDED_METHODS[method]
    if path in EXCLUDED_PATHS:
        return EXCLUDED_PATHS[path]
    for prefix, why in EXCLUDED_PREFIXES.items():
        if path == prefix or path.startswith(prefix + "/"):
            return why
    return None


def app_routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path template) the live app serves, less the explicit exclusions."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            for method in getattr(handler, "http_methods", ()):
                if excluded(method, route.path) is None:
                    found.add((method, route.path))
    return found


def query_parameters(app: Any) -> dict[tuple[str, str], list[str]]:
    """The query parameters each (method, path template) declares in its handler's signature."""
    found: dict[tuple[str, str], list[str]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            model = handler.create_kwargs_model(path_parameters=dict.fromkeys(route.path_parameters))
            names = sorted(p.field_alias for p in model.expected_query_params)
            for method in getattr(handler, "http_methods", ()):
                found[(method, route.path)] = names
    return found
